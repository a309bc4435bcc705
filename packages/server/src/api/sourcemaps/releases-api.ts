/**
 * @module Release endpoints that sentry-cli and the bundler plugins call (docs/protocol.md §5.6): create, list, get,
 * finalize and set-commits (PUT), the stored commits, deploys, and the repositories list `set-commits --auto` asks
 * for (none: without a repository integration the CLI sends the local git history). Who may do what is in
 * release-access.ts.
 */
import { createDeploy, getProject, listDeploys, listReleaseCommits, listReleases, previousReleaseWithCommits, setReleaseCommits, updateRelease, upsertRelease, type OrgRow } from '@faultline/store';
import { canSeeProject } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../../http/respond.ts';
import { linkHeader, orgFromParams, parseCursor, parseLimit, projectFromParams, visibleProjects } from '../access.ts';
import { serializeDeploy, serializeRelease } from './release-serialize.ts';
import { assertMayLink, releaseFromParams } from './release-access.ts';
import { commitsFromBody, serializeCommit } from './release-commits.ts';

interface ReleaseBody {
  version?: unknown;
  projects?: unknown;
  ref?: unknown;
  url?: unknown;
  dateReleased?: unknown;
  dateStarted?: unknown;
  dateFinished?: unknown;
  environment?: unknown;
  name?: unknown;
  refs?: unknown;
  commits?: unknown;
}

function parseDate(v: unknown, field: string): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new HttpError(400, `"${field}" must be an ISO 8601 date`);
  return ms;
}

function checkVersion(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw new HttpError(400, '"version" is required');
  if (v.length > 250 || /[\n\r\t]/.test(v) || v === '.' || v === '..' || v.includes('/')) throw new HttpError(400, `invalid release version ${JSON.stringify(v)}`);
  return v;
}

async function projectIdsOf(ctx: Ctx, org: OrgRow, refs: unknown): Promise<number[]> {
  if (refs === undefined) return [];
  if (!Array.isArray(refs)) throw new HttpError(400, '"projects" must be a list of project slugs');
  const ids: number[] = [];
  for (const ref of refs) {
    const p = await getProject(ctx.app.db, org.id, String(ref));
    // An invisible project is answered exactly like a missing one.
    if (!p || !canSeeProject(ctx.principal!, p)) throw new HttpError(400, `unknown project ${JSON.stringify(ref)}`);
    ids.push(p.id);
  }
  return ids;
}

function extraData(body: ReleaseBody): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  if (typeof body.ref === 'string') data.ref = body.ref;
  if (typeof body.url === 'string') data.url = body.url;
  if (Array.isArray(body.refs)) data.refs = body.refs;
  return Object.keys(data).length ? data : undefined;
}

async function create(ctx: Ctx, org: OrgRow, projectIds: number[], body: ReleaseBody): Promise<void> {
  const version = checkVersion(body.version);
  // Sentry requires projects; without one a member's release would be visible to nobody but admins.
  if (projectIds.length === 0 && !ctx.principal!.isAdmin) throw new HttpError(400, '"projects" must name at least one project');
  await assertMayLink(ctx, org, version);
  const data = extraData(body);
  const dateReleased = parseDate(body.dateReleased, 'dateReleased');
  const commits = commitsFromBody(body.commits, body.refs);
  const { release, created } = await upsertRelease(ctx.app.db, org.id, version, { projectIds, dateReleased: dateReleased ?? null, ...(data ? { data } : {}) });
  if (commits) await setReleaseCommits(ctx.app.db, release.id, commits);
  // Sentry answers 208 for an existing release; every client treats any 2xx as success.
  sendJson(ctx.res, created ? 201 : 208, await serializeRelease(ctx.app.db, release, ctx.principal!));
}

export async function createOrgRelease(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const body = await readJsonBody<ReleaseBody>(ctx.req);
  await create(ctx, org, await projectIdsOf(ctx, org, body.projects), body);
}

export async function createProjectRelease(ctx: Ctx): Promise<void> {
  const { org, project } = await projectFromParams(ctx);
  await create(ctx, org, [project.id], await readJsonBody<ReleaseBody>(ctx.req));
}

export async function listOrgReleases(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const limit = parseLimit(ctx, 25, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const projectRefs = ctx.url.searchParams.getAll('project');
  const visible = await visibleProjects(ctx, org.id);
  // Members only ever see releases linked to one of their projects; admins also see releases linked to none.
  const projectIds = projectRefs.length
    ? visible.filter((p) => projectRefs.includes(String(p.id)) || projectRefs.includes(p.slug)).map((p) => p.id)
    : ctx.principal!.isAdmin ? undefined : visible.map((p) => p.id);
  const rows = await listReleases(ctx.app.db, org.id, { query: ctx.url.searchParams.get('query') ?? undefined, ...(projectIds ? { projectIds } : {}), limit: limit + 1, offset });
  const page = await Promise.all(rows.slice(0, limit).map((r) => serializeRelease(ctx.app.db, r, ctx.principal!)));
  sendJson(ctx.res, 200, page, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}

export async function listProjectReleases(ctx: Ctx): Promise<void> {
  const { org, project } = await projectFromParams(ctx);
  const rows = await listReleases(ctx.app.db, org.id, { projectIds: [project.id], limit: parseLimit(ctx, 25, 100), offset: parseCursor(ctx.url.searchParams.get('cursor')) });
  sendJson(ctx.res, 200, await Promise.all(rows.map((r) => serializeRelease(ctx.app.db, r, ctx.principal!))));
}

export async function getOrgRelease(ctx: Ctx): Promise<void> {
  const { release } = await releaseFromParams(ctx);
  sendJson(ctx.res, 200, await serializeRelease(ctx.app.db, release, ctx.principal!));
}

/** `releases finalize` (dateReleased) and `set-commits` (commits and/or refs): answers the updated release. */
export async function updateOrgRelease(ctx: Ctx): Promise<void> {
  const { org, release } = await releaseFromParams(ctx, 'write');
  const body = await readJsonBody<ReleaseBody>(ctx.req);
  const projectIds = await projectIdsOf(ctx, org, body.projects);
  const dateReleased = parseDate(body.dateReleased, 'dateReleased');
  const data = extraData(body);
  // Everything is checked before anything is written: a bad commit list changes nothing.
  const commits = commitsFromBody(body.commits, body.refs);
  if (projectIds.length) await upsertRelease(ctx.app.db, org.id, release.version, { projectIds });
  if (commits) await setReleaseCommits(ctx.app.db, release.id, commits);
  const updated = await updateRelease(ctx.app.db, release, { ...(dateReleased !== undefined ? { dateReleased } : {}), ...(data ? { data } : {}) });
  sendJson(ctx.res, 200, await serializeRelease(ctx.app.db, updated, ctx.principal!));
}

/** `GET …/releases/{version}/commits/`: the commits set-commits stored, newest first, paginated. */
export async function listReleaseCommitsApi(ctx: Ctx): Promise<void> {
  const { release } = await releaseFromParams(ctx);
  const limit = parseLimit(ctx, 100, 1000);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const rows = await listReleaseCommits(ctx.app.db, release.id, { limit: limit + 1, offset });
  sendJson(ctx.res, 200, rows.slice(0, limit).map(serializeCommit), { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}

/**
 * `GET …/releases/{version}/previous-with-commits/`, which set-commits asks first: the newest earlier release with
 * commits among the projects of this one the caller sees, or `{}` (then the CLI sends its default depth).
 */
export async function getPreviousReleaseWithCommits(ctx: Ctx): Promise<void> {
  const { release, projects } = await releaseFromParams(ctx);
  const mine = projects.filter((p) => canSeeProject(ctx.principal!, p)).map((p) => Number(p.id));
  const previous = await previousReleaseWithCommits(ctx.app.db, release, mine);
  sendJson(ctx.res, 200, previous ? await serializeRelease(ctx.app.db, previous, ctx.principal!) : {});
}

export async function createReleaseDeploy(ctx: Ctx): Promise<void> {
  const { release } = await releaseFromParams(ctx, 'write');
  const body = await readJsonBody<ReleaseBody>(ctx.req);
  if (typeof body.environment !== 'string' || body.environment === '') throw new HttpError(400, '"environment" is required');
  const dateFinished = parseDate(body.dateFinished, 'dateFinished') ?? Date.now();
  const deploy = await createDeploy(ctx.app.db, release.id, {
    environment: body.environment,
    name: typeof body.name === 'string' ? body.name : null,
    url: typeof body.url === 'string' ? body.url : null,
    dateStarted: parseDate(body.dateStarted, 'dateStarted') ?? null,
    dateFinished,
  });
  sendJson(ctx.res, 201, serializeDeploy(deploy));
}

export async function listReleaseDeploys(ctx: Ctx): Promise<void> {
  const { release } = await releaseFromParams(ctx);
  sendJson(ctx.res, 200, (await listDeploys(ctx.app.db, release.id)).map(serializeDeploy));
}

/** `releases set-commits --auto` lists repositories first; with none, it skips commit association. */
export async function listRepos(ctx: Ctx): Promise<void> {
  await orgFromParams(ctx);
  sendJson(ctx.res, 200, []);
}
