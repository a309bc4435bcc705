/** @module The process-wide context every handler receives. */
import type { RetentionJob } from './ops/retention-job.ts';
import type { Db, IngestQueue } from '@faultline/store';
import type { Config } from './config.ts';
import type { DiskFloor } from './ingest/disk-floor.ts';
import type { KeyCache } from './ingest/key-cache.ts';
import type { OutcomeBuffer } from './ingest/outcome-buffer.ts';
import type { Quotas } from './ingest/quotas.ts';
import type { Logger } from './log.ts';
import type { Metrics, ServerMetrics } from './ops/metrics.ts';
import type { DigestHooks } from './worker/digest-hooks.ts';
import type { DigestRunner } from './worker/digest-runner.ts';
import type { ProjectCache } from './worker/project-cache.ts';

export interface App {
  config: Config;
  /** Base URL for DSNs and links, e.g. http://127.0.0.1:8000 */
  publicUrl: string;
  db: Db;
  queue: IngestQueue;
  log: Logger;
  registry: Metrics;
  metrics: ServerMetrics;
  keys: KeyCache;
  projects: ProjectCache;
  outcomes: OutcomeBuffer;
  /** Key rate limits and (when enabled) spike protection: in memory on SQLite, shared through PostgreSQL. */
  quotas: Quotas;
  /** Free space of the data dir against `--min-free-disk-bytes` (ingest refuses below it). */
  disk: DiskFloor;
  hooks: DigestHooks;
  /** Digest as this thread sees it: on this event loop, on a thread of its own, or none (`--no-digest`). */
  worker: DigestRunner | null;
  /** Digest (its hooks, the alert delivery loop) runs on this thread. */
  runsDigest: boolean;
  /** Deletes expired data on digest nodes (null on ingest-only nodes). */
  retention: RetentionJob | null;
  /** Called after each successful queue append (wakes the local digest worker). */
  onAppend(): void;
  /** Loops plugins add (alert delivery, …): started once the server listens, stopped before the store closes. */
  background: BackgroundTask[];
  /** Each plug-in's per-server state, under its own key (a plug-in declares its key by augmenting PluginStates). */
  plugins: PluginStates;
  startedAt: number;
}

/** Filled in by the plug-ins (`declare module '../app.ts' { interface PluginStates { … } }`); core reads none of it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginStates {}

export interface BackgroundTask {
  start(): void;
  stop(): Promise<void>;
}
