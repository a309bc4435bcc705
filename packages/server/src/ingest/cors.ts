/**
 * @module CORS for ingest, as Relay does it: any origin may POST, and the rate-limit headers are exposed so the
 * browser SDK can read them. With credentials the origin is echoed, since `*` is not allowed then.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_HEADERS =
  'x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding';

export function applyIngestCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  } else {
    res.setHeader('access-control-allow-origin', '*');
  }
  res.setHeader('access-control-expose-headers', 'x-sentry-error, x-sentry-rate-limits, retry-after');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyIngestCors(req, res);
  res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
  res.setHeader('access-control-max-age', '3600');
  res.writeHead(200, { 'content-length': 0 });
  res.end();
}
