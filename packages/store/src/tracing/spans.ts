/**
 * @module The `spans` table: every span once per (project, trace id, span id), from transaction events, v1 span
 * items and v2 span containers alike. Written in multi-row statements; a repeat is left out by the key.
 */
import { exclusiveOf, type NormalizedSpan } from '@faultline/pipeline';
import type { Db, SqlValue } from '../db/db.ts';

const COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'segment_id', 'is_segment', 'op', 'description', 'status',
  'start_ts', 'end_ts', 'duration_ms', 'exclusive_ms', 'environment', 'release', 'transaction_name', 'event_id',
  'data', 'measurements', 'received',
] as const;
/** Rows per statement: 20 columns × 400 stays far below both dialects' parameter limits. */
const ROWS_PER_STATEMENT = 400;
const ROW_MARKS = `(${COLUMNS.map(() => '?').join(', ')})`;

export interface SpanRow {
  project_id: number;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  segment_id: string | null;
  is_segment: number;
  op: string;
  description: string;
  status: string | null;
  start_ts: number;
  end_ts: number;
  duration_ms: number;
  exclusive_ms: number | null;
  environment: string | null;
  release: string | null;
  transaction_name: string | null;
  event_id: string | null;
  data: string;
  measurements: string | null;
  received: number;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

function rowValues(projectId: number, s: NormalizedSpan, received: number): SqlValue[] {
  return [
    projectId, s.traceId, s.spanId, s.parentSpanId, s.segmentId, s.isSegment ? 1 : 0, s.op, s.description, s.status,
    s.startMs, s.endMs, s.durationMs, s.exclusiveMs, orNull(s.environment), orNull(s.release), orNull(s.transaction), s.eventId,
    JSON.stringify(s.data), s.measurements ? JSON.stringify(s.measurements) : null, received,
  ];
}

/** Stores the spans; returns how many were new (the others were repeats of stored spans, or of each other). */
export async function insertSpans(db: Db, projectId: number, spans: NormalizedSpan[], received: number): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < spans.length; i += ROWS_PER_STATEMENT) {
    const part = spans.slice(i, i + ROWS_PER_STATEMENT);
    const r = await db.run(
      `INSERT INTO spans (${COLUMNS.join(', ')}) VALUES ${part.map(() => ROW_MARKS).join(', ')}
       ON CONFLICT (project_id, trace_id, span_id) DO NOTHING`,
      part.flatMap((s) => rowValues(projectId, s, received)),
    );
    inserted += r.changes;
  }
  return inserted;
}

function normalizeRow(r: SpanRow): SpanRow {
  return {
    ...r,
    project_id: Number(r.project_id),
    is_segment: Number(r.is_segment),
    start_ts: Number(r.start_ts),
    end_ts: Number(r.end_ts),
    duration_ms: Number(r.duration_ms),
    exclusive_ms: r.exclusive_ms === null ? null : Number(r.exclusive_ms),
    received: Number(r.received),
  };
}

/** A trace's spans in the given projects, earliest first; at most `limit`. */
export async function listTraceSpans(db: Db, projectIds: number[], traceId: string, limit: number): Promise<SpanRow[]> {
  if (projectIds.length === 0) return [];
  const rows = await db.all<SpanRow>(
    `SELECT * FROM spans WHERE trace_id = ? AND project_id IN (${projectIds.map(() => '?').join(', ')})
     ORDER BY start_ts, span_id LIMIT ?`,
    [traceId, ...projectIds, limit],
  );
  return rows.map(normalizeRow);
}

export interface TraceSpanPage {
  /** Every segment span of the trace (the tree's skeleton), at most `maxSegments`, earliest first. */
  segments: SpanRow[];
  /** The page of the other spans, earliest first (by start, then span id). */
  spans: SpanRow[];
  /** How many spans (segments included) the trace has in these projects. */
  total: number;
  /** The offset of the next page's first span, or null on the last page. */
  next: number | null;
}

/**
 * One page of a trace for the trace view: all its segments, and up to `limit` of its other spans from `offset`,
 * cut shorter where their stored text (attributes and description) passes `maxBytes`, so a page stays bounded
 * however big its spans are (a page holds at least one span).
 */
export async function listTraceSpanPage(
  db: Db,
  projectIds: number[],
  traceId: string,
  page: { offset: number; limit: number; maxSegments: number; maxBytes: number },
): Promise<TraceSpanPage> {
  if (projectIds.length === 0) return { segments: [], spans: [], total: 0, next: null };
  const inProjects = `trace_id = ? AND project_id IN (${projectIds.map(() => '?').join(', ')})`;
  const params = [traceId, ...projectIds];
  const segments = await db.all<SpanRow>(`SELECT * FROM spans WHERE ${inProjects} AND is_segment = 1 ORDER BY start_ts, span_id LIMIT ?`, [...params, page.maxSegments]);
  const rows = await db.all<SpanRow>(
    `SELECT * FROM spans WHERE ${inProjects} AND is_segment = 0 ORDER BY start_ts, span_id LIMIT ? OFFSET ?`,
    [...params, page.limit + 1, page.offset],
  );
  const total = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM spans WHERE ${inProjects}`, params);
  let bytes = 0;
  let keep = 0;
  while (keep < Math.min(rows.length, page.limit)) {
    bytes += rows[keep]!.data.length + rows[keep]!.description.length;
    if (keep > 0 && bytes > page.maxBytes) break;
    keep++;
  }
  return { segments: segments.map(normalizeRow), spans: rows.slice(0, keep).map(normalizeRow), total: Number(total?.n ?? 0), next: rows.length > keep ? page.offset + keep : null };
}

/** The spans of one transaction event (its root included), earliest first; found through the key's trace prefix. */
export async function listTransactionSpans(db: Db, projectId: number, traceId: string, eventId: string): Promise<SpanRow[]> {
  const rows = await db.all<SpanRow>('SELECT * FROM spans WHERE project_id = ? AND trace_id = ? AND event_id = ? ORDER BY start_ts, span_id', [projectId, traceId, eventId]);
  return rows.map(normalizeRow);
}

/**
 * Deletes up to `limit` spans and up to `limit` transaction rows of a project received before `before` (they age
 * as raw items do). Returns how many rows went in all (fewer than `limit`: nothing more to do for now).
 */
export async function deleteExpiredSpans(db: Db, projectId: number, before: number, limit: number): Promise<number> {
  const s = await db.run(
    `DELETE FROM spans WHERE (project_id, trace_id, span_id) IN (
       SELECT project_id, trace_id, span_id FROM spans WHERE project_id = ? AND received < ? ORDER BY received LIMIT ?)`,
    [projectId, before, limit],
  );
  const t = await db.run(
    `DELETE FROM transactions WHERE (project_id, event_id) IN (
       SELECT project_id, event_id FROM transactions WHERE project_id = ? AND received < ? ORDER BY received LIMIT ?)`,
    [projectId, before, limit],
  );
  return s.changes + t.changes;
}

/**
 * Exclusive time across SDK 11 span containers: a segment's spans may come in several containers, so a stored
 * parent's exclusive time (computed from the children in its own container) must lose the children that arrive
 * later, and a span may arrive after its children. For the spans just stored, this recomputes the exclusive time of
 * their stored parents outside the batch and of every span of the batch that has stored children outside it, from
 * all its stored children of the same segment, and writes the ones that changed. One read per trace through the
 * key's (project, trace id) prefix; returns how many spans were updated. Done at digest, not on read, so the
 * column stays true for every reader (a paged trace view sees only some of a span's children).
 */
export async function refreshExclusiveTimes(db: Db, projectId: number, spans: NormalizedSpan[]): Promise<number> {
  const byTrace = new Map<string, NormalizedSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  let updated = 0;
  for (const [traceId, batch] of byTrace) {
    const inBatch = new Map(batch.map((s) => [s.spanId, s]));
    const outside = [...new Set(batch.map((s) => s.parentSpanId).filter((p): p is string => p !== null && !inBatch.has(p)))];
    type Timing = { span_id: string; parent_span_id: string | null; segment_id: string | null; start_ts: number; end_ts: number; duration_ms: number; exclusive_ms: number | null };
    const parents = new Map<string, { spanId: string; segmentId: string | null; startMs: number; endMs: number; durationMs: number; exclusiveMs: number | null; external: boolean }>();
    for (const s of batch) parents.set(s.spanId, { ...s, external: false });
    // One read of the trace's stored spans (the key's prefix; the parent column has no index, so a narrower
    // query would scan the same rows): the outside parents, and every stored child of a parent in question.
    const rows = await db.all<Timing>('SELECT span_id, parent_span_id, segment_id, start_ts, end_ts, duration_ms, exclusive_ms FROM spans WHERE project_id = ? AND trace_id = ?', [projectId, traceId]);
    const wanted = new Set(outside);
    for (const r of rows) {
      if (!wanted.has(r.span_id)) continue;
      parents.set(r.span_id, { spanId: r.span_id, segmentId: r.segment_id, startMs: Number(r.start_ts), endMs: Number(r.end_ts), durationMs: Number(r.duration_ms), exclusiveMs: r.exclusive_ms === null ? null : Number(r.exclusive_ms), external: true });
    }
    const children = new Map<string, Array<{ spanId: string; segmentId: string | null; startMs: number; endMs: number }>>();
    for (const r of rows) {
      if (r.parent_span_id === null || !parents.has(r.parent_span_id)) continue;
      const list = children.get(r.parent_span_id) ?? [];
      list.push({ spanId: r.span_id, segmentId: r.segment_id, startMs: Number(r.start_ts), endMs: Number(r.end_ts) });
      children.set(r.parent_span_id, list);
    }
    const changes: Array<[string, number]> = [];
    for (const p of parents.values()) {
      const kids = (children.get(p.spanId) ?? []).filter((k) => k.segmentId === p.segmentId && k.spanId !== p.spanId);
      // A batch span whose children all came with it already has the right value.
      if (!p.external && kids.every((k) => inBatch.has(k.spanId))) continue;
      const exclusive = exclusiveOf(p, kids);
      if (p.exclusiveMs !== null && Math.abs(p.exclusiveMs - exclusive) < 1e-9) continue;
      changes.push([p.spanId, exclusive]);
    }
    // The changed ones in one statement per ROWS_PER_STATEMENT spans.
    for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
      const part = changes.slice(i, i + ROWS_PER_STATEMENT);
      await db.run(
        `UPDATE spans SET exclusive_ms = CASE span_id ${part.map(() => 'WHEN ? THEN CAST(? AS DOUBLE PRECISION)').join(' ')} END
         WHERE project_id = ? AND trace_id = ? AND span_id IN (${part.map(() => '?').join(', ')})`,
        [...part.flat(), projectId, traceId, ...part.map(([id]) => id)],
      );
      updated += part.length;
    }
  }
  return updated;
}
