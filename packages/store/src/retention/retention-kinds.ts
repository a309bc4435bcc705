/**
 * @module The kinds of data retention deletes, one entry each: which age applies to it, how to delete a batch
 * received before a time, and how many bytes each project holds of it (for the disk budget). Adding a kind (spans,
 * say) is one entry here; the job walks this list.
 */
import type { BlobStore } from '../artifacts/blob-store.ts';
import type { Db } from '../db/db.ts';
import { deleteExpiredSpans } from '../tracing/spans.ts';
import { AGGREGATE_LEVELS } from '../tracing/transaction-aggregates.ts';
import { deleteExpiredTransactionAggregates } from '../tracing/transaction-retention.ts';
import { deleteExpiredEvents, deleteExpiredRawItems, deleteExpiredReplays } from './retention.ts';

/** Which configured age applies: `errors` (per project overridable), `raw` items, `replays`. */
export type RetentionAge = 'errors' | 'raw' | 'replays';

export interface RetentionKind {
  /** The label in results, logs and the `faultline_retention_deleted_total` metric. */
  name: string;
  age: RetentionAge;
  /**
   * Deletes up to `limit` rows of a project received before `before` (ms), oldest first; returns how many. `blobs`
   * is the blob store, for kinds whose bytes live there (replay segments).
   */
  deleteBefore(db: Db, projectId: number, before: number, limit: number, blobs: BlobStore): Promise<number>;
  /** Its table: one row per item with `project_id` and a time column (`received` unless said), in ms. */
  table: string;
  time?: string;
  /** SQL for one row's stored bytes (a `size` column where the table keeps one). */
  rowBytes: string;
}

export const RETENTION_KINDS: readonly RetentionKind[] = [
  {
    name: 'event',
    age: 'errors',
    deleteBefore: deleteExpiredEvents,
    table: 'events',
    rowBytes: 'size',
  },
  {
    name: 'raw_item',
    age: 'raw',
    deleteBefore: deleteExpiredRawItems,
    table: 'raw_items',
    rowBytes: 'size',
  },
  {
    name: 'replay',
    age: 'replays',
    deleteBefore: deleteExpiredReplays,
    table: 'replay_segments',
    rowBytes: 'size',
  },
  {
    // Spans, with the transactions they came in (a transaction's body goes in the same batches, oldest first).
    name: 'span',
    age: 'raw',
    deleteBefore: deleteExpiredSpans,
    table: 'spans',
    rowBytes: 'LENGTH(data) + LENGTH(description) + 120',
  },
  // Duration aggregates (Performance): minute and 10-minute rows as long as raw data, hourly rows as long as errors.
  ...(['minute', 'tenMinutes', 'hour'] as const).map(
    (level): RetentionKind => ({
      name: 'transaction_aggregate',
      age: level === 'hour' ? 'errors' : 'raw',
      deleteBefore: (db, projectId, before, limit) => deleteExpiredTransactionAggregates(db, level, projectId, before, limit),
      table: AGGREGATE_LEVELS[level].table,
      time: AGGREGATE_LEVELS[level].column,
      rowBytes: 'LENGTH(sketch) + 120',
    }),
  ),
];

export interface KindUsage {
  kind: RetentionKind;
  projectId: number;
  rows: number;
  bytes: number;
  /** When its oldest row was received (ms). */
  oldest: number;
}

/** Rows, stored bytes and oldest row per (kind, project) — of one project when given — for the disk budget's choice of what goes first. */
export async function retentionUsage(db: Db, projectId?: number): Promise<KindUsage[]> {
  const out: KindUsage[] = [];
  const where = projectId === undefined ? '' : 'WHERE project_id = ?';
  for (const kind of RETENTION_KINDS) {
    const rows = await db.all<{ project_id: number; n: number | string; bytes: number | string; oldest: number | string | null }>(
      `SELECT project_id, COUNT(*) AS n, COALESCE(SUM(${kind.rowBytes}), 0) AS bytes, MIN(${kind.time ?? 'received'}) AS oldest FROM ${kind.table} ${where} GROUP BY project_id`,
      projectId === undefined ? [] : [projectId],
    );
    for (const r of rows) {
      if (r.oldest === null) continue;
      out.push({ kind, projectId: Number(r.project_id), rows: Number(r.n), bytes: Number(r.bytes), oldest: Number(r.oldest) });
    }
  }
  return out;
}

/** When the oldest row of `kind` in a project was received, or null when it has none. */
export async function oldestReceived(db: Db, kind: RetentionKind, projectId: number): Promise<number | null> {
  const r = await db.get<{ t: number | string | null }>(`SELECT MIN(${kind.time ?? 'received'}) AS t FROM ${kind.table} WHERE project_id = ?`, [projectId]);
  return r?.t === null || r?.t === undefined ? null : Number(r.t);
}
