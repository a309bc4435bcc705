/**
 * @module The assemble endpoints: `POST …/artifactbundle/assemble/` (CLI 3.x, and 2.x when the server accepts
 * artifact bundles) and the older `POST …/releases/{version}/assemble/` (2.x with release files only). Sentry's
 * answer shape always: `{state, missingChunks, detail}` with 200, validation failures as 400 `{detail}`.
 * A bundle is linked only to projects the caller sees, to a release only if the caller may link it, and never
 * carries a debug ID that already belongs to another team's bundle.
 */
import { debugIdOwners, getProject, type OrgRow } from '@faultline/store';
import { canSeeProject } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../../http/respond.ts';
import { orgFromParams } from '../access.ts';
import { artifactServices, forgetProjects } from '../../sourcemaps/artifact-services.ts';
import { assembleUpload } from '../../sourcemaps/assemble-bundle.ts';
import { assertMayLink, claimRelease, releaseFromParams } from './release-access.ts';

const SHA1 = /^[0-9a-f]{40}$/;

interface AssembleBody {
  checksum?: unknown;
  chunks?: unknown;
  projects?: unknown;
  version?: unknown;
  dist?: unknown;
}

function checksums(body: AssembleBody): { checksum: string; chunks: string[] } {
  if (typeof body.checksum !== 'string' || !SHA1.test(body.checksum)) throw new HttpError(400, '"checksum" must be a lowercase hex SHA-1');
  if (!Array.isArray(body.chunks) || !body.chunks.every((c) => typeof c === 'string' && SHA1.test(c))) throw new HttpError(400, '"chunks" must be a list of lowercase hex SHA-1s');
  return { checksum: body.checksum, chunks: body.chunks as string[] };
}

export async function assembleArtifactBundle(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const body = await readJsonBody<AssembleBody>(ctx.req);
  const { checksum, chunks } = checksums(body);
  if (!Array.isArray(body.projects) || body.projects.length === 0) throw new HttpError(400, '"projects" must name at least one project');
  const projectIds: number[] = [];
  for (const ref of body.projects) {
    const project = await getProject(ctx.app.db, org.id, String(ref));
    // An invisible project is answered exactly like a missing one.
    if (!project || !canSeeProject(ctx.principal!, project)) throw new HttpError(400, `unknown project ${JSON.stringify(ref)} in organization ${org.slug}`);
    projectIds.push(project.id);
  }
  const version = typeof body.version === 'string' && body.version !== '' ? body.version : null;
  const dist = typeof body.dist === 'string' && body.dist !== '' ? body.dist : null;
  if (dist && !version) throw new HttpError(400, 'a dist needs a release version');
  if (version?.includes('/')) throw new HttpError(400, `release version ${JSON.stringify(version)} may not contain "/"`);
  if (version) await assertMayLink(ctx, org, version);
  const services = artifactServices(ctx.app);
  const answer = await assembleUpload(ctx.app.db, services.blobs, { kind: 'artifact_bundle', orgId: org.id, checksum, chunks, projectIds, release: version, dist, refuseDebugIds: refuseForeign(ctx, org) });
  if (answer.state === 'ok') forgetProjects(services, org.id, projectIds);
  sendJson(ctx.res, 200, answer);
}

/**
 * Release-file assembly (CLI 2.x): the release must exist and be writable by the caller (as Sentry, which answers
 * 404 for an unknown release here); the bundle belongs to the release's owners.
 */
export async function assembleReleaseFiles(ctx: Ctx): Promise<void> {
  const access = await releaseFromParams(ctx, 'write');
  const { org, release } = access;
  const body = await readJsonBody<AssembleBody>(ctx.req);
  const { checksum, chunks } = checksums(body);
  const projectIds = await claimRelease(ctx, access);
  const dist = typeof body.dist === 'string' && body.dist !== '' ? body.dist : null;
  const services = artifactServices(ctx.app);
  const answer = await assembleUpload(ctx.app.db, services.blobs, { kind: 'release_files', orgId: org.id, checksum, chunks, projectIds, release: release.version, dist, refuseDebugIds: refuseForeign(ctx, org) });
  if (answer.state === 'ok') forgetProjects(services, org.id, projectIds);
  sendJson(ctx.res, 200, answer);
}

/** A debug ID names one build: once a bundle of another team's project carries it, nobody else may claim it. */
function refuseForeign(ctx: Ctx, org: OrgRow): (debugIds: string[]) => Promise<string | null> {
  return async (debugIds) => {
    if (ctx.principal!.isAdmin || debugIds.length === 0) return null;
    const foreign = (await debugIdOwners(ctx.app.db, org.id, debugIds)).find((o) => !canSeeProject(ctx.principal!, o));
    return foreign ? `debug ID ${foreign.debug_id} already belongs to an artifact bundle of a project you cannot access` : null;
  };
}
