/**
 * @module The replay segments' background job (a `PeriodicJob`: one digest node at a time, resumable): segments
 * stored before migration 14 (bytes in the `payload` column, 0 dead and rage clicks) move into the blob store with
 * their clicks counted, `batch` rows per transaction; on SQLite, segment files an older Faultline wrote move into
 * the `blobs` table and orphan files (no row names them, older than `graceMs`) are deleted. Between batches it
 * renews its lease and yields, so digest is not held up; a run cut short goes on from where it was at the next.
 */
import { setImmediate as yieldNow } from 'node:timers/promises';
import { countFrustrationClicks } from '@faultline/pipeline';
import { moveLegacyReplaySegments, sweepReplayFiles } from '@faultline/store';
import type { App } from '../app.ts';
import { PeriodicJob } from '../ops/periodic-job.ts';
import { replayBlobs } from './replay-blobs.ts';
import { decodeRecordingBody } from './replay-processors.ts';

export const REPLAY_SEGMENTS_JOB = 'replay-segments';

export interface ReplaySegmentsJobOptions {
  intervalMs?: number;
  /** Rows moved per transaction, files looked at per step. */
  batch?: number;
  /** An orphan file younger than this is left alone. */
  graceMs?: number;
}

export interface ReplaySegmentsRun {
  rowsMoved: number;
  filesMoved: number;
  filesDeleted: number;
}

const legacyClicks = (payload: Uint8Array) => {
  const decoded = decodeRecordingBody(payload);
  return decoded ? countFrustrationClicks(decoded.json) : { dead: 0, rage: 0 };
};

/** One run: everything there is to move, batch by batch, while `holds()` (the lease) says so. */
export async function runReplaySegmentsJob(app: App, o: ReplaySegmentsJobOptions = {}, holds: () => Promise<boolean> = async () => true): Promise<ReplaySegmentsRun> {
  const batch = o.batch ?? 200;
  const out: ReplaySegmentsRun = { rowsMoved: 0, filesMoved: 0, filesDeleted: 0 };
  for (;;) {
    const n = await moveLegacyReplaySegments(app.db, (tx) => replayBlobs(app, tx), batch, legacyClicks);
    out.rowsMoved += n;
    if (n < batch || !(await holds())) break;
    await yieldNow();
  }
  if (app.db.dialect !== 'sqlite') return out;
  for (;;) {
    const swept = await sweepReplayFiles(app.db, app.config.dataDir, { graceMs: o.graceMs ?? 3_600_000, limit: batch });
    out.filesMoved += swept.moved;
    out.filesDeleted += swept.deleted;
    if (swept.moved + swept.deleted === 0 || !(await holds())) break;
    await yieldNow();
  }
  return out;
}

export function replaySegmentsJob(app: App, o: ReplaySegmentsJobOptions = {}): PeriodicJob {
  return new PeriodicJob(app.db, app.log, {
    name: REPLAY_SEGMENTS_JOB,
    intervalMs: o.intervalMs ?? 15 * 60_000,
    run: async (holds) => {
      const r = await runReplaySegmentsJob(app, o, holds);
      if (r.rowsMoved + r.filesMoved + r.filesDeleted > 0) app.log.info('replay segments moved into the blob store', { ...r });
    },
  });
}
