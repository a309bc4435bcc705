/**
 * @module `GET /api/0/organizations/{org}/events-stats/` for transactions, in Sentry's shape: one `yAxis` →
 * `{data: [[unix seconds, [{count: value}]], …], start, end, isMetricsData, meta}`; several → that object per
 * yAxis, keyed by it, with `order`. yAxis: `count()`, `tpm()`, `p50()`…`p99()`, `avg(transaction.duration)`,
 * `failure_rate()`, `failure_count()`; `interval` whole minutes (`1m`, `5m`, `1h`, `1d`; by default the
 * smallest of those giving at most 300 buckets); the window is widened to whole intervals. Empty buckets are 0,
 * as Sentry zero-fills. Same filters as the events endpoint (discover-request.ts); a `transaction.duration`
 * comparison filters single transactions, so those series are bucketed from the window's segment spans (at most
 * `MAX_SCANNED_SEGMENTS`, past that a 400) instead of the aggregates.
 *
 * `topEvents=N` (1–10) with `field`s: a series per top group — the values of the non-aggregate fields
 * (`transaction`, `project`, `project.id`) joined by "," name it, as Sentry's keys do — ranked over the whole window
 * by `orderby` (or `sort`; one of the fields, by default `-count()`), each with its `order`; the remaining groups
 * together as `Other` (order N) unless `excludeOther=1`. Over the aggregates the groups are ranked from the window's
 * totals first, and one grouped read buckets only the top groups and Other.
 */
import { DurationSketch, isFailedStatus } from '@faultline/pipeline';
import { MINUTE_MS, emptyBuckets, transactionKey, transactionSeriesByGroup, transactionSketches, transactionTotals, type TransactionBucket, type TransactionFilter } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { parseStatsPeriod } from '../access.ts';
import { compare, fieldSpec, metaOf, type Aggregate, type FieldSpec } from './discover-fields.ts';
import { parseDiscoverRequest, refuseOtherDatasets } from './discover-request.ts';
import { scannedSegments } from './discover-events-api.ts';

const MAX_BUCKETS = 2000;
const DEFAULT_INTERVALS = [1, 5, 15, 60, 240, 1440].map((m) => m * MINUTE_MS);
const DEFAULT_MAX_BUCKETS = 300;
/** Sentry's limit on `topEvents`. */
export const MAX_TOP_EVENTS = 10;
const GROUP_FIELDS = ['transaction', 'project', 'project.id'];
const OTHER = 'Other';

function yAxesOf(ctx: Ctx): FieldSpec[] {
  const names = [...new Set(ctx.url.searchParams.getAll('yAxis').map((y) => y.trim()).filter(Boolean))];
  if (names.length === 0) names.push('count()');
  return names.map((n) => {
    const f = fieldSpec(n);
    if (f.type === 'string' || f.name === 'project.id') throw new HttpError(400, `yAxis ${n} is not an aggregate: use count(), tpm(), p50(), p95(), failure_rate()…`);
    return f;
  });
}

function intervalOf(ctx: Ctx, windowMs: number): number {
  const raw = ctx.url.searchParams.get('interval');
  if (!raw) return DEFAULT_INTERVALS.find((i) => windowMs / i <= DEFAULT_MAX_BUCKETS) ?? DEFAULT_INTERVALS.at(-1)!;
  const interval = parseStatsPeriod(raw)!;
  if (interval < MINUTE_MS || interval % MINUTE_MS !== 0) throw new HttpError(400, `invalid interval "${raw}": aggregates are per minute, so use whole minutes (1m, 5m, 1h, 1d)`);
  return interval;
}

interface TopRequest {
  n: number;
  /** The grouping fields, in the order asked. */
  groupBy: string[];
  orderBy: FieldSpec;
  desc: boolean;
  excludeOther: boolean;
}

function topOf(ctx: Ctx): TopRequest | null {
  const q = ctx.url.searchParams;
  const raw = q.get('topEvents');
  if (raw === null) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOP_EVENTS) throw new HttpError(400, `topEvents must be a whole number from 1 to ${MAX_TOP_EVENTS}, not "${raw}"`);
  const fields = [...new Set(q.getAll('field').map((f) => f.trim()).filter(Boolean))];
  const groupBy = fields.filter((f) => GROUP_FIELDS.includes(f));
  if (groupBy.length === 0) throw new HttpError(400, `topEvents needs a field to group by: ${GROUP_FIELDS.join(', ')} (e.g. field=transaction&field=count())`);
  const aggregates = fields.filter((f) => !GROUP_FIELDS.includes(f)).map(fieldSpec);
  const sort = q.get('orderby') ?? q.get('sort');
  const desc = sort ? sort.startsWith('-') : true;
  const name = sort ? (desc ? sort.slice(1) : sort) : 'count()';
  const orderBy = aggregates.find((f) => f.name === name) ?? (name === 'count()' ? fieldSpec('count()') : null);
  if (!orderBy) throw new HttpError(400, `Cannot order top events by ${name}: order by one of the requested aggregate fields (${aggregates.map((f) => f.name).join(', ') || 'none given'})`);
  return { n, groupBy, orderBy, desc, excludeOther: q.get('excludeOther') === '1' || q.get('excludeOther') === 'true' };
}

/** Series per group from the filter's segment spans, for a `transaction.duration` filter. */
async function segmentSeries(ctx: Ctx, f: TransactionFilter, interval: number, withSketch: boolean, groupOf: (projectId: number, transaction: string) => string): Promise<Map<string, TransactionBucket[]>> {
  const segments = await scannedSegments(ctx, f);
  const out = new Map<string, TransactionBucket[]>();
  for (const s of segments) {
    const key = groupOf(s.projectId, s.transaction);
    let buckets = out.get(key);
    if (!buckets) out.set(key, (buckets = emptyBuckets(f, interval, withSketch)));
    const b = buckets[Math.floor((s.endMs - f.since) / interval)];
    if (!b) continue;
    b.count++;
    if (isFailedStatus(s.status)) b.failures++;
    b.durationSum += s.durationMs;
    b.sketch?.add(s.durationMs);
  }
  return out;
}

/** The whole window of a group's buckets as one aggregate (its sketch merged when any bucket has one). */
function total(buckets: TransactionBucket[], minutes: number): Aggregate {
  const a: Aggregate = { transaction: '', project: '', projectId: 0, count: 0, failures: 0, durationSum: 0, minutes, sketch: null };
  for (const b of buckets) {
    a.count += b.count;
    a.failures += b.failures;
    a.durationSum += b.durationSum;
    if (b.sketch) (a.sketch ??= DurationSketch.create()).merge(b.sketch);
  }
  return a;
}

/** The buckets of several groups added together. */
function sumBuckets(groups: TransactionBucket[][], f: TransactionFilter, interval: number, withSketch: boolean): TransactionBucket[] {
  const out = emptyBuckets(f, interval, withSketch);
  for (const g of groups) {
    g.forEach((b, i) => {
      const o = out[i]!;
      o.count += b.count;
      o.failures += b.failures;
      o.durationSum += b.durationSum;
      if (o.sketch && b.sketch) o.sketch.merge(b.sketch);
    });
  }
  return out;
}

/** The top groups' keys in rank order (a Map keeps it), from the window's totals per (project, transaction) in SQL. */
async function rankedGroups(ctx: Ctx, f: TransactionFilter, top: TopRequest, groupOf: (projectId: number, transaction: string) => string): Promise<Map<string, number>> {
  const totals = await transactionTotals(ctx.app.db, f);
  const sketches = top.orderBy.quantile !== undefined ? await transactionSketches(ctx.app.db, f) : null;
  const minutes = (f.until - f.since) / MINUTE_MS;
  const groups = new Map<string, Aggregate>();
  for (const t of totals) {
    const key = groupOf(t.projectId, t.transaction);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { transaction: '', project: '', projectId: 0, count: 0, failures: 0, durationSum: 0, minutes, sketch: sketches ? DurationSketch.create() : null }));
    g.count += t.count;
    g.failures += t.failures;
    g.durationSum += t.durationSum;
    const sk = sketches?.get(transactionKey(t.projectId, t.transaction));
    if (g.sketch && sk) g.sketch.merge(sk);
  }
  const ranked = [...groups.entries()]
    .map(([key, a]) => ({ key, value: top.orderBy.value(a) }))
    .sort((a, b) => (top.desc ? -1 : 1) * compare(a.value, b.value) || compare(a.key, b.key));
  return new Map(ranked.slice(0, top.n).map((g, i) => [g.key, i]));
}

/** `GET /api/0/organizations/{org}/events-stats/?yAxis=p95()&interval=5m&dataset=transactions…` */
export async function getTransactionEventsStats(ctx: Ctx): Promise<void> {
  refuseOtherDatasets(ctx);
  const yAxes = yAxesOf(ctx);
  const top = topOf(ctx);
  const req = await parseDiscoverRequest(ctx, yAxes.some((f) => f.transactionOnly), (windowMs) => intervalOf(ctx, windowMs));
  const interval = req.step;
  const buckets = (req.filter.until - req.filter.since) / interval;
  if (buckets > MAX_BUCKETS) throw new HttpError(400, `the query spans ${buckets} intervals, more than ${MAX_BUCKETS}: use a longer interval or a shorter period`);
  const withSketch = yAxes.some((f) => f.quantile !== undefined) || top?.orderBy.quantile !== undefined;
  const slugs = new Map(req.projects.map((p) => [p.id, p.slug]));
  const groupOf = top
    ? (projectId: number, transaction: string): string =>
        top.groupBy.map((g) => (g === 'transaction' ? transaction : g === 'project' ? (slugs.get(projectId) ?? String(projectId)) : String(projectId))).join(',')
    : () => '';
  // With topEvents over the aggregates, the groups are ranked from the window's totals first, so only the top
  // groups and Other are bucketed (a sketch per bucket per group would be built for every group otherwise).
  const topKeys = top && !req.filter.durations ? await rankedGroups(ctx, req.filter, top, groupOf) : null;
  const bucketGroup = topKeys ? (projectId: number, transaction: string): string => {
    const key = groupOf(projectId, transaction);
    return topKeys.has(key) ? key : OTHER;
  } : groupOf;
  const grouped = req.filter.durations
    ? await segmentSeries(ctx, req.filter, interval, withSketch, bucketGroup)
    : await transactionSeriesByGroup(ctx.app.db, req.filter, interval, withSketch, bucketGroup);

  const minutes = interval / MINUTE_MS;
  const start = req.filter.since / 1000;
  const end = req.filter.until / 1000;
  const one = (series: TransactionBucket[], f: FieldSpec, order?: number) => ({
    data: series.map((b, i) => [start + (i * interval) / 1000, [{ count: f.value({ ...b, transaction: '', project: '', projectId: 0, minutes }) }]]),
    start,
    end,
    ...(order !== undefined ? { order } : {}),
    isMetricsData: false,
    meta: metaOf([f]),
  });
  const axes = (series: TransactionBucket[], order?: number) =>
    yAxes.length === 1 ? one(series, yAxes[0]!, order) : { ...Object.fromEntries(yAxes.map((f, i) => [f.name, one(series, f, order ?? i)])), ...(order !== undefined ? { order } : {}) };
  if (!top) {
    sendJson(ctx.res, 200, axes(grouped.get('') ?? emptyBuckets(req.filter, interval, withSketch)));
    return;
  }
  const windowMinutes = (req.filter.until - req.filter.since) / MINUTE_MS;
  const body: Record<string, unknown> = {};
  if (topKeys) {
    [...topKeys.keys()].forEach((key, i) => (body[key] = axes(grouped.get(key) ?? emptyBuckets(req.filter, interval, withSketch), i)));
    const other = grouped.get(OTHER);
    if (other && !top.excludeOther) body[OTHER] = axes(other, top.n);
  } else {
    const ranked = [...grouped.entries()]
      .map(([key, series]) => ({ key, series, value: top.orderBy.value(total(series, windowMinutes)) }))
      .sort((a, b) => (top.desc ? -1 : 1) * compare(a.value, b.value) || compare(a.key, b.key));
    ranked.slice(0, top.n).forEach((g, i) => (body[g.key] = axes(g.series, i)));
    const rest = ranked.slice(top.n);
    if (rest.length > 0 && !top.excludeOther) body[OTHER] = axes(sumBuckets(rest.map((g) => g.series), req.filter, interval, withSketch), top.n);
  }
  sendJson(ctx.res, 200, body);
}
