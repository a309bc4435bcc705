/**
 * @module The child spans (not the segment span itself) of given segments, for the transaction summary's
 * operation breakdown. Looked up by (project, trace id) through the spans key, in batches, then kept only when
 * their segment id is one asked for.
 */
import type { Db } from '../db/db.ts';

export interface SegmentRef {
  projectId: number;
  traceId: string;
  spanId: string;
}

export interface SegmentChildSpan {
  projectId: number;
  traceId: string;
  segmentId: string;
  op: string;
  /** Epoch ms. */
  startMs: number;
  endMs: number;
}

const TRACES_PER_STATEMENT = 200;

const keyOf = (projectId: number, traceId: string, segmentId: string): string => `${projectId}:${traceId}:${segmentId}`;

export async function segmentChildSpans(db: Db, segments: SegmentRef[]): Promise<SegmentChildSpan[]> {
  const wanted = new Set(segments.map((s) => keyOf(s.projectId, s.traceId, s.spanId)));
  const pairs = [...new Map(segments.map((s) => [`${s.projectId}:${s.traceId}`, s])).values()];
  const out: SegmentChildSpan[] = [];
  for (let i = 0; i < pairs.length; i += TRACES_PER_STATEMENT) {
    const part = pairs.slice(i, i + TRACES_PER_STATEMENT);
    const rows = await db.all<{ project_id: number; trace_id: string; segment_id: string | null; op: string; start_ts: number; end_ts: number }>(
      `SELECT project_id, trace_id, segment_id, op, start_ts, end_ts FROM spans
       WHERE is_segment = 0 AND (${part.map(() => '(project_id = ? AND trace_id = ?)').join(' OR ')})`,
      part.flatMap((s) => [s.projectId, s.traceId]),
    );
    for (const r of rows) {
      if (r.segment_id === null || !wanted.has(keyOf(Number(r.project_id), r.trace_id, r.segment_id))) continue;
      out.push({ projectId: Number(r.project_id), traceId: r.trace_id, segmentId: r.segment_id, op: r.op, startMs: Number(r.start_ts), endMs: Number(r.end_ts) });
    }
  }
  return out;
}
