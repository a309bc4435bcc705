/**
 * @module Single transactions for the Discover table's row mode (the transaction summary's "slowest" list): the
 * segment spans — a transaction event's root or a streamed SDK 11 segment — matching a transactions filter, ending
 * in its window, sorted by duration or end time.
 */
import type { Db } from '../db/db.ts';
import { transactionFilterWhere, type TransactionFilter } from './transaction-list.ts';

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
  const w = transactionFilterWhere(f, 'end_ts', [[f.since, f.until]]);
  const column = order.by === 'duration' ? 'duration_ms' : 'end_ts';
  const dir = order.desc ? 'DESC' : 'ASC';
  const rows = await db.all<{
    project_id: number; trace_id: string; span_id: string; event_id: string | null; transaction_name: string | null; description: string;
    op: string; status: string | null; duration_ms: number; end_ts: number;
  }>(
    `SELECT project_id, trace_id, span_id, event_id, transaction_name, description, op, status, duration_ms, end_ts FROM spans
     WHERE is_segment = 1 AND ${w.sql} ORDER BY ${column} ${dir}, span_id LIMIT ? OFFSET ?`,
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
