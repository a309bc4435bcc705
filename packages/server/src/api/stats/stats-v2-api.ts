/**
 * @module `GET /api/0/organizations/{org}/stats_v2/`: usage stats shaped like Sentry's. Accepted items (stored by
 * digest) and every dropped item's outcome, per project, category, reason and interval, for the projects the
 * caller can see. `sum(times_seen)` equals `sum(quantity)`: Faultline counts items, not attachment bytes.
 * Outcomes not attributable to a project (a bad key, an unreadable body) are on `/metrics` only.
 */
import { usageRows } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { orgFromParams, visibleProjects } from '../access.ts';
import { statsOutcome, STATS_OUTCOMES } from './stats-outcome.ts';
import { intervalList, isoSeconds, listParam, parseTimeRange, pickProjects } from './time-range.ts';

const FIELDS = ['sum(quantity)', 'sum(times_seen)'];
const GROUP_BY = ['outcome', 'category', 'project', 'reason'] as const;
type GroupBy = (typeof GROUP_BY)[number];

function oneOf<T extends string>(name: string, values: string[], allowed: readonly T[]): T[] {
  for (const v of values) if (!allowed.includes(v as T)) throw new HttpError(400, `invalid ${name} "${v}": use ${allowed.join(', ')}`);
  return values as T[];
}

export async function getStatsV2(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const fields = listParam(ctx, 'field');
  if (fields.length === 0) throw new HttpError(400, `field is required: ${FIELDS.join(' or ')}`);
  oneOf('field', fields, FIELDS);
  const groupBy = [...new Set(oneOf<GroupBy>('groupBy', listParam(ctx, 'groupBy'), GROUP_BY))];
  const outcomes = new Set(oneOf('outcome', listParam(ctx, 'outcome'), STATS_OUTCOMES));
  const categories = new Set(listParam(ctx, 'category'));
  const reasons = new Set(listParam(ctx, 'reason'));
  const range = parseTimeRange(ctx, '14d');
  const projects = pickProjects(ctx, await visibleProjects(ctx, org.id));

  const groups = new Map<string, { by: Record<string, string | number>; total: number; series: number[] }>();
  for (const r of await usageRows(ctx.app.db, { projectIds: projects.map((p) => p.id), start: range.start, end: range.end })) {
    const outcome = statsOutcome(r.source, r.reason);
    const reason = r.reason || 'none';
    if (outcomes.size && !outcomes.has(outcome)) continue;
    if (categories.size && !categories.has(r.category)) continue;
    if (reasons.size && !reasons.has(reason)) continue;
    const values: Record<GroupBy, string | number> = { outcome, category: r.category, project: r.project_id, reason };
    const by = Object.fromEntries(groupBy.map((g) => [g, values[g]]));
    const key = JSON.stringify(by);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { by, total: 0, series: new Array<number>(range.buckets).fill(0) }));
    g.total += r.quantity;
    g.series[Math.floor((r.hour - range.start) / range.interval)]! += r.quantity;
  }
  sendJson(ctx.res, 200, {
    start: isoSeconds(range.start),
    end: isoSeconds(range.end),
    intervals: intervalList(range),
    groups: [...groups.values()]
      .sort((a, b) => b.total - a.total || JSON.stringify(a.by).localeCompare(JSON.stringify(b.by)))
      .map((g) => ({
        by: g.by,
        totals: Object.fromEntries(fields.map((f) => [f, g.total])),
        series: Object.fromEntries(fields.map((f) => [f, g.series])),
      })),
  });
}
