/**
 * @module Single transactions for the Discover table's row mode (the transaction summary's "slowest" list): the
 * segment spans — a transaction event's root or a streamed SDK 11 segment — matching a transactions filter, ending
 * in its window, sorted by duration or end time; and `segmentDurations`, the same segments' durations and statuses
 * for a list whose query compares `transaction.duration` (which the aggregates cannot answer).
 * Read through the segment index (migration 15: segment spans by project and end).
 */
import type { Db, SqlValue } from '../db/db.ts';
import { transactionFilterWhere, type TransactionFilter } from './transaction-list.ts';

const COMPARE = { '=': '=', '>': '>', '<': '<', '>=': '>=', '<=': '<=' } as const;

/** The segment spans of a filter (its duration conditions included): WHERE clause and parameters. */
export function segmentWhere(f: TransactionFilter): { sql: string; params: SqlValue[] } {
  const w = transactionFilterWhere(f, 'end_ts', [[f.since, f.until]]);
  const durations = (f.durations ?? []).map((d) => `duration_ms ${COMPARE[d.op]} ?`);
  return { sql: ['is_segment = 1', w.sql, ...durations].join(' AND '), params: [...w.params, ...(f.durations ?? []).map((d) => d.ms)] };
}

export interface SegmentDuration {
  projectId: number;
  transaction: string;
  durationMs: number;
  status: string | null;
  /** End, epoch ms. */
  endMs: number;
}

/** Duration, status and end of up to `limit` segments of the filter (the caller tells "more" by asking limit + 1). */
export async function segmentDurations(db: Db, f: TransactionFilter, limit: number): Promise<SegmentDuration[]> {
  if (f.projectIds.length === 0) return [];
  const w = segmentWhere(f);
  const rows = await db.all<{ project_id: number; transaction_name: string | null; description: string; duration_ms: number; status: string | null; end_ts: number }>(
    `SELECT project_id, transaction_name, description, duration_ms, status, end_ts FROM spans WHERE ${w.sql} LIMIT ?`,
    [...w.params, limit],
  );
  return rows.map((r) => ({ projectId: Number(r.project_id), transaction: r.transaction_name ?? r.description, durationMs: Number(r.duration_ms), status: r.status, endMs: Number(r.end_ts) }));
}

export interface SegmentRow {
  projectId: number;
  traceId: string;
  spanId: string;
  /** The transaction event's id; null for a streamed segment. */
  eventId: string | null;
  transaction: string;
  op: string;
  status: string | null;
  durationMs: number;
  /** End, epoch ms. */
  endMs: number;
}

export async function listSegments(
  db: Db,
  f: TransactionFilter,
  order: { by: 'duration' | 'end'; desc: boolean },
  limit: number,
  offset: number,
): Promise<SegmentRow[]> {
  if (f.projectIds.length === 0) return [];
  const w = segmentWhere(f);
  const column = order.by === 'duration' ? 'duration_ms' : 'end_ts';
  const dir = order.desc ? 'DESC' : 'ASC';
  const rows = await db.all<{
    project_id: number; trace_id: string; span_id: string; event_id: string | null; transaction_name: string | null; description: string;
    op: string; status: string | null; duration_ms: number; end_ts: number;
  }>(
    `SELECT project_id, trace_id, span_id, event_id, transaction_name, description, op, status, duration_ms, end_ts FROM spans
     WHERE ${w.sql} ORDER BY ${column} ${dir}, span_id LIMIT ? OFFSET ?`,
    [...w.params, limit, offset],
  );
  return rows.map((r) => ({
    projectId: Number(r.project_id),
    traceId: r.trace_id,
    spanId: r.span_id,
    eventId: r.event_id,
    transaction: r.transaction_name ?? r.description,
    op: r.op,
    status: r.status,
    durationMs: Number(r.duration_ms),
    endMs: Number(r.end_ts),
  }));
}
