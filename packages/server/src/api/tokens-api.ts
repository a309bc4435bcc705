/**
 * @module API tokens (Sentry's `/api/0/api-tokens/`): list with last use, create (the clear token is shown once),
 * revoke. Only from a signed-in session (routes.ts: auth `session`): a token can never mint or revoke tokens. Each
 * user manages their own; admins also see and revoke the instance tokens the CLI makes (no owner). A token acts with
 * its owner's permissions, cut down to its scopes.
 */
import { createToken, listTokens, revokeToken, type TokenRow } from '@faultline/store';
import { DEFAULT_TOKEN_SCOPES, expandScopes, isScope, parseScopes, roleScopes, type Scope } from '../auth/scopes.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { Ctx } from '../http/router.ts';
import { iso } from './serialize.ts';

function serializeToken(t: TokenRow, token?: string) {
  return {
    id: String(t.id),
    name: t.name,
    scopes: parseScopes(t.scopes),
    dateCreated: iso(t.created_at),
    /** Sentry's field; Faultline's tokens last until revoked. */
    expiresAt: null,
    lastUsed: iso(t.last_used_at),
    tokenLastCharacters: t.token_last_chars,
    /** True for a token without an owner (made by `faultline token create`): it acts as an admin. */
    instance: t.user_id === null,
    ...(token ? { token } : {}),
  };
}

/** The caller's own tokens, and for admins the instance tokens too. */
async function manageableTokens(ctx: Ctx): Promise<TokenRow[]> {
  const p = ctx.principal!;
  const all = await listTokens(ctx.app.db);
  return all.filter((t) => t.user_id === p.userId || (p.isAdmin && t.user_id === null));
}

export async function listApiTokens(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, (await manageableTokens(ctx)).map((t) => serializeToken(t)));
}

/** `POST /api/0/api-tokens/` with `{name, scopes?}`; the response is the only time the token is readable. */
export async function createApiToken(ctx: Ctx): Promise<void> {
  const p = ctx.principal!;
  const body = await readJsonBody<{ name?: unknown; scopes?: unknown }>(ctx.req);
  const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'API token';
  const allowed = expandScopes(roleScopes(p.isAdmin));
  let scopes: Scope[];
  if (body.scopes === undefined) {
    scopes = DEFAULT_TOKEN_SCOPES.filter((s) => allowed.has(s));
  } else {
    if (!Array.isArray(body.scopes)) throw new HttpError(400, 'scopes must be a list of scope names, e.g. ["project:read", "event:read"]');
    const unknown = body.scopes.filter((s) => !isScope(s));
    if (unknown.length) throw new HttpError(400, `unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')}`);
    scopes = [...new Set(body.scopes as Scope[])];
    const beyond = scopes.filter((s) => !allowed.has(s));
    if (beyond.length) throw new HttpError(403, `your role cannot grant ${beyond.join(', ')}`);
    if (scopes.length === 0) throw new HttpError(400, 'a token needs at least one scope');
  }
  const { token, row } = await createToken(ctx.app.db, { userId: p.userId, name, scopes });
  sendJson(ctx.res, 201, serializeToken(row, token));
}

/** `DELETE /api/0/api-tokens/{id}/` (Sentry also accepts `{tokenId}` in the body of `DELETE /api-tokens/`). */
export async function revokeApiToken(ctx: Ctx): Promise<void> {
  let id = ctx.params.tokenId;
  if (!id) id = String((await readJsonBody<{ tokenId?: unknown }>(ctx.req)).tokenId ?? '');
  const mine = (await manageableTokens(ctx)).find((t) => String(t.id) === id);
  if (!mine) throw new HttpError(404, `token "${id}" not found`);
  await revokeToken(ctx.app.db, mine.id);
  ctx.res.writeHead(204).end();
}
