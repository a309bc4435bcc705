/**
 * @module `GET /api/0/organizations/{org}/events-stats/` for transactions, in Sentry's shape: one `yAxis` →
 * `{data: [[unix seconds, [{count: value}]], …], start, end, isMetricsData, meta}`; several → that object per
 * yAxis, keyed by it, with `order`. yAxis: `count()`, `tpm()`, `p50()`…`p99()`, `avg(transaction.duration)`,
 * `failure_rate()`, `failure_count()`; `interval` whole minutes (`1m`, `5m`, `1h`, `1d`; by default the
 * smallest of those giving at most 300 buckets); the window is widened to whole intervals. Empty buckets are 0,
 * as Sentry zero-fills. Same filters as the events endpoint (discover-request.ts).
 */
import { MINUTE_MS, transactionSeries } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { parseStatsPeriod } from '../access.ts';
import { fieldSpec, metaOf, type FieldSpec } from './discover-fields.ts';
import { parseDiscoverRequest, refuseOtherDatasets } from './discover-request.ts';

const MAX_BUCKETS = 2000;
const DEFAULT_INTERVALS = [1, 5, 15, 60, 240, 1440].map((m) => m * MINUTE_MS);
const DEFAULT_MAX_BUCKETS = 300;

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

/** `GET /api/0/organizations/{org}/events-stats/?yAxis=p95()&interval=5m&dataset=transactions…` */
export async function getTransactionEventsStats(ctx: Ctx): Promise<void> {
  if (ctx.url.searchParams.has('topEvents')) throw new HttpError(400, 'topEvents is not supported: ask per transaction with query=transaction:<name>');
  refuseOtherDatasets(ctx);
  const yAxes = yAxesOf(ctx);
  const req = await parseDiscoverRequest(ctx, yAxes.some((f) => f.transactionOnly), (windowMs) => intervalOf(ctx, windowMs));
  const interval = req.step;
  const buckets = (req.filter.until - req.filter.since) / interval;
  if (buckets > MAX_BUCKETS) throw new HttpError(400, `the query spans ${buckets} intervals, more than ${MAX_BUCKETS}: use a longer interval or a shorter period`);
  if (req.filter.durations) throw new HttpError(400, 'transaction.duration filters are not supported in events-stats (the series come from the aggregates); the events list supports them');
  const series = await transactionSeries(ctx.app.db, req.filter, interval, yAxes.some((f) => f.quantile !== undefined));
  const minutes = interval / MINUTE_MS;
  const start = req.filter.since / 1000;
  const end = req.filter.until / 1000;
  const one = (f: FieldSpec, order: number) => ({
    data: series.map((b, i) => [start + (i * interval) / 1000, [{ count: f.value({ ...b, transaction: '', project: '', projectId: 0, minutes }) }]]),
    start,
    end,
    ...(yAxes.length > 1 ? { order } : {}),
    isMetricsData: false,
    meta: metaOf([f]),
  });
  sendJson(ctx.res, 200, yAxes.length === 1 ? one(yAxes[0]!, 0) : Object.fromEntries(yAxes.map((f, i) => [f.name, one(f, i)])));
}
