/**
 * @module Personal API tokens (Sentry's `/api/0/api-tokens/`): list with last use, create (the clear token is shown
 * once), revoke. Each user manages their own; a token acts with its owner's permissions.
 */
import { createToken, listTokens, revokeToken, type TokenRow } from '@faultline/store';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { Ctx } from '../http/router.ts';
import { iso } from './serialize.ts';

const SCOPES = ['org:read', 'project:read', 'project:write', 'project:releases', 'event:read', 'event:write', 'team:read', 'member:read'];

function serializeToken(t: TokenRow, token?: string) {
  let scopes: string[] = [];
  try {
    scopes = JSON.parse(t.scopes) as string[];
  } catch {
    /* an unreadable scope list shows as none */
  }
  return {
    id: String(t.id),
    name: t.name,
    scopes,
    dateCreated: iso(t.created_at),
    lastUsed: iso(t.last_used_at),
    tokenLastCharacters: t.token_last_chars,
    ...(token ? { token } : {}),
  };
}

function ownerOf(ctx: Ctx): number {
  const id = ctx.principal!.userId;
  if (id === null) throw new HttpError(400, 'instance tokens have no personal tokens: manage them with the faultline CLI');
  return id;
}

export async function listApiTokens(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, (await listTokens(ctx.app.db, ownerOf(ctx))).map((t) => serializeToken(t)));
}

/** `POST /api/0/api-tokens/` with `{name, scopes?}`; the response is the only time the token is readable. */
export async function createApiToken(ctx: Ctx): Promise<void> {
  const body = await readJsonBody<{ name?: unknown; scopes?: unknown }>(ctx.req);
  const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'API token';
  const scopes = Array.isArray(body.scopes) ? body.scopes.filter((s): s is string => typeof s === 'string' && SCOPES.includes(s)) : SCOPES;
  const { token, row } = await createToken(ctx.app.db, { userId: ownerOf(ctx), name, scopes });
  sendJson(ctx.res, 201, serializeToken(row, token));
}

/** `DELETE /api/0/api-tokens/{id}/` (Sentry also accepts `{tokenId}` in the body of `DELETE /api-tokens/`). */
export async function revokeApiToken(ctx: Ctx): Promise<void> {
  let id = ctx.params.tokenId;
  if (!id) id = String((await readJsonBody<{ tokenId?: unknown }>(ctx.req)).tokenId ?? '');
  const mine = (await listTokens(ctx.app.db, ownerOf(ctx))).find((t) => String(t.id) === id);
  if (!mine) throw new HttpError(404, `token "${id}" not found`);
  await revokeToken(ctx.app.db, mine.id);
  ctx.res.writeHead(204).end();
}
