/**
 * @module The ingest thread's handle on digest running on a worker thread of its own (`digest-thread-main.ts`):
 * wakes it on appends (one message per tick, a poll in the thread is the fallback), learns its queue position
 * (backpressure) and counters (/metrics), forwards API changes to its caches, and restarts it with backoff when
 * it dies. Messages to the thread: wake, drain, changed, stop; from it: ready, progress, counters, drained.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { IngestQueue } from '@faultline/store';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { CounterSnapshot, Metrics } from '../ops/metrics.ts';
import type { DigestChange, DigestRunner } from './digest-runner.ts';

export interface DigestThreadData {
  config: Config;
  publicUrl: string;
}

export type FromDigestThread =
  | { type: 'ready' }
  | { type: 'progress'; position: number; lagMs: number }
  | { type: 'counters'; counters: CounterSnapshot; heap: ThreadHeap }
  | { type: 'drained'; id: number; error?: string };

/** The digest thread's own V8 heap (`v8.getHeapStatistics()` there), in bytes. */
export interface ThreadHeap {
  total: number;
  used: number;
}

export type ToDigestThread = { type: 'wake' } | { type: 'drain'; id: number } | { type: 'changed'; change: DigestChange } | { type: 'stop' };

const ENTRY = new URL('./digest-thread-entry.mjs', import.meta.url);
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A thread that ran this long before dying starts the backoff over. */
const HEALTHY_MS = 60_000;

/** Emits 'up' when a thread is ready and 'down' (with the reason) when one died. */
export class DigestThread extends EventEmitter implements DigestRunner {
  private worker: Worker | null = null;
  private generation = 0;
  private stopping = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private wakeQueued = false;
  private nextDrain = 1;
  private readonly drains = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private exited: Promise<void> = Promise.resolve();
  lagMs = 0;
  up = false;
  /** As the thread last reported it (every second); zero while none runs. */
  private heap: ThreadHeap = { total: 0, used: 0 };

  constructor(
    private readonly data: DigestThreadData,
    private readonly queue: IngestQueue,
    private readonly registry: Metrics,
    private readonly log: Logger,
  ) {
    super();
    // Next to the main thread's nodejs_heap_* gauges: what of the process's RSS is the digest thread's heap.
    registry.gauge('faultline_digest_thread_heap_size_total_bytes', 'V8 heap reserved by the digest thread', () => this.heap.total);
    registry.gauge('faultline_digest_thread_heap_size_used_bytes', 'V8 heap in use on the digest thread', () => this.heap.used);
  }

  start(): void {
    if (this.worker || this.stopping) return;
    const generation = ++this.generation;
    const startedAt = Date.now();
    const worker = new Worker(ENTRY, { workerData: this.data });
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    let failure: Error | null = null;
    worker.on('message', (m: FromDigestThread) => this.receive(m, generation));
    worker.on('error', (err) => (failure = err));
    worker.once('exit', (code) => {
      this.worker = null;
      this.up = false;
      this.lagMs = 0;
      this.heap = { total: 0, used: 0 };
      const reason = failure ?? new Error(`digest thread exited with code ${code}`);
      for (const d of this.drains.values()) d.reject(reason);
      this.drains.clear();
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_MS) this.backoffMs = FIRST_BACKOFF_MS;
      const inMs = this.backoffMs;
      this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
      this.log.error('digest thread died; restarting', { code, err: failure ?? undefined, restartInMs: inMs });
      this.emit('down', reason);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, inMs);
      this.restartTimer.unref();
    });
  }

  private receive(m: FromDigestThread, generation: number): void {
    switch (m.type) {
      case 'ready':
        this.up = true;
        this.emit('up');
        break;
      case 'progress':
        this.queue.advance(m.position);
        this.lagMs = m.lagMs;
        break;
      case 'counters':
        // Each generation keeps its last counters: a restarted thread counts from 0 again.
        this.registry.setRemote(`digest-thread-${generation}`, m.counters);
        this.heap = m.heap;
        break;
      case 'drained': {
        const d = this.drains.get(m.id);
        this.drains.delete(m.id);
        if (m.error !== undefined) d?.reject(new Error(m.error));
        else d?.resolve();
        break;
      }
    }
  }

  private send(m: ToDigestThread): void {
    this.worker?.postMessage(m);
  }

  notify(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      this.send({ type: 'wake' });
    });
  }

  changed(change: DigestChange): void {
    this.send({ type: 'changed', change });
  }

  drain(): Promise<void> {
    if (!this.worker) return Promise.reject(new Error('digest thread is not running'));
    const id = this.nextDrain++;
    return new Promise((resolve, reject) => {
      this.drains.set(id, { resolve, reject });
      this.send({ type: 'drain', id });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.send({ type: 'stop' });
    await this.exited;
  }

  /** For tests: the running thread, to kill it. */
  get thread(): Worker | null {
    return this.worker;
  }
}
