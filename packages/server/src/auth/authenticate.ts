/**
 * @module REST API authentication: `Authorization: Bearer <token>` (scripts, sentry-cli) or the session cookie
 * (the web UI). Cookie-authenticated writes must carry the session's CSRF token in `X-CSRFToken`.
 */
import { findSession, findToken, getUserById, touchToken, userTeamIds } from '@faultline/store';
import type { Ctx, Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import type { Principal } from './principal.ts';
import { expandScopes, parseScopes, requiredScopes, roleScopes, satisfies } from './scopes.ts';

export const SESSION_COOKIE = 'faultline_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The caller, or undefined when there are no credentials at all. Invalid credentials are a 401. */
export async function identify(ctx: Ctx): Promise<Principal | undefined> {
  const { db } = ctx.app;
  const authz = ctx.req.headers.authorization;
  if (typeof authz === 'string' && /^bearer /i.test(authz)) {
    const token = await findToken(db, authz.slice(7).trim());
    if (!token) throw new HttpError(401, 'invalid or revoked API token');
    void touchToken(db, token.id).catch(() => undefined);
    const user = token.user_id !== null ? await getUserById(db, token.user_id) : undefined;
    if (token.user_id !== null && !user) throw new HttpError(401, 'invalid or revoked API token');
    // A token without a user is an instance token (created by the CLI): it acts as an admin, within its scopes.
    const isAdmin = user ? user.is_admin === 1 : true;
    const granted = parseScopes(token.scopes);
    const allowed = expandScopes(roleScopes(isAdmin));
    return {
      userId: user?.id ?? null,
      email: user?.email ?? null,
      isAdmin,
      teamIds: user ? await userTeamIds(db, user.id) : [],
      via: 'token',
      scopes: new Set([...expandScopes(granted)].filter((s) => allowed.has(s))),
      grantedScopes: granted,
      tokenId: token.id,
    };
  }
  const sid = readCookie(ctx.req.headers.cookie, SESSION_COOKIE);
  if (!sid) return undefined;
  const session = await findSession(db, sid);
  if (!session) return undefined;
  const user = await getUserById(db, session.user_id);
  if (!user) return undefined;
  const isAdmin = user.is_admin === 1;
  const granted = roleScopes(isAdmin);
  return {
    userId: user.id,
    email: user.email,
    isAdmin,
    teamIds: await userTeamIds(db, user.id),
    via: 'session',
    scopes: expandScopes(granted),
    grantedScopes: granted,
    csrfToken: session.csrf_token,
  };
}

/** The caller of a route that needs one, checked against the route's auth level and scope (routes.ts). */
export async function authenticate(ctx: Ctx, route: Pick<Route, 'auth' | 'scope'>): Promise<Principal> {
  const p = await identify(ctx);
  if (!p) throw new HttpError(401, 'authentication required: sign in or send Authorization: Bearer <token>');
  if (p.via === 'session' && !SAFE_METHODS.has(ctx.req.method ?? 'GET')) {
    const sent = ctx.req.headers['x-csrftoken'];
    if (sent !== p.csrfToken) throw new HttpError(403, 'CSRF token missing or wrong: send the X-CSRFToken header');
  }
  if (route.auth === 'session' && p.via !== 'session') throw new HttpError(403, 'this can only be done from a signed-in session, not with an API token');
  if (!satisfies(p.scopes, route.scope)) {
    const any = requiredScopes(route.scope);
    throw new HttpError(403, `this action needs the ${any.join(' or ')} scope; ${p.via === 'token' ? 'this token' : 'your role'} does not have it`);
  }
  if (route.auth === 'admin' && !p.isAdmin) throw new HttpError(403, 'this action needs an admin');
  return p;
}
