/**
 * @module The kinds of data retention deletes, one entry each: which age applies to it, how to delete a batch
 * received before a time, and how many bytes each project holds of it (for the disk budget). Adding a kind (spans,
 * say) is one entry here; the job walks this list.
 */
import type { Db } from '../db/db.ts';
import { deleteExpiredEvents, deleteExpiredRawItems, deleteExpiredReplays } from './retention.ts';

/** Which configured age applies: `errors` (per project overridable), `raw` items, `replays`. */
export type RetentionAge = 'errors' | 'raw' | 'replays';

export interface RetentionKind {
  /** The label in results, logs and the `faultline_retention_deleted_total` metric. */
  name: string;
  age: RetentionAge;
  /** Deletes up to `limit` rows of a project received before `before` (ms), oldest first; returns how many. */
  deleteBefore(db: Db, projectId: number, before: number, limit: number): Promise<number>;
  /** Per project: stored bytes of this kind and when its oldest row was received. */
  usageSql: string;
}

export const RETENTION_KINDS: readonly RetentionKind[] = [
  {
    name: 'event',
    age: 'errors',
    deleteBefore: deleteExpiredEvents,
    usageSql: 'SELECT project_id, COALESCE(SUM(size), 0) AS bytes, MIN(received) AS oldest FROM events GROUP BY project_id',
  },
  {
    name: 'raw_item',
    age: 'raw',
    deleteBefore: deleteExpiredRawItems,
    usageSql: 'SELECT project_id, COALESCE(SUM(size), 0) AS bytes, MIN(received) AS oldest FROM raw_items GROUP BY project_id',
  },
  {
    name: 'replay',
    age: 'replays',
    deleteBefore: deleteExpiredReplays,
    usageSql: 'SELECT project_id, COALESCE(SUM(size), 0) AS bytes, MIN(received) AS oldest FROM replay_segments GROUP BY project_id',
  },
];

export interface KindUsage {
  kind: RetentionKind;
  projectId: number;
  bytes: number;
  oldest: number;
}

/** Stored bytes and oldest row per (kind, project), for the disk budget's choice of what goes first. */
export async function retentionUsage(db: Db): Promise<KindUsage[]> {
  const out: KindUsage[] = [];
  for (const kind of RETENTION_KINDS) {
    for (const r of await db.all<{ project_id: number; bytes: number | string; oldest: number | string | null }>(kind.usageSql)) {
      if (r.oldest === null) continue;
      out.push({ kind, projectId: Number(r.project_id), bytes: Number(r.bytes), oldest: Number(r.oldest) });
    }
  }
  return out;
}
