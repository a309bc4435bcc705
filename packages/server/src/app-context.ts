/**
 * @module Builds the App context over an open store. The main thread builds one for HTTP; a digest thread builds
 * its own (own connection, caches, metrics registry, plugins), so both install the same plugins the same way.
 */
import type { StoreHandle } from '@faultline/store';
import type { App } from './app.ts';
import { publicUrlOf, type Config } from './config.ts';
import { DiskFloor } from './ingest/disk-floor.ts';
import { KeyCache } from './ingest/key-cache.ts';
import { OutcomeBuffer } from './ingest/outcome-buffer.ts';
import { KeyQuota, SpikeProtection } from './ingest/quotas.ts';
import { sharedQuotas } from './ingest/shared-quotas.ts';
import type { Logger } from './log.ts';
import { Metrics, createServerMetrics } from './ops/metrics.ts';
import { emptyHooks } from './worker/digest-hooks.ts';
import { ProjectCache } from './worker/project-cache.ts';
import { installPlugins } from './plugins.ts';

export async function createApp(config: Config, store: StoreHandle, log: Logger, runsDigest: boolean): Promise<App> {
  const registry = new Metrics();
  const metrics = createServerMetrics(registry);
  const app: App = {
    config,
    publicUrl: publicUrlOf(config),
    db: store.db,
    queue: store.queue!,
    log,
    registry,
    metrics,
    keys: new KeyCache(store.db),
    projects: new ProjectCache(),
    outcomes: new OutcomeBuffer(store.db, metrics),
    quotas:
      store.db.dialect === 'postgres'
        ? sharedQuotas(store.db, config.spikeProtectionPerMinute)
        : { keys: new KeyQuota(), spike: config.spikeProtectionPerMinute > 0 ? new SpikeProtection(config.spikeProtectionPerMinute) : null },
    disk: new DiskFloor(config.dataDir, () => config.minFreeDiskBytes),
    hooks: emptyHooks(),
    worker: null,
    runsDigest,
    retention: null,
    onAppend: () => app.worker?.notify(),
    background: [],
    plugins: {},
    startedAt: Date.now(),
  };
  await installPlugins(app);
  return app;
}
