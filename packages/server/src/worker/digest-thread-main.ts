/**
 * @module Digest on its own thread: its own event loop and its own store connection (on SQLite the writer of
 * digest's tables; the ingest thread's connection reads and writes the rest), the same plugins installed the
 * same way as in one thread (symbolication, alert rules and their delivery loop), which hear API changes through
 * the `changed` hook. Reports its queue position
 * after every batch and its counters every second; see digest-thread.ts for the messages.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '@faultline/store';
import { createApp } from '../app-context.ts';
import { createLogger } from '../log.ts';
import { DigestWorker } from './digest-worker.ts';
import type { DigestThreadData, FromDigestThread, ToDigestThread } from './digest-thread.ts';

const port = parentPort!;
const { config, publicUrl } = workerData as DigestThreadData;
const log = createLogger(config.logLevel);
const post = (m: FromDigestThread) => port.postMessage(m);

const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, queueWindowMs: config.queueWindowMs });
const app = await createApp(config, store, log, true);
app.publicUrl = publicUrl;
const worker = new DigestWorker(app.queue, { hooks: app.hooks, metrics: app.metrics, projects: app.projects }, log, { batchSize: config.digestBatchSize });
const progress = () => post({ type: 'progress', position: app.queue.position(), lagMs: worker.lagMs });
const counters = () => {
  const heap = getHeapStatistics();
  post({ type: 'counters', counters: app.registry.snapshot(), heap: { total: heap.total_heap_size, used: heap.used_heap_size } });
};
worker.onBatch = progress;
const countersTimer = setInterval(counters, 1000);

let stopping: Promise<void> | null = null;
port.on('message', (m: ToDigestThread) => {
  switch (m.type) {
    case 'wake':
      worker.notify();
      break;
    case 'drain':
      worker.drain().then(
        () => {
          progress();
          counters();
          post({ type: 'drained', id: m.id });
        },
        (err: Error) => post({ type: 'drained', id: m.id, error: err.message }),
      );
      break;
    case 'changed':
      if (m.change.kind === 'projects') app.projects.invalidate();
      for (const heard of app.hooks.changed) heard(m.change);
      break;
    case 'stop':
      stopping ??= (async () => {
        await worker.stop();
        for (const task of app.background) await task.stop();
        clearInterval(countersTimer);
        progress();
        counters();
        await app.outcomes.close();
        await store.close();
        port.close();
      })();
      break;
  }
});

worker.start();
for (const task of app.background) task.start();
post({ type: 'ready' });
