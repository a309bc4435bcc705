/**
 * @module CORS for ingest, as Relay does it: any origin may POST, and the rate-limit headers are exposed so the
 * browser SDK can read them. With credentials the origin is echoed, since `*` is not allowed then.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_HEADERS =
  'x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding';

const EXPOSE = ['access-control-expose-headers', 'x-sentry-error, x-sentry-rate-limits, retry-after'];
const ANY_ORIGIN = ['access-control-allow-origin', '*', ...EXPOSE];

/** The CORS headers of an ingest answer as a flat name, value list (`writeHead` takes it as it is). */
export function ingestCorsHeaders(req: IncomingMessage): string[] {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return [...ANY_ORIGIN];
  return ['access-control-allow-origin', origin, 'access-control-allow-credentials', 'true', 'vary', 'Origin', ...EXPOSE];
}

export function applyIngestCors(req: IncomingMessage, res: ServerResponse): void {
  const headers = ingestCorsHeaders(req);
  for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyIngestCors(req, res);
  res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
  res.setHeader('access-control-max-age', '3600');
  res.writeHead(200, { 'content-length': 0 });
  res.end();
}
