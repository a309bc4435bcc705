/**
 * @module Events per project per hour, for the projects list's "last 24 h" column and sparkline.
 * Summed from issue_hourly (the counters digest already keeps per issue), so it costs one indexed scan, not a
 * pass over events.
 */
import { projectHourlyCounts } from '@faultline/store';
import type { Ctx } from '../http/router.ts';
import { sendJson } from '../http/respond.ts';
import { orgFromParams, parseStatsPeriod, visibleProjects } from './access.ts';

const HOUR = 3_600_000;

/** `GET /api/0/organizations/{org}/project-stats/?statsPeriod=24h` → `[{id, slug, total, stats: [[sec, n], …]}]`. */
export async function listProjectStats(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const projects = await visibleProjects(ctx, org.id);
  // At most 14 days of hourly buckets: enough for a sparkline, bounded for the query.
  const hours = Math.min(14 * 24, Math.max(1, Math.round((parseStatsPeriod(ctx.url.searchParams.get('statsPeriod')) ?? 24 * HOUR) / HOUR)));
  const start = Math.floor(Date.now() / HOUR) * HOUR - (hours - 1) * HOUR;
  const series = new Map(projects.map((p) => [p.id, Array.from({ length: hours }, (_, i): [number, number] => [(start + i * HOUR) / 1000, 0])]));
  for (const r of await projectHourlyCounts(ctx.app.db, projects.map((p) => p.id), start)) {
    const slot = series.get(r.projectId)?.[(r.hour - start) / HOUR];
    if (slot) slot[1] = r.count;
  }
  sendJson(
    ctx.res,
    200,
    projects.map((p) => {
      const stats = series.get(p.id)!;
      return { id: String(p.id), slug: p.slug, total: stats.reduce((s, [, n]) => s + n, 0), stats };
    }),
  );
}
