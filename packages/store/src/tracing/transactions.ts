/**
 * @module The `transactions` table: each `transaction` event once per (project, event id), with its scrubbed,
 * normalized body (packed JSON, as event bodies are: `db/json-body.ts`) for the event endpoint and the columns a trace view needs.
 */
import type { NormalizedTransaction } from '@faultline/pipeline';
import type { Db } from '../db/db.ts';
import { decodeJsonBody, encodeJsonBody } from '../db/json-body.ts';
import { decodeEventBody } from '../issues/events.ts';

export interface TransactionRow {
  project_id: number;
  event_id: string;
  trace_id: string;
  span_id: string;
  name: string;
  op: string;
  status: string | null;
  start_ts: number;
  end_ts: number;
  duration_ms: number;
  environment: string | null;
  release: string | null;
  received: number;
  body?: Uint8Array;
}

/** Stores the transaction row; false when this (project, event id) was already stored (a repeat). */
export async function insertTransaction(db: Db, projectId: number, txn: NormalizedTransaction, received: number): Promise<boolean> {
  const r = txn.root;
  const body = encodeJsonBody(JSON.stringify(txn.body ?? {}));
  const res = await db.run(
    `INSERT INTO transactions (project_id, event_id, trace_id, span_id, name, op, status, start_ts, end_ts, duration_ms, environment, release, received, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, event_id) DO NOTHING`,
    [projectId, txn.eventId ?? '', r.traceId, r.spanId, r.transaction, r.op, r.status, r.startMs, r.endMs, r.durationMs, r.environment || null, r.release || null, received, body],
  );
  return res.changes > 0;
}

function normalizeRow(r: TransactionRow): TransactionRow {
  return { ...r, project_id: Number(r.project_id), start_ts: Number(r.start_ts), end_ts: Number(r.end_ts), duration_ms: Number(r.duration_ms), received: Number(r.received) };
}

export async function getTransaction(db: Db, projectId: number, eventId: string): Promise<TransactionRow | undefined> {
  const row = await db.get<TransactionRow>('SELECT * FROM transactions WHERE project_id = ? AND event_id = ?', [projectId, eventId.replace(/-/g, '').toLowerCase()]);
  return row ? normalizeRow(row) : undefined;
}

export function decodeTransactionBody(body: Uint8Array): Record<string, unknown> {
  return JSON.parse(decodeJsonBody(body)) as Record<string, unknown>;
}

/** A trace's transactions in the given projects, without bodies, earliest first; at most `limit`. */
export async function listTraceTransactions(db: Db, projectIds: number[], traceId: string, limit = 1000): Promise<TransactionRow[]> {
  if (projectIds.length === 0) return [];
  const rows = await db.all<TransactionRow>(
    `SELECT project_id, event_id, trace_id, span_id, name, op, status, start_ts, end_ts, duration_ms, environment, release, received
     FROM transactions WHERE trace_id = ? AND project_id IN (${projectIds.map(() => '?').join(', ')}) ORDER BY start_ts, event_id LIMIT ?`,
    [traceId, ...projectIds, limit],
  );
  return rows.map(normalizeRow);
}

export interface TraceErrorRow {
  project_id: number;
  event_id: string;
  issue_id: number | null;
  title: string;
  level: string;
  /** epoch ms */
  timestamp: number;
  culprit: string | null;
  /** `contexts.trace.span_id` of the error: the span it happened in. */
  span_id: string | null;
}

/** The error events of a trace in the given projects, earliest first, with the span each happened in. */
export async function listTraceErrors(db: Db, projectIds: number[], traceId: string, limit: number): Promise<TraceErrorRow[]> {
  if (projectIds.length === 0) return [];
  const rows = await db.all<Omit<TraceErrorRow, 'span_id'> & { body: Uint8Array }>(
    `SELECT project_id, event_id, issue_id, title, level, timestamp, culprit, body FROM events
     WHERE trace_id = ? AND project_id IN (${projectIds.map(() => '?').join(', ')}) ORDER BY timestamp LIMIT ?`,
    [traceId, ...projectIds, limit],
  );
  return rows.map(({ body, ...r }) => {
    const trace = decodeEventBody(body).contexts.trace;
    return {
      ...r,
      project_id: Number(r.project_id),
      issue_id: r.issue_id === null ? null : Number(r.issue_id),
      timestamp: Number(r.timestamp),
      span_id: typeof trace?.span_id === 'string' ? trace.span_id : null,
    };
  });
}
