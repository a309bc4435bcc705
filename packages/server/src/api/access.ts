/** @module Resolving URL parameters to rows the caller may see; everything else is a 404 (no existence leaks). */
import { getIssue, getOrgById, getOrgBySlug, getProject, getProjectById, listProjects, type IssueRow, type OrgRow, type ProjectRow } from '@faultline/store';
import { canSeeProject } from '../auth/principal.ts';
import type { Ctx } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';

export async function orgFromParams(ctx: Ctx): Promise<OrgRow> {
  const slug = ctx.params.org ?? '';
  const org = (await getOrgBySlug(ctx.app.db, slug)) ?? (/^\d+$/.test(slug) ? await getOrgById(ctx.app.db, Number(slug)) : undefined);
  if (!org) throw new HttpError(404, `organization "${slug}" not found`);
  return org;
}

export async function projectFromParams(ctx: Ctx): Promise<{ org: OrgRow; project: ProjectRow }> {
  const org = await orgFromParams(ctx);
  const project = await getProject(ctx.app.db, org.id, ctx.params.project ?? '');
  if (!project || !canSeeProject(ctx.principal!, project)) throw new HttpError(404, `project "${ctx.params.project}" not found`);
  return { org, project };
}

export async function issueFromParams(ctx: Ctx): Promise<{ issue: IssueRow; project: ProjectRow }> {
  const id = ctx.params.issueId ?? '';
  const issue = /^\d+$/.test(id) ? await getIssue(ctx.app.db, Number(id)) : undefined;
  const project = issue ? await getProjectById(ctx.app.db, issue.project_id) : undefined;
  if (!issue || !project || !canSeeProject(ctx.principal!, project)) throw new HttpError(404, `issue "${id}" not found`);
  return { issue, project };
}

export async function visibleProjects(ctx: Ctx, orgId: number): Promise<ProjectRow[]> {
  const rows = await listProjects(ctx.app.db, orgId);
  return rows.filter((p) => canSeeProject(ctx.principal!, p));
}

/** Sentry-style cursor "<value>:<offset>:<is_prev>"; only the offset matters here. */
export function parseCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const offset = Number(cursor.split(':')[1]);
  return Number.isFinite(offset) && offset >= 0 ? Math.floor(offset) : 0;
}

export function linkHeader(ctx: Ctx, offset: number, limit: number, hasMore: boolean): string {
  const make = (rel: string, off: number, results: boolean, isPrev: number) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.app.publicUrl);
    const cursor = `0:${off}:${isPrev}`;
    u.searchParams.set('cursor', cursor);
    return `<${u.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  return [make('previous', Math.max(0, offset - limit), offset > 0, 1), make('next', offset + limit, hasMore, 0)].join(', ');
}

export function parseLimit(ctx: Ctx, def = 25, max = 100): number {
  const v = Number(ctx.url.searchParams.get('limit') ?? ctx.url.searchParams.get('per_page') ?? def);
  return Number.isFinite(v) && v > 0 ? Math.min(Math.floor(v), max) : def;
}

const PERIOD = /^(\d+)([smhdw])$/;
const UNIT: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

export function parseStatsPeriod(v: string | null): number | undefined {
  if (!v) return undefined;
  const m = PERIOD.exec(v);
  if (!m) throw new HttpError(400, `invalid statsPeriod "${v}": use e.g. 24h, 14d`);
  return Number(m[1]) * UNIT[m[2]!]!;
}
