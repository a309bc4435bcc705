/**
 * @module A tiny method + path router over node:http. Patterns are literal segments and `:name` parameters;
 * a trailing slash is optional, as Sentry's clients are inconsistent about it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.ts';
import type { Principal } from '../auth/principal.ts';
import type { ScopeRequirement } from '../auth/scopes.ts';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  /** Built on first read: ingest, the hot path, never reads it (`query` has what it needs). */
  readonly url: URL;
  /** The raw query string without its `?` ('' when none): read it with `queryParam`, or `url.searchParams`. */
  readonly query: string;
  params: Record<string, string>;
  app: App;
  /** Set for routes whose auth is not 'none'. */
  principal?: Principal;
}

/**
 * none: public (ingest authenticates by DSN key inside its handler); user: a signed-in user or a token holding the
 * route's scope; admin: the same, and the caller must be an admin; session: a signed-in browser only, never a token
 * (managing tokens and the session itself).
 */
export type RouteAuth = 'none' | 'user' | 'admin' | 'session';

export interface Route {
  method: string;
  path: string;
  auth: RouteAuth;
  /** The scopes (any one of them) a caller needs; `none` exactly on routes whose auth is `none` or `session`. */
  scope: ScopeRequirement;
  handler: (ctx: Ctx) => Promise<void> | void;
  /** Which nodes serve it (`--role`): `ingest` nodes and `all`; `ops` every node; unset: `web` nodes and `all`. */
  part?: 'ingest' | 'ops';
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => {
    const unscoped = r.auth === 'none' || r.auth === 'session';
    if (unscoped !== (r.scope === 'none')) throw new Error(`route ${r.method} ${r.path}: auth "${r.auth}" ${unscoped ? 'takes no scope' : 'needs a scope'}`);
    const names: string[] = [];
    const body = r.path
      .replace(/\/+$/, '')
      .split('/')
      .map((seg) => {
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        if (seg === '*') {
          names.push('rest');
          return '(.*)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { ...r, names, regex: new RegExp(`^${body}/?$`) };
  });
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  pathname: string,
): { route: CompiledRoute; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
      // A catch-all (the web UI's `/*`) matches every path; it must not turn an unknown POST into a 405.
      if (!r.names.includes('rest')) allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => {
      params[n] = decodeParam(m[i + 1]!);
    });
    return { route: r, params };
  }
  return allowed.length ? { allowed } : null;
}

/** A malformed %-escape in a path is the client's mistake: keep the raw text rather than throw out of the server. */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
