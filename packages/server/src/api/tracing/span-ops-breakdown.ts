/**
 * @module `GET /api/0/organizations/{org}/span-ops-breakdown/` (Faultline's; Sentry's UI computes its
 * "Operation Breakdown" from per-event `spans.<op>` breakdowns that Faultline does not keep): for the transactions
 * filter of the Discover endpoints (project, period, environment, `query=transaction:"…"`), the most recent
 * `MAX_BREAKDOWN_SEGMENTS` segments ending in the window and their child spans. Each span goes to a category by
 * its op's first part — http, db, browser, resource, ui as Sentry's `span_ops` breakdown, anything else other —
 * and a segment's time in a category is the union of those spans' intervals (parallel spans count once). Answer:
 * `{data: [{op, share, totalMs, p50, p95, segments}], meta: {segments, limit, sampled}}`, categories in that
 * order, only those with spans; `share` is the category's time over all categories' time; p50/p95 (nearest rank,
 * ms) over the segments that have the category.
 */
import { listSegments, segmentChildSpans, type SegmentChildSpan } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { sendJson } from '../../http/respond.ts';
import { parseDiscoverRequest } from './discover-request.ts';

export const MAX_BREAKDOWN_SEGMENTS = 500;
export const SPAN_OP_CATEGORIES = ['http', 'db', 'browser', 'resource', 'ui', 'other'] as const;
export type Category = (typeof SPAN_OP_CATEGORIES)[number];

export function spanOpCategory(op: string): Category {
  const head = op.split('.')[0]!.toLowerCase();
  return (SPAN_OP_CATEGORIES as readonly string[]).includes(head) && head !== 'other' ? (head as Category) : 'other';
}

/** Length of the union of [start, end] intervals. */
function unionMs(intervals: Array<[number, number]>): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const [s, e] of intervals) {
    if (s > to) {
      if (to > from) total += to - from;
      [from, to] = [s, e];
    } else if (e > to) to = e;
  }
  return to > from ? total + to - from : total;
}

export const nearestRank = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

export interface SpanOpShare {
  op: Category;
  share: number;
  totalMs: number;
  p50: number;
  p95: number;
  segments: number;
}

/** The key `segmentOpTimes` answers under. */
export const segmentKey = (projectId: number, traceId: string, segmentId: string): string => `${projectId}:${traceId}:${segmentId}`;

/** Per segment (`segmentKey`), its time per op category: the union of its spans' intervals in that category. */
export function segmentOpTimes(spans: SegmentChildSpan[]): Map<string, Map<Category, number>> {
  const perSegment = new Map<string, Map<Category, Array<[number, number]>>>();
  for (const s of spans) {
    const key = segmentKey(s.projectId, s.traceId, s.segmentId);
    let cats = perSegment.get(key);
    if (!cats) perSegment.set(key, (cats = new Map()));
    const c = spanOpCategory(s.op);
    cats.set(c, [...(cats.get(c) ?? []), [s.startMs, s.endMs]]);
  }
  return new Map([...perSegment].map(([key, cats]) => [key, new Map([...cats].map(([c, intervals]) => [c, unionMs(intervals)]))]));
}

export function spanOpsBreakdown(spans: SegmentChildSpan[]): SpanOpShare[] {
  const times = new Map<Category, number[]>();
  for (const cats of segmentOpTimes(spans).values()) {
    for (const [c, ms] of cats) times.set(c, [...(times.get(c) ?? []), ms]);
  }
  const totals = SPAN_OP_CATEGORIES.filter((c) => times.has(c)).map((c) => ({ c, t: times.get(c)!.sort((a, b) => a - b) }));
  const all = totals.reduce((sum, { t }) => sum + t.reduce((a, b) => a + b, 0), 0);
  return totals.map(({ c, t }) => {
    const totalMs = t.reduce((a, b) => a + b, 0);
    return { op: c, share: all > 0 ? totalMs / all : 0, totalMs, p50: nearestRank(t, 0.5), p95: nearestRank(t, 0.95), segments: t.length };
  });
}

/** `GET /api/0/organizations/{org}/span-ops-breakdown/?project=…&statsPeriod=24h&query=transaction:"GET /"` */
export async function getSpanOpsBreakdown(ctx: Ctx): Promise<void> {
  const req = await parseDiscoverRequest(ctx, true);
  const segments = await listSegments(ctx.app.db, req.filter, { by: 'end', desc: true }, MAX_BREAKDOWN_SEGMENTS + 1, 0);
  const sampled = segments.slice(0, MAX_BREAKDOWN_SEGMENTS);
  const spans = await segmentChildSpans(ctx.app.db, sampled);
  sendJson(ctx.res, 200, {
    data: spanOpsBreakdown(spans),
    meta: { segments: sampled.length, limit: MAX_BREAKDOWN_SEGMENTS, sampled: segments.length > MAX_BREAKDOWN_SEGMENTS },
  });
}
