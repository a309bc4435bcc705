/**
 * @module Legacy release files (sentry-cli 2.x falls back to these when chunk upload isn't offered): list, upload
 * one file as multipart (`file`, `name`, `dist`, repeated `header` = `key:value`), read, download, delete. Both the
 * organization and the project paths lead here; files belong to the organization's release either way.
 */
import { createHash } from 'node:crypto';
import { addReleaseFile, deleteReleaseFile, findReleaseFile, getReleaseFile, listReleaseFiles, upsertRelease, type ReleaseFileRow } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { readBody } from '../../ingest/read-body.ts';
import { iso } from '../serialize.ts';
import { parseCursor, parseLimit, projectFromParams } from '../access.ts';
import { artifactServices } from '../../sourcemaps/artifact-services.ts';
import { boundaryOf, parseMultipart } from '../../sourcemaps/multipart.ts';
import { releaseFromParams } from './releases-api.ts';

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

async function scope(ctx: Ctx) {
  // The project path must name a visible project; the files themselves are the organization's.
  if (ctx.params.project) await projectFromParams(ctx);
  return releaseFromParams(ctx);
}

export async function listFiles(ctx: Ctx): Promise<void> {
  const { org, release } = await scope(ctx);
  const rows = await listReleaseFiles(ctx.app.db, org.id, release.version, { limit: parseLimit(ctx, 1000, 1000), offset: parseCursor(ctx.url.searchParams.get('cursor')) });
  sendJson(ctx.res, 200, rows.map(serializeReleaseFile));
}

export async function uploadFile(ctx: Ctx): Promise<void> {
  let release;
  let org;
  if (ctx.params.project) {
    const p = await projectFromParams(ctx);
    org = p.org;
    release = (await upsertRelease(ctx.app.db, org.id, ctx.params.version!, { projectIds: [p.project.id] })).release;
  } else ({ org, release } = await releaseFromParams(ctx));
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
  if (await findReleaseFile(ctx.app.db, org.id, release.version, dist, name)) throw new HttpError(409, 'A file matching this name already exists for the given release');
  const sha1 = createHash('sha1').update(file.data).digest('hex');
  await artifactServices(ctx.app).blobs.put(`file/${sha1}`, file.data);
  artifactServices(ctx.app).debugIdMisses.clear();
  const row = await addReleaseFile(ctx.app.db, { orgId: org.id, release: release.version, dist, name, blobKey: `file/${sha1}`, size: file.data.length, headers });
  sendJson(ctx.res, 201, serializeReleaseFile(row));
}

/** Metadata, or the content with `?download=1`. Source is never served without authentication (route auth). */
export async function getFile(ctx: Ctx): Promise<void> {
  const { org, release } = await scope(ctx);
  const row = /^\d+$/.test(ctx.params.fileId ?? '') ? await getReleaseFile(ctx.app.db, org.id, release.version, Number(ctx.params.fileId)) : undefined;
  if (!row) throw new HttpError(404, `file ${JSON.stringify(ctx.params.fileId)} not found in release ${release.version}`);
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
  const { org, release } = await scope(ctx);
  const id = /^\d+$/.test(ctx.params.fileId ?? '') ? Number(ctx.params.fileId) : NaN;
  if (!Number.isFinite(id) || !(await deleteReleaseFile(ctx.app.db, org.id, release.version, id))) throw new HttpError(404, `file ${JSON.stringify(ctx.params.fileId)} not found (files of an artifact bundle are deleted with their bundle)`);
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
