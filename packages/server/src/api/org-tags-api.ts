/**
 * @module Tag keys and values across the caller's issues (Sentry's `/organizations/{org}/tags/`), for the search
 * bar's suggestions and the environment / release filters. Only projects the caller may see contribute.
 */
import type { Ctx } from '../http/router.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import { orgFromParams, visibleProjects } from './access.ts';
import { iso } from './serialize.ts';

/** Suggestions look at issues seen in the last 90 days: old tags are noise, and the scan stays bounded. */
const WINDOW_MS = 90 * 24 * 3_600_000;

async function scope(ctx: Ctx): Promise<{ sql: string; params: number[] } | null> {
  const org = await orgFromParams(ctx);
  const wanted = ctx.url.searchParams.getAll('project').filter((p) => p && p !== '-1');
  const projects = (await visibleProjects(ctx, org.id)).filter((p) => !wanted.length || wanted.includes(String(p.id)) || wanted.includes(p.slug));
  if (projects.length === 0) return null;
  return { sql: `i.project_id IN (${projects.map(() => '?').join(', ')}) AND i.last_seen >= ?`, params: [...projects.map((p) => p.id), Date.now() - WINDOW_MS] };
}

export async function listOrgTagKeys(ctx: Ctx): Promise<void> {
  const s = await scope(ctx);
  if (!s) return sendJson(ctx.res, 200, []);
  const rows = await ctx.app.db.all<{ key: string; n: number }>(
    `SELECT t.key AS key, COUNT(DISTINCT t.value) AS n FROM issue_tags t JOIN issues i ON i.id = t.issue_id WHERE ${s.sql} GROUP BY t.key ORDER BY t.key LIMIT 200`,
    s.params,
  );
  sendJson(ctx.res, 200, rows.map((r) => ({ key: r.key, name: r.key, totalValues: Number(r.n) })));
}

/** `GET …/tags/{key}/values/?query=pre` — the most seen values, optionally those containing `query`. */
export async function listOrgTagValues(ctx: Ctx): Promise<void> {
  const key = ctx.params.key ?? '';
  if (!key) throw new HttpError(400, 'tag key required');
  const s = await scope(ctx);
  if (!s) return sendJson(ctx.res, 200, []);
  const q = (ctx.url.searchParams.get('query') ?? '').toLowerCase().replace(/[%_]/g, '');
  const rows = await ctx.app.db.all<{ value: string; n: number; first: number; last: number }>(
    `SELECT t.value AS value, SUM(t.times_seen) AS n, MIN(t.first_seen) AS first, MAX(t.last_seen) AS last FROM issue_tags t
     JOIN issues i ON i.id = t.issue_id WHERE t.key = ? AND ${s.sql}${q ? ' AND LOWER(t.value) LIKE ?' : ''}
     GROUP BY t.value ORDER BY n DESC LIMIT 30`,
    [key, ...s.params, ...(q ? [`%${q}%`] : [])],
  );
  sendJson(
    ctx.res,
    200,
    rows.map((r) => ({ key, name: r.value, value: r.value, count: Number(r.n), firstSeen: iso(Number(r.first)), lastSeen: iso(Number(r.last)) })),
  );
}
