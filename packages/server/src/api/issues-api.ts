/** @module Issue list/search, details, status changes, deletion, tags and activity. */
import {
  deleteIssue,
  getIssue,
  issueActivity,
  issueProjects,
  issueStats,
  issueTagSummary,
  issueTagValues,
  searchIssues,
  setIssuesStatus,
  type IssueRow,
  type IssueSearch,
  type ProjectRow,
  type SearchFilter,
} from '@faultline/store';
import { parseSearchQuery } from '@faultline/pipeline';
import type { Ctx } from '../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import { issueFromParams, linkHeader, orgFromParams, parseCursor, parseLimit, parseStatsPeriod, projectFromParams, visibleProjects } from './access.ts';
import { iso, serializeIssue } from './serialize.ts';

const SORTS = new Set(['date', 'new', 'freq', 'user', 'priority']);

function buildSearch(ctx: Ctx, projectIds: number[]): IssueSearch {
  const q = ctx.url.searchParams;
  // Sentry's issue endpoints default to unresolved issues when no query is given at all.
  const query = q.has('query') ? (q.get('query') ?? '') : 'is:unresolved';
  const parsed = parseSearchQuery(query);
  const filters: SearchFilter[] = parsed.filters.map((f) => ({ key: f.key, value: f.value, negated: f.negated, op: f.op }));
  for (const env of q.getAll('environment').filter(Boolean)) filters.push({ key: 'environment', value: env, negated: false, op: '=' });
  const sort = q.get('sort') ?? 'date';
  if (!SORTS.has(sort)) throw new HttpError(400, `invalid sort "${sort}": use date, new, freq, user or priority`);
  const period = parseStatsPeriod(q.get('statsPeriod'));
  const start = q.get('start') ? Date.parse(q.get('start')!) : NaN;
  return {
    projectIds,
    filters,
    text: parsed.text,
    since: period !== undefined ? Date.now() - period : Number.isFinite(start) ? start : undefined,
    sort: sort as IssueSearch['sort'],
    limit: parseLimit(ctx),
    offset: parseCursor(q.get('cursor')),
  };
}

async function respondIssueList(ctx: Ctx, search: IssueSearch, projects: Map<number, ProjectRow>): Promise<void> {
  const result = await searchIssues(ctx.app.db, search);
  const stats = await issueStats(ctx.app.db, result.rows.map((r) => r.id), 24);
  const body = result.rows.map((r) => serializeIssue(r, projects.get(r.project_id)!, ctx.app.publicUrl, stats.get(r.id)));
  sendJson(ctx.res, 200, body, { link: linkHeader(ctx, search.offset, search.limit, result.hasMore) });
}

export async function listProjectIssues(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  await respondIssueList(ctx, buildSearch(ctx, [project.id]), new Map([[project.id, project]]));
}

/** `GET /api/0/organizations/{org}/issues/?project=ID&project=ID…` (no project = every visible project). */
export async function listOrgIssues(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const visible = await visibleProjects(ctx, org.id);
  const wanted = ctx.url.searchParams.getAll('project').filter((p) => p && p !== '-1');
  const chosen = wanted.length ? visible.filter((p) => wanted.includes(String(p.id)) || wanted.includes(p.slug)) : visible;
  await respondIssueList(ctx, buildSearch(ctx, chosen.map((p) => p.id)), new Map(chosen.map((p) => [p.id, p])));
}

export async function getIssueDetails(ctx: Ctx): Promise<void> {
  const { issue, project } = await issueFromParams(ctx);
  sendJson(ctx.res, 200, await issueDetails(ctx, issue, project));
}

async function issueDetails(ctx: Ctx, issue: IssueRow, project: ProjectRow) {
  const stats = await issueStats(ctx.app.db, [issue.id], 24);
  const activity = await issueActivity(ctx.app.db, issue.id);
  const tags = (await issueTagSummary(ctx.app.db, issue.id, 0)).map(({ key, totalValues, uniqueValues }) => ({ key, totalValues, uniqueValues }));
  return {
    ...serializeIssue(issue, project, ctx.app.publicUrl, stats.get(issue.id)),
    activity: [
      ...activity.map((a) => ({
        id: String(a.id),
        type: a.type,
        data: JSON.parse(a.data) as unknown,
        dateCreated: iso(a.created_at),
        user: a.user_id !== null ? { id: String(a.user_id), email: a.user_email, name: a.user_email } : null,
      })),
      { id: `first-seen-${issue.id}`, type: 'first_seen', data: {}, dateCreated: iso(issue.first_seen), user: null },
    ],
    tags,
    userReportCount: 0,
    participants: [],
    seenBy: [],
  };
}

interface StatusBody {
  status?: unknown;
  statusDetails?: Record<string, unknown>;
  substatus?: unknown;
}

async function applyStatus(ctx: Ctx, issueIds: number[], body: StatusBody): Promise<Record<string, unknown>> {
  const status = body.status;
  if (status === undefined) return {};
  if (status !== 'resolved' && status !== 'unresolved' && status !== 'ignored' && status !== 'resolvedInNextRelease') {
    throw new HttpError(400, `invalid status "${String(status)}": use resolved, unresolved, ignored or resolvedInNextRelease`);
  }
  const details: Record<string, unknown> = { ...(body.statusDetails ?? {}) };
  const inLatestRelease = status === 'resolvedInNextRelease' || details.inNextRelease === true || details.inRelease === 'latest';
  if (!inLatestRelease && details.inRelease !== undefined && typeof details.inRelease !== 'string') throw new HttpError(400, 'statusDetails.inRelease must be a release version string');
  await setIssuesStatus(ctx.app.db, issueIds, { status: status === 'resolvedInNextRelease' ? 'resolved' : status, statusDetails: details, userId: ctx.principal!.userId, inLatestRelease });
  if (status === 'resolved' || status === 'resolvedInNextRelease') for (const hook of ctx.app.hooks.issuesResolved) await hook(issueIds);
  return { status: status === 'resolvedInNextRelease' ? 'resolved' : status, statusDetails: details };
}

export async function updateIssue(ctx: Ctx): Promise<void> {
  const { issue, project } = await issueFromParams(ctx);
  const body = await readJsonBody<StatusBody>(ctx.req);
  await applyStatus(ctx, [issue.id], body);
  const fresh = (await getIssue(ctx.app.db, issue.id))!;
  sendJson(ctx.res, 200, await issueDetails(ctx, fresh, project));
}

/** Bulk `PUT /api/0/projects/{org}/{project}/issues/?id=1&id=2` (or the org-level form). */
export async function bulkUpdateIssues(ctx: Ctx): Promise<void> {
  const ids = ctx.url.searchParams.getAll('id').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) throw new HttpError(400, 'name the issues to change with ?id=…');
  const org = await orgFromParams(ctx);
  const visible = new Set((await visibleProjects(ctx, org.id)).map((p) => p.id));
  const rows = await issueProjects(ctx.app.db, ids);
  const allowed = rows.filter((r) => visible.has(r.project_id)).map((r) => r.id);
  if (allowed.length === 0) throw new HttpError(404, 'no such issues');
  const body = await readJsonBody<StatusBody>(ctx.req);
  sendJson(ctx.res, 200, await applyStatus(ctx, allowed, body));
}

export async function bulkDeleteIssues(ctx: Ctx): Promise<void> {
  const ids = ctx.url.searchParams.getAll('id').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) throw new HttpError(400, 'name the issues to delete with ?id=…');
  const org = await orgFromParams(ctx);
  const visible = new Set((await visibleProjects(ctx, org.id)).map((p) => p.id));
  for (const row of await issueProjects(ctx.app.db, ids)) if (visible.has(Number(row.project_id))) await deleteIssue(ctx.app.db, Number(row.id));
  ctx.res.writeHead(204).end();
}

export async function removeIssue(ctx: Ctx): Promise<void> {
  const { issue } = await issueFromParams(ctx);
  await deleteIssue(ctx.app.db, issue.id);
  ctx.res.writeHead(202).end();
}

export async function listIssueTags(ctx: Ctx): Promise<void> {
  const { issue } = await issueFromParams(ctx);
  const keys = await issueTagSummary(ctx.app.db, issue.id, 10);
  sendJson(
    ctx.res,
    200,
    keys.map(({ key, totalValues, uniqueValues, topValues }) => ({
      key,
      name: key,
      totalValues,
      uniqueValues,
      topValues: topValues.map((v) => ({ key, name: v.value, value: v.value, count: Number(v.times_seen), firstSeen: iso(v.first_seen), lastSeen: iso(v.last_seen) })),
    })),
  );
}

export async function getIssueTag(ctx: Ctx): Promise<void> {
  const { issue } = await issueFromParams(ctx);
  const key = ctx.params.key!;
  const vals = await issueTagValues(ctx.app.db, issue.id, key);
  if (vals.length === 0) throw new HttpError(404, `tag "${key}" not found on this issue`);
  sendJson(ctx.res, 200, {
    key,
    name: key,
    totalValues: vals.reduce((s, v) => s + Number(v.times_seen), 0),
    uniqueValues: vals.length,
    topValues: vals.map((v) => ({ key, name: v.value, value: v.value, count: Number(v.times_seen), firstSeen: iso(v.first_seen), lastSeen: iso(v.last_seen) })),
  });
}

