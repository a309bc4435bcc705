/**
 * @module Reads for the release page and the artifact-bundle list: bundles with their files, debug IDs and types.
 * Paths follow Sentry's (`…/files/artifact-bundles/`, `…/artifact-bundles/{id}/files/`) plus a release's bundles.
 */
import { bundleProjectIds, deleteArtifactBundle, getArtifactBundle, listArtifactBundles, listBundleFiles, type ArtifactBundleRow, type Db } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { iso } from '../serialize.ts';
import { orgFromParams, parseCursor, parseLimit, projectFromParams } from '../access.ts';
import { releaseFromParams } from './releases-api.ts';
import { artifactServices } from '../../sourcemaps/artifact-services.ts';

async function serializeBundle(db: Db, b: ArtifactBundleRow, withFiles: boolean) {
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
    projectIds: await bundleProjectIds(db, b.id),
    debugIds: [...new Set(files.map((f) => f.debug_id).filter((d): d is string => !!d))],
  };
  if (withFiles) {
    out.files = files.map((f) => ({ id: String(f.id), filePath: f.url ?? f.path, path: f.path, fileType: f.type, debugId: f.debug_id, fileSize: Number(f.size), sha1: f.blob_key.slice(5), headers: JSON.parse(f.headers) as unknown }));
  }
  return out;
}

export async function listProjectArtifactBundles(ctx: Ctx): Promise<void> {
  const { org, project } = await projectFromParams(ctx);
  const rows = await listArtifactBundles(ctx.app.db, org.id, { limit: parseLimit(ctx, 25, 100) * 4, offset: parseCursor(ctx.url.searchParams.get('cursor')) });
  const out = [];
  for (const b of rows) {
    const projects = await bundleProjectIds(ctx.app.db, b.id);
    if (projects.length === 0 || projects.includes(project.id)) out.push(await serializeBundle(ctx.app.db, b, false));
  }
  sendJson(ctx.res, 200, out);
}

export async function getArtifactBundleFiles(ctx: Ctx): Promise<void> {
  const { org } = ctx.params.project ? await projectFromParams(ctx) : { org: await orgFromParams(ctx) };
  const b = await getArtifactBundle(ctx.app.db, org.id, ctx.params.bundleId ?? '');
  if (!b) throw new HttpError(404, `artifact bundle ${JSON.stringify(ctx.params.bundleId)} not found`);
  sendJson(ctx.res, 200, await serializeBundle(ctx.app.db, b, true));
}

export async function listReleaseArtifactBundles(ctx: Ctx): Promise<void> {
  const { org, release } = await releaseFromParams(ctx);
  const rows = await listArtifactBundles(ctx.app.db, org.id, { release: release.version });
  sendJson(ctx.res, 200, await Promise.all(rows.map((b) => serializeBundle(ctx.app.db, b, true))));
}

export async function removeArtifactBundle(ctx: Ctx): Promise<void> {
  const { org } = await projectFromParams(ctx);
  const b = await getArtifactBundle(ctx.app.db, org.id, ctx.params.bundleId ?? '');
  if (!b || !(await deleteArtifactBundle(ctx.app.db, org.id, b.id))) throw new HttpError(404, `artifact bundle ${JSON.stringify(ctx.params.bundleId)} not found`);
  artifactServices(ctx.app).debugIdHits.clear();
  ctx.res.writeHead(204);
  ctx.res.end();
}
