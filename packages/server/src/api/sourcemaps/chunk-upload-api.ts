/**
 * @module `GET|POST /api/0/organizations/{org}/chunk-upload/`: sentry-cli's upload options, and the chunk upload
 * itself (docs/protocol.md §5.3). Every chunk is checked against the SHA-1 it is named by and stored before the
 * answer, because the CLI's next call (assemble) must see it.
 */
import { createHash } from 'node:crypto';
import { saveChunk } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { decodeBody, readBody } from '../../ingest/read-body.ts';
import { orgFromParams } from '../access.ts';
import { artifactServices } from '../../sourcemaps/artifact-services.ts';
import { boundaryOf, parseMultipart } from '../../sourcemaps/multipart.ts';

/** A power of two: sentry-cli ≤ 2.39.1 fails on anything else. */
export const CHUNK_SIZE = 8 * 1024 * 1024;
const CHUNKS_PER_REQUEST = 64;
const MAX_REQUEST_SIZE = 32 * 1024 * 1024;
/**
 * All chunks of one request together, after gunzip: chunks are pieces of ZIP archives and barely compress, so
 * this is generous, and it bounds what gzip bombs (the body's or the parts') can make of a 32 MiB request.
 */
const MAX_INFLATED_REQUEST = 256 * 1024 * 1024;
/** Assembly concatenates in memory: bundles above this are refused up front by the CLI itself. */
const MAX_FILE_SIZE = 512 * 1024 * 1024;

/**
 * `accept` is ignored by CLI 3.1+, but CLI 2.x needs `release_files` and `artifact_bundles` (and uses
 * `missingChunks` only with `artifact_bundles_v2`); without them it falls back to per-file uploads.
 * No `brotli` (we don't read `file_brotli`) and no `zstd`.
 */
const ACCEPT = ['debug_files', 'release_files', 'pdbs', 'sources', 'bcsymbolmaps', 'il2cpp', 'portablepdbs', 'artifact_bundles', 'artifact_bundles_v2'];

export async function getChunkUploadOptions(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  sendJson(ctx.res, 200, {
    url: `${baseUrl(ctx)}/api/0/organizations/${encodeURIComponent(org.slug)}/chunk-upload/`,
    chunkSize: CHUNK_SIZE,
    chunksPerRequest: CHUNKS_PER_REQUEST,
    maxRequestSize: MAX_REQUEST_SIZE,
    maxFileSize: MAX_FILE_SIZE,
    maxWait: 60,
    concurrency: 4,
    hashAlgorithm: 'sha1',
    compression: ['gzip'],
    accept: ACCEPT,
  });
}

export async function uploadChunks(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const boundary = boundaryOf(ctx.req.headers['content-type']);
  let body = await readBody(ctx.req, MAX_REQUEST_SIZE + 1024 * 1024);
  if (/gzip/i.test(String(ctx.req.headers['content-encoding'] ?? ''))) body = await gunzip(body, MAX_INFLATED_REQUEST, 'request body');
  const parts = parseMultipart(body, boundary).filter((part) => part.name === 'file' || part.name === 'file_gzip');
  if (parts.length > CHUNKS_PER_REQUEST) throw new HttpError(400, `${parts.length} chunks in one request; at most ${CHUNKS_PER_REQUEST}`);
  const chunks: Array<{ checksum: string; data: Buffer }> = [];
  let budget = MAX_INFLATED_REQUEST;
  for (const part of parts) {
    const what = `chunk ${part.filename ?? ''}`;
    // Inflation stops at the chunk size (or what is left of the request's budget), never past it.
    const data = part.name === 'file_gzip' ? await gunzip(part.data, Math.min(CHUNK_SIZE, budget), what) : part.data;
    if (data.length > CHUNK_SIZE) throw new HttpError(400, `chunk ${part.filename} is ${data.length} bytes; the chunk size is ${CHUNK_SIZE}`);
    budget -= data.length;
    const checksum = createHash('sha1').update(data).digest('hex');
    const named = (part.filename ?? '').toLowerCase();
    if (named !== checksum) throw new HttpError(400, `chunk checksum mismatch: the part is named ${JSON.stringify(part.filename ?? '')} but its SHA-1 is ${checksum} (truncated upload?)`);
    chunks.push({ checksum, data });
  }
  if (chunks.length === 0) throw new HttpError(400, 'no chunks in the upload (expected multipart parts named "file" or "file_gzip")');
  // Validate every part before storing any: a bad request stores nothing.
  const { blobs } = artifactServices(ctx.app);
  for (const c of chunks) await saveChunk(ctx.app.db, blobs, org.id, c.checksum, c.data);
  sendJson(ctx.res, 200, {});
}

/** Streaming gunzip that aborts once `limit` bytes came out (413); bad gzip is a 400. */
async function gunzip(data: Buffer, limit: number, what: string): Promise<Buffer> {
  try {
    return await decodeBody(data, 'gzip', limit);
  } catch (err) {
    if (err instanceof HttpError && err.status === 413) throw new HttpError(413, `${what} inflates past ${limit} bytes`);
    throw new HttpError(400, `${what} is not valid gzip (${(err as Error).message}): truncated upload?`);
  }
}

/** The URL the client reached us by: an absolute chunk URL must work from where the CLI runs. */
function baseUrl(ctx: Ctx): string {
  const host = ctx.req.headers.host;
  if (!host) return ctx.app.publicUrl;
  const proto = ctx.app.config.trustProxy ? String(ctx.req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() : '';
  const tls = (ctx.req.socket as { encrypted?: boolean }).encrypted;
  return `${proto || (tls ? 'https' : 'http')}://${host}`;
}
