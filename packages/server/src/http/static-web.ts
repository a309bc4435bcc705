/**
 * @module Serves the built web UI (packages/web/dist, or --web-dist) from the API's own process: hashed assets
 * with a year-long immutable cache, every other non-API path falls back to index.html so client-side routes
 * survive a reload or a shared link. Text files are gzipped once and kept in memory (the whole UI is small).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Ctx } from './router.ts';
import { sendError } from './respond.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The UI only talks to its own origin; the CSP makes an injected script or a framing page useless. */
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

interface Cached {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer | null;
}
const cache = new Map<string, Cached>();

async function load(file: string): Promise<Cached | null> {
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit;
  const body = await readFile(file);
  const type = TYPES[extname(file)] ?? '';
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
  const entry = { mtimeMs: st.mtimeMs, body, gzip: compressible ? gzipSync(body) : null };
  cache.set(file, entry);
  return entry;
}

export async function serveWeb(ctx: Ctx): Promise<void> {
  const { pathname } = ctx.url;
  // API paths never fall back to the UI: a typo in a script must get JSON, not a page.
  if (pathname === '/api' || pathname.startsWith('/api/')) return sendError(ctx.res, 404, `no route for ${ctx.req.method} ${pathname}`);
  const root = resolve(ctx.app.config.webDist ?? DEFAULT_WEB_DIST);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return sendError(ctx.res, 400, 'malformed path');
  }
  const file = join(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return sendError(ctx.res, 404, 'not found');
  let entry = rel ? await load(file) : null;
  let served = file;
  if (!entry) {
    // A missing asset (has an extension) is a 404; anything else is a client-side route. A trailing slash is
    // always a route: release pages carry versions with dots (`/releases/web@1.2.0/`).
    if (!pathname.endsWith('/') && extname(rel) && extname(rel) !== '.html') return sendError(ctx.res, 404, `no file ${pathname}`);
    served = join(root, 'index.html');
    entry = await load(served);
  }
  if (!entry) {
    // A 404, not a 5xx: an API-only node (or a checkout before its first build) is healthy, it just has no UI.
    ctx.res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    ctx.res.end(`The web UI is not built (looked in ${root}). Run: npm run build -w @faultline/web\n`);
    return;
  }
  const isHtml = served.endsWith('.html');
  const hashed = rel.startsWith(`assets${sep}`) || rel.startsWith('assets/');
  const etag = `W/"${entry.body.length.toString(16)}-${Math.floor(entry.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    vary: 'accept-encoding',
    ...(isHtml ? HTML_HEADERS : { 'x-content-type-options': 'nosniff' }),
  };
  if (ctx.req.headers['if-none-match'] === etag) {
    ctx.res.writeHead(304, headers).end();
    return;
  }
  const gzip = entry.gzip && /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] ?? '')) ? entry.gzip : null;
  const body = gzip ?? entry.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  ctx.res.writeHead(200, headers);
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
}
