/**
 * @module Legacy release files (sentry-cli 2.x falls back to these when chunk upload isn't offered): list, upload
 * one file as multipart (`file`, `name`, `dist`, repeated `header` = `key:value`), read, download, delete. Both the
 * organization and the project paths lead here. Access goes through projects (release-access.ts, `fileAccess`).
 */
import { createHash } from 'node:crypto';
import { addReleaseFile, deleteReleaseFile, getReleaseFile, listReleaseFiles, releaseFileExists, releaseFileProjects, upsertRelease, type ReleaseFileRow } from '@faultline/store';
import { canSeeAnyProject, canSeeEveryProject } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { readBody } from '../../ingest/read-body.ts';
import { iso } from '../serialize.ts';
import { parseCursor, parseLimit, projectFromParams } from '../access.ts';
import { artifactServices, forgetProjects } from '../../sourcemaps/artifact-services.ts';
import { boundaryOf, parseMultipart } from '../../sourcemaps/multipart.ts';
import { assertMayLink, claimRelease, releaseFromParams } from './release-access.ts';

const MAX_FILE = 64 * 1024 * 1024;

export function serializeReleaseFile(f: ReleaseFileRow) {
  return {
    id: String(f.id),
    name: f.name,
    dist: f.dist || null,
    headers: parse(f.headers),
    size: Number(f.size),
    sha1: f.blob_key.slice(f.blob_key.indexOf('/') + 1),
    dateCreated: iso(f.date_created),
    bundleId: f.bundle_id === null ? null : String(f.bundle_id),
  };
}

/**
 * A release file is seen through its projects: a bundle's file through the bundle's, an individually uploaded
 * file through the release's owners. The caller must also be able to read the release.
 */
async function fileAccess(ctx: Ctx, row: ReleaseFileRow): Promise<'none' | 'read' | 'write'> {
  const projects = await releaseFileProjects(ctx.app.db, row);
  if (!canSeeAnyProject(ctx.principal!, projects)) return 'none';
  return canSeeEveryProject(ctx.principal!, projects) ? 'write' : 'read';
}

async function fileFromParams(ctx: Ctx, need: 'read' | 'write'): Promise<ReleaseFileRow> {
  const { org, release } = await releaseFromParams(ctx);
  const row = /^\d+$/.test(ctx.params.fileId ?? '') ? await getReleaseFile(ctx.app.db, org.id, release.version, Number(ctx.params.fileId)) : undefined;
  const access = row ? await fileAccess(ctx, row) : 'none';
  if (!row || access === 'none') throw new HttpError(404, `file ${JSON.stringify(ctx.params.fileId)} not found in release ${release.version}`);
  if (need === 'write' && access !== 'write') throw new HttpError(403, `file ${JSON.stringify(ctx.params.fileId)} belongs to projects you cannot access: you may read it but not change it`);
  return row;
}

export async function listFiles(ctx: Ctx): Promise<void> {
  const { org, release } = await releaseFromParams(ctx);
  const rows = await listReleaseFiles(ctx.app.db, org.id, release.version, { limit: parseLimit(ctx, 1000, 1000), offset: parseCursor(ctx.url.searchParams.get('cursor')) });
  const seen = new Map<number | null, boolean>();
  const out = [];
  for (const r of rows) {
    let ok = seen.get(r.bundle_id);
    if (ok === undefined) seen.set(r.bundle_id, (ok = (await fileAccess(ctx, r)) !== 'none'));
    if (ok) out.push(serializeReleaseFile(r));
  }
  sendJson(ctx.res, 200, out);
}

/**
 * Uploads one file to a release the caller may write. On the project path the release is created for (or linked
 * to) that project first; a release nobody owned yet becomes owned by its linked projects, so the file is used by
 * exactly those projects' events.
 */
export async function uploadFile(ctx: Ctx): Promise<void> {
  if (ctx.params.project) {
    const p = await projectFromParams(ctx);
    await assertMayLink(ctx, p.org, ctx.params.version!);
    await upsertRelease(ctx.app.db, p.org.id, ctx.params.version!, { projectIds: [p.project.id] });
  }
  const access = await releaseFromParams(ctx, 'write');
  const { org, release } = access;
  const owners = await claimRelease(ctx, access);
  const parts = parseMultipart(await readBody(ctx.req, MAX_FILE + 64 * 1024), boundaryOf(ctx.req.headers['content-type']));
  const file = parts.find((p) => p.name === 'file');
  if (!file) throw new HttpError(400, 'missing the "file" part');
  const field = (n: string) => parts.find((p) => p.name === n)?.data.toString('utf8');
  const name = field('name') ?? file.filename;
  if (!name) throw new HttpError(400, 'missing "name" (the URL the file is served under, e.g. ~/static/app.js)');
  const dist = field('dist') ?? '';
  const headers: Record<string, string> = {};
  for (const h of parts.filter((p) => p.name === 'header')) {
    const text = h.data.toString('utf8');
    const i = text.indexOf(':');
    if (i <= 0) throw new HttpError(400, `header ${JSON.stringify(text)} must be "name:value"`);
    headers[text.slice(0, i).trim().toLowerCase()] = text.slice(i + 1).trim();
  }
  if (await releaseFileExists(ctx.app.db, org.id, release.version, dist, name)) throw new HttpError(409, 'A file matching this name already exists for the given release');
  const sha1 = createHash('sha1').update(file.data).digest('hex');
  await artifactServices(ctx.app).blobs.put(`file/${sha1}`, file.data);
  const row = await addReleaseFile(ctx.app.db, { orgId: org.id, release: release.version, dist, name, blobKey: `file/${sha1}`, size: file.data.length, headers });
  forgetProjects(artifactServices(ctx.app), org.id, owners);
  sendJson(ctx.res, 201, serializeReleaseFile(row));
}

/** Metadata, or the content with `?download=1`. Source is never served without authentication (route auth). */
export async function getFile(ctx: Ctx): Promise<void> {
  const row = await fileFromParams(ctx, 'read');
  if (ctx.url.searchParams.get('download') !== '1') {
    sendJson(ctx.res, 200, serializeReleaseFile(row));
    return;
  }
  const data = await artifactServices(ctx.app).blobs.get(row.blob_key);
  if (!data) throw new HttpError(410, 'the file content is no longer stored');
  const base = row.name.slice(row.name.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_') || 'file';
  ctx.res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length, 'content-disposition': `attachment; filename="${base}"`, 'cache-control': 'private, no-store' });
  ctx.res.end(data);
}

export async function deleteFile(ctx: Ctx): Promise<void> {
  const row = await fileFromParams(ctx, 'write');
  if (!(await deleteReleaseFile(ctx.app.db, row.org_id, row.release, Number(row.id)))) throw new HttpError(404, `file ${JSON.stringify(ctx.params.fileId)} not found (files of an artifact bundle are deleted with their bundle)`);
  ctx.res.writeHead(204);
  ctx.res.end();
}

function parse(s: string): Record<string, unknown> {
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return {};
  }
}
