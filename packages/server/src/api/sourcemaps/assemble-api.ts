/**
 * @module The assemble endpoints: `POST …/artifactbundle/assemble/` (CLI 3.x, and 2.x when the server accepts
 * artifact bundles) and the older `POST …/releases/{version}/assemble/` (2.x with release files only). Sentry's
 * answer shape always: `{state, missingChunks, detail}` with 200, validation failures as 400 `{detail}`.
 */
import { getProject, upsertRelease } from '@faultline/store';
import { canSeeProject } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../../http/respond.ts';
import { orgFromParams } from '../access.ts';
import { artifactServices } from '../../sourcemaps/artifact-services.ts';
import { assembleUpload } from '../../sourcemaps/assemble-bundle.ts';

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
    if (!project || !canSeeProject(ctx.principal!, project)) throw new HttpError(400, `unknown project ${JSON.stringify(ref)} in organization ${org.slug}`);
    projectIds.push(project.id);
  }
  const version = typeof body.version === 'string' && body.version !== '' ? body.version : null;
  const dist = typeof body.dist === 'string' && body.dist !== '' ? body.dist : null;
  if (dist && !version) throw new HttpError(400, 'a dist needs a release version');
  if (version?.includes('/')) throw new HttpError(400, `release version ${JSON.stringify(version)} may not contain "/"`);
  artifactServices(ctx.app).debugIdMisses.clear();
  const answer = await assembleUpload(ctx.app.db, artifactServices(ctx.app).blobs, { kind: 'artifact_bundle', orgId: org.id, checksum, chunks, projectIds, release: version, dist });
  sendJson(ctx.res, 200, answer);
}

export async function assembleReleaseFiles(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const version = ctx.params.version!;
  const body = await readJsonBody<AssembleBody>(ctx.req);
  const { checksum, chunks } = checksums(body);
  const { release } = await upsertRelease(ctx.app.db, org.id, version, { projectIds: [] });
  const projectIds = (await ctx.app.db.all<{ project_id: number }>('SELECT project_id FROM release_projects WHERE release_id = ?', [release.id])).map((r) => Number(r.project_id));
  const dist = typeof body.dist === 'string' && body.dist !== '' ? body.dist : null;
  artifactServices(ctx.app).debugIdMisses.clear();
  const answer = await assembleUpload(ctx.app.db, artifactServices(ctx.app).blobs, { kind: 'release_files', orgId: org.id, checksum, chunks, projectIds, release: version, dist });
  sendJson(ctx.res, 200, answer);
}
