/**
 * @module The time window of a stats query, as Sentry's stats_v2 and sessions endpoints take it: `statsPeriod`
 * (relative to now) or `start` + `end` (ISO or unix seconds), and `interval`. Faultline keeps hourly counters,
 * so the interval is whole hours (`1h`, `6h`, `1d`, `1w`); the window is widened to whole intervals (start
 * rounded down, end up), as Sentry does, and bounded in buckets so one query stays small.
 */
import type { Ctx } from '../../http/router.ts';
import { HttpError } from '../../http/respond.ts';
import { parseStatsPeriod } from '../access.ts';

const HOUR = 3_600_000;

export interface TimeRange {
  start: number;
  end: number;
  interval: number;
  buckets: number;
}

export function parseTime(name: string, v: string): number {
  const t = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  if (!Number.isFinite(t)) throw new HttpError(400, `invalid ${name} "${v}": use an ISO 8601 time or unix seconds`);
  return t;
}

export function parseTimeRange(ctx: Ctx, defaultPeriod: string, maxBuckets = 2000): TimeRange {
  const q = ctx.url.searchParams;
  const rawInterval = q.get('interval') ?? '1h';
  const interval = parseStatsPeriod(rawInterval)!;
  if (interval < HOUR || interval % HOUR !== 0) throw new HttpError(400, `invalid interval "${rawInterval}": Faultline keeps hourly counts, so use whole hours (1h, 6h, 1d)`);
  let from: number;
  let to: number;
  const start = q.get('start');
  const end = q.get('end');
  if (start || end) {
    if (!start || !end) throw new HttpError(400, 'start and end go together; or use statsPeriod');
    from = parseTime('start', start);
    to = parseTime('end', end);
  } else {
    to = Date.now();
    from = to - parseStatsPeriod(q.get('statsPeriod') ?? defaultPeriod)!;
  }
  const s = Math.floor(from / interval) * interval;
  const e = Math.max(s + interval, Math.ceil(to / interval) * interval);
  if (to < from) throw new HttpError(400, 'end is before start');
  const buckets = (e - s) / interval;
  if (buckets > maxBuckets) throw new HttpError(400, `the query spans ${buckets} intervals, more than ${maxBuckets}: use a longer interval or a shorter period`);
  return { start: s, end: e, interval, buckets };
}

/** Sentry's interval timestamps: ISO without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function intervalList(r: TimeRange): string[] {
  return Array.from({ length: r.buckets }, (_, i) => isoSeconds(r.start + i * r.interval));
}

/** Values of a repeatable parameter, also split on commas (both spellings reach Sentry's endpoints). */
export function listParam(ctx: Ctx, name: string): string[] {
  return ctx.url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `project=<id>` (repeatable; `-1` or none = every project the caller can see), checked against what they can see. */
export function pickProjects<P extends { id: number }>(ctx: Ctx, visible: P[]): P[] {
  const ids = listParam(ctx, 'project');
  if (ids.length === 0 || ids.includes('-1')) return visible;
  return ids.map((id) => {
    const p = /^\d+$/.test(id) ? visible.find((v) => v.id === Number(id)) : undefined;
    if (!p) throw new HttpError(403, `project ${id} is not one you can see`);
    return p;
  });
}
