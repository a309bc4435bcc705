/**
 * @module `GET /api/0/organizations/{org}/sessions/`: release health shaped like Sentry's sessions endpoint.
 * Fields `sum(session)`, `count_unique(user)`, `crash_free_rate(session|user)`, `crash_rate(session|user)`;
 * groupBy `project`, `release`, `environment`, `session.status` (healthy, errored, abnormal, crashed — mutually
 * exclusive: errored means errored but neither crashed nor abnormal). Sessions count in the hour they started.
 * Distinct users are exact per bucket and over the whole range (session_users keeps one row per user and hour).
 * Rates are fractions (0.75), null where there is nothing to divide by or when grouped by session.status.
 */
import { sessionCountRows, sessionUserRows, type SessionUserGroup } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { orgFromParams, visibleProjects } from '../access.ts';
import { parseSessionQuery } from './session-query.ts';
import { intervalList, isoSeconds, listParam, parseTimeRange, pickProjects } from './time-range.ts';

const FIELDS = ['sum(session)', 'count_unique(user)', 'crash_free_rate(session)', 'crash_free_rate(user)', 'crash_rate(session)', 'crash_rate(user)'] as const;
type Field = (typeof FIELDS)[number];
const GROUP_BY = ['project', 'release', 'environment', 'session.status'] as const;
type GroupBy = (typeof GROUP_BY)[number];
const STATUSES = ['healthy', 'errored', 'abnormal', 'crashed'] as const;
type Status = (typeof STATUSES)[number];

interface Tally {
  started: number;
  errored: number;
  crashed: number;
  abnormal: number;
  users: number;
  erroredUsers: number;
  abnormalUsers: number;
  crashedUsers: number;
}

const zero = (): Tally => ({ started: 0, errored: 0, crashed: 0, abnormal: 0, users: 0, erroredUsers: 0, abnormalUsers: 0, crashedUsers: 0 });

function checked<T extends string>(name: string, values: string[], allowed: readonly T[]): T[] {
  for (const v of values) if (!allowed.includes(v as T)) throw new HttpError(400, `invalid ${name} "${v}": use ${allowed.join(', ')}`);
  return [...new Set(values)] as T[];
}

const rate = (bad: number, all: number, free: boolean): number | null => (all > 0 ? (free ? (all - bad) / all : bad / all) : null);

/** Sessions and users of one exclusive status. */
function byStatus(t: Tally, s: Status): { sessions: number; users: number } {
  switch (s) {
    case 'healthy':
      return { sessions: t.started - t.errored, users: t.users - t.erroredUsers };
    case 'errored':
      return { sessions: t.errored - t.crashed - t.abnormal, users: t.erroredUsers - t.crashedUsers - t.abnormalUsers };
    case 'abnormal':
      return { sessions: t.abnormal, users: t.abnormalUsers };
    case 'crashed':
      return { sessions: t.crashed, users: t.crashedUsers };
  }
}

function value(t: Tally, f: Field, status: Status | null): number | null {
  if (status) {
    const s = byStatus(t, status);
    if (f === 'sum(session)') return Math.max(0, s.sessions);
    if (f === 'count_unique(user)') return Math.max(0, s.users);
    return null;
  }
  switch (f) {
    case 'sum(session)':
      return t.started;
    case 'count_unique(user)':
      return t.users;
    case 'crash_free_rate(session)':
      return rate(t.crashed, t.started, true);
    case 'crash_rate(session)':
      return rate(t.crashed, t.started, false);
    case 'crash_free_rate(user)':
      return rate(t.crashedUsers, t.users, true);
    case 'crash_rate(user)':
      return rate(t.crashedUsers, t.users, false);
  }
}

export async function getSessions(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const fields = checked('field', listParam(ctx, 'field'), FIELDS);
  if (fields.length === 0) throw new HttpError(400, `field is required: ${FIELDS.join(', ')}`);
  const groupBy = checked<GroupBy>('groupBy', listParam(ctx, 'groupBy'), GROUP_BY);
  const rawQuery = ctx.url.searchParams.get('query') ?? '';
  const query = parseSessionQuery(rawQuery);
  const environments = [...query.environments, ...listParam(ctx, 'environment')];
  const range = parseTimeRange(ctx, '24h');
  const projects = pickProjects(ctx, await visibleProjects(ctx, org.id));
  const filter = { projectIds: projects.map((p) => p.id), start: range.start, end: range.end, releases: query.releases, environments };
  const dims = groupBy.filter((g): g is SessionUserGroup => g !== 'session.status');

  const groups = new Map<string, { by: Record<string, string | number>; totals: Tally; series: Tally[] }>();
  const groupOf = (r: { project_id?: number; release?: string; environment?: string }) => {
    const by: Record<string, string | number> = {};
    for (const d of dims) by[d] = d === 'project' ? r.project_id! : d === 'release' ? r.release! : r.environment!;
    const key = JSON.stringify(by);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { by, totals: zero(), series: Array.from({ length: range.buckets }, zero) }));
    return g;
  };
  for (const r of await sessionCountRows(ctx.app.db, filter)) {
    const g = groupOf(r);
    const k = r.status as 'started' | 'errored' | 'crashed' | 'abnormal';
    g.totals[k] += r.quantity;
    g.series[Math.floor((r.hour - range.start) / range.interval)]![k] += r.quantity;
  }
  for (const r of await sessionUserRows(ctx.app.db, filter, range.interval, dims)) {
    const g = groupOf(r);
    const t = r.bucket === null ? g.totals : g.series[r.bucket]!;
    t.users += r.users;
    t.erroredUsers += r.errored_users;
    t.abnormalUsers += r.abnormal_users;
    t.crashedUsers += r.crashed_users;
  }

  const out = [];
  for (const g of groups.values()) {
    for (const status of groupBy.includes('session.status') ? STATUSES : [null]) {
      out.push({
        by: status ? { ...g.by, 'session.status': status } : g.by,
        totals: Object.fromEntries(fields.map((f) => [f, value(g.totals, f, status)])),
        series: Object.fromEntries(fields.map((f) => [f, g.series.map((t) => value(t, f, status))])),
      });
    }
  }
  sendJson(ctx.res, 200, { start: isoSeconds(range.start), end: isoSeconds(range.end), query: rawQuery, intervals: intervalList(range), groups: out });
}
