/**
 * @module What the web vitals of a transactions filter are read from: the most recent segments of the filter
 * (through the segment index) with their own measurements, and the web-vital spans inside them — the browser's
 * `ui.webvital.*` and `ui.interaction.*` spans (SDK 11 puts the value in a `browser.web_vital.<name>.value`
 * attribute, the v1 standalone spans in `measurements`) — looked up by (project, trace id) through the spans key.
 * Rows come back raw (JSON text); reading the values out of them is the caller's.
 */
import type { Db } from '../db/db.ts';
import { segmentWhere } from './segment-list.ts';
import type { TransactionFilter } from './transaction-list.ts';

export interface VitalSegment {
  projectId: number;
  traceId: string;
  spanId: string;
  transaction: string;
  /** The segment's measurements (JSON text) or null. */
  measurements: string | null;
  /** Its web-vital child spans, earliest end first. */
  children: Array<{ op: string; data: string; measurements: string | null; endMs: number }>;
}

const TRACES_PER_STATEMENT = 200;

/** Up to `limit` segments of the filter, most recent end first, each with its web-vital child spans. */
export async function webVitalSegments(db: Db, f: TransactionFilter, limit: number): Promise<VitalSegment[]> {
  if (f.projectIds.length === 0) return [];
  const w = segmentWhere(f);
  const rows = await db.all<{ project_id: number; trace_id: string; span_id: string; transaction_name: string | null; description: string; measurements: string | null }>(
    `SELECT project_id, trace_id, span_id, transaction_name, description, measurements FROM spans WHERE ${w.sql} ORDER BY end_ts DESC, span_id LIMIT ?`,
    [...w.params, limit],
  );
  const out = rows.map((r): VitalSegment => ({
    projectId: Number(r.project_id), traceId: r.trace_id, spanId: r.span_id, transaction: r.transaction_name ?? r.description, measurements: r.measurements, children: [],
  }));
  const bySegment = new Map(out.map((s) => [`${s.projectId}:${s.traceId}:${s.spanId}`, s]));
  const pairs = [...new Map(out.map((s) => [`${s.projectId}:${s.traceId}`, s])).values()];
  for (let i = 0; i < pairs.length; i += TRACES_PER_STATEMENT) {
    const part = pairs.slice(i, i + TRACES_PER_STATEMENT);
    const kids = await db.all<{ project_id: number; trace_id: string; segment_id: string | null; op: string; data: string; measurements: string | null; end_ts: number }>(
      `SELECT project_id, trace_id, segment_id, op, data, measurements, end_ts FROM spans
       WHERE is_segment = 0 AND (op LIKE 'ui.webvital.%' OR op LIKE 'ui.interaction.%' OR measurements IS NOT NULL)
         AND (${part.map(() => '(project_id = ? AND trace_id = ?)').join(' OR ')})
       ORDER BY end_ts`,
      part.flatMap((s) => [s.projectId, s.traceId]),
    );
    for (const k of kids) {
      const seg = k.segment_id === null ? undefined : bySegment.get(`${Number(k.project_id)}:${k.trace_id}:${k.segment_id}`);
      seg?.children.push({ op: k.op, data: k.data, measurements: k.measurements, endMs: Number(k.end_ts) });
    }
  }
  return out;
}
