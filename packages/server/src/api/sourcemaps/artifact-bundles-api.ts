/**
 * @module Reads for the release page and the artifact-bundle list: bundles with their files, debug IDs and types.
 * Paths follow Sentry's (`…/files/artifact-bundles/`, `…/artifact-bundles/{id}/files/`) plus a release's bundles.
 * A bundle is seen through its projects: listed and read if one is visible, deleted only if all are.
 */
import { bundleProjectIds, bundleProjects, deleteArtifactBundle, findArtifactBundles, listArtifactBundles, listBundleFiles, type ArtifactBundleRow, type Db } from '@faultline/store';
import { canSeeAnyProject, canSeeEveryProject, canSeeProject, type Principal } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { iso } from '../serialize.ts';
import { orgFromParams, parseCursor, parseLimit, projectFromParams } from '../access.ts';
import { releaseFromParams } from './release-access.ts';
import { artifactServices, forgetProjects } from '../../sourcemaps/artifact-services.ts';

async function serializeBundle(db: Db, b: ArtifactBundleRow, withFiles: boolean, viewer: Principal) {
  const files = await listBundleFiles(db, b.id);
  const out: Record<string, unknown> = {
    id: String(b.id),
    bundleId: b.bundle_id,
    checksum: b.checksum,
    release: b.release,
    dist: b.dist,
    fileCount: Number(b.file_count),
    size: Number(b.size),
    date: iso(b.date_uploaded),
    dateModified: iso(b.date_uploaded),
    // Another team's project is not revealed.
    projectIds: (await bundleProjects(db, b.id)).filter((p) => canSeeProject(viewer, p)).map((p) => Number(p.id)),
    debugIds: [...new Set(files.map((f) => f.debug_id).filter((d): d is string => !!d))],
  };
  if (withFiles) {
    out.files = files.map((f) => ({ id: String(f.id), filePath: f.url ?? f.path, path: f.path, fileType: f.type, debugId: f.debug_id, fileSize: Number(f.size), sha1: f.blob_key.slice(5), headers: JSON.parse(f.headers) as unknown }));
  }
  return out;
}

/** Admins also see bundles linked to no project (uploads made before bundles had to name one). */
function listedFor(ctx: Ctx, projectId: number, projects: number[]): boolean {
  return projects.includes(projectId) || (ctx.principal!.isAdmin && projects.length === 0);
}

export async function listProjectArtifactBundles(ctx: Ctx): Promise<void> {
  const { org, project } = await projectFromParams(ctx);
  const rows = await listArtifactBundles(ctx.app.db, org.id, { limit: parseLimit(ctx, 25, 100) * 4, offset: parseCursor(ctx.url.searchParams.get('cursor')) });
  const out = [];
  for (const b of rows) {
    if (listedFor(ctx, project.id, await bundleProjectIds(ctx.app.db, b.id))) out.push(await serializeBundle(ctx.app.db, b, false, ctx.principal!));
  }
  sendJson(ctx.res, 200, out);
}

/**
 * The bundle a path names that the caller may see — read: one of its projects visible; write (delete): all of
 * them. An invisible bundle is a 404; a visible one the caller may not delete a 403.
 */
async function bundleFromParams(ctx: Ctx, orgId: number, need: 'read' | 'write'): Promise<{ bundle: ArtifactBundleRow; projectIds: number[] }> {
  const ref = ctx.params.bundleId ?? '';
  for (const bundle of await findArtifactBundles(ctx.app.db, orgId, ref)) {
    const projects = await bundleProjects(ctx.app.db, bundle.id);
    if (!canSeeAnyProject(ctx.principal!, projects)) continue;
    if (need === 'write' && !canSeeEveryProject(ctx.principal!, projects)) {
      throw new HttpError(403, `artifact bundle ${JSON.stringify(ref)} is also linked to projects you cannot access: you may read it but not delete it`);
    }
    return { bundle, projectIds: projects.map((p) => Number(p.id)) };
  }
  throw new HttpError(404, `artifact bundle ${JSON.stringify(ref)} not found`);
}

export async function getArtifactBundleFiles(ctx: Ctx): Promise<void> {
  const { org } = ctx.params.project ? await projectFromParams(ctx) : { org: await orgFromParams(ctx) };
  const { bundle } = await bundleFromParams(ctx, org.id, 'read');
  sendJson(ctx.res, 200, await serializeBundle(ctx.app.db, bundle, true, ctx.principal!));
}

export async function listReleaseArtifactBundles(ctx: Ctx): Promise<void> {
  const { org, release } = await releaseFromParams(ctx);
  const rows = await listArtifactBundles(ctx.app.db, org.id, { release: release.version });
  const out = [];
  for (const b of rows) if (canSeeAnyProject(ctx.principal!, await bundleProjects(ctx.app.db, b.id))) out.push(await serializeBundle(ctx.app.db, b, true, ctx.principal!));
  sendJson(ctx.res, 200, out);
}

export async function removeArtifactBundle(ctx: Ctx): Promise<void> {
  const { org } = await projectFromParams(ctx);
  const { bundle, projectIds } = await bundleFromParams(ctx, org.id, 'write');
  if (!(await deleteArtifactBundle(ctx.app.db, org.id, bundle.id))) throw new HttpError(404, `artifact bundle ${JSON.stringify(ctx.params.bundleId)} not found`);
  // Only the bundle's own projects can have cached answers from it.
  forgetProjects(artifactServices(ctx.app), org.id, projectIds);
  ctx.res.writeHead(204);
  ctx.res.end();
}
