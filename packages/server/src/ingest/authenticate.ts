/**
 * @module Finds the DSN key of an ingest request: query string, X-Sentry-Auth, `Authorization: Sentry …`, or the
 * envelope header `dsn` (tunnels). When several are present they must agree (Relay's rule).
 */
import { authFromQuery, parseDsn, parseSentryAuth } from '@faultline/protocol';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/respond.ts';
import type { KeyCache, KeyInfo } from './key-cache.ts';

/** `query`: the raw query string (`Ctx.query`), read without building a URL. */
export function keyFromRequest(req: IncomingMessage, query: string): string | undefined {
  const found = new Set<string>();
  const q = authFromQuery(query).sentry_key;
  if (q) found.add(q);
  const header = req.headers['x-sentry-auth'];
  if (typeof header === 'string') {
    const k = parseSentryAuth(header)?.sentry_key;
    if (k) found.add(k);
  }
  const authz = req.headers.authorization;
  if (typeof authz === 'string' && /^sentry /i.test(authz)) {
    const k = parseSentryAuth(authz)?.sentry_key;
    if (k) found.add(k);
  }
  if (found.size > 1) throw new HttpError(400, 'conflicting sentry_key values in query string and auth headers');
  return found.values().next().value;
}

export function keyFromEnvelopeDsn(dsn: unknown): string | undefined {
  if (typeof dsn !== 'string') return undefined;
  return parseDsn(dsn)?.publicKey ?? undefined;
}

/** Resolves the key and checks it may send to `projectId`; throws 401/403 with a reason otherwise. */
export async function authorizeKey(keys: KeyCache, publicKey: string | undefined, projectId: number): Promise<KeyInfo> {
  if (!publicKey) throw new HttpError(401, 'missing authentication: no sentry_key in the query string, X-Sentry-Auth header or envelope dsn');
  const info = await keys.lookup(publicKey);
  if (!info) throw new HttpError(403, `unknown DSN public key "${publicKey}"`);
  if (!info.active) throw new HttpError(403, `DSN public key "${publicKey}" is disabled`);
  if (info.projectId !== projectId) throw new HttpError(403, `DSN public key "${publicKey}" does not belong to project ${projectId}`);
  return info;
}
