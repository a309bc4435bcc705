/**
 * @module Browser sign-in for the web UI: first-run setup, login, logout and "who am I".
 * The session id lives only in an HttpOnly cookie; the UI reads the CSRF token from `GET /api/0/auth/` and sends it
 * back as `X-CSRFToken` on every write (enforced in auth/authenticate.ts).
 */
import {
  addTeamMember,
  claimFirstAdmin,
  countUsers,
  createSession,
  deleteSession,
  ensureDefaults,
  getUserByEmail,
  getUserById,
  recordUserLogin,
  setUserPasswordHash,
  userTeamIds,
  type UserRow,
} from '@faultline/store';
import type { App } from '../app.ts';
import { identify, readCookie, SESSION_COOKIE } from '../auth/authenticate.ts';
import { LoginRateLimit, type LoginLimiter } from '../auth/login-rate-limit.ts';
import { SharedLoginRateLimit } from '../auth/shared-login-rate-limit.ts';
import { hashPassword, needsRehash, UNMATCHABLE_HASH, verifyPassword } from '../auth/password.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import { clientAddress, isHttps } from '../http/request-origin.ts';
import type { Ctx } from '../http/router.ts';
import { iso } from './serialize.ts';

/** Two weeks, as Sentry: long enough not to nag, short enough that a lost laptop's session dies on its own. */
const SESSION_TTL_MS = 14 * 24 * 3_600_000;

const limiters = new WeakMap<App, LoginLimiter>();
/** In memory on SQLite (one node); on PostgreSQL in the store, so every node counts the same budgets. */
function limiterOf(app: App): LoginLimiter {
  let l = limiters.get(app);
  if (!l) limiters.set(app, (l = app.db.dialect === 'postgres' ? new SharedLoginRateLimit(app.db) : new LoginRateLimit()));
  return l;
}

export async function serializeUser(ctx: Ctx, u: UserRow) {
  const teamIds = await userTeamIds(ctx.app.db, u.id);
  return {
    id: String(u.id),
    email: u.email,
    username: u.email,
    name: u.name ?? u.email,
    isSuperuser: u.is_admin === 1,
    role: u.is_admin === 1 ? 'admin' : 'member',
    teamIds: teamIds.map(String),
    dateJoined: iso(u.created_at),
    lastLogin: iso(u.last_login),
  };
}

/** `GET /api/0/auth/` — the signed-in user and CSRF token, or `user: null` plus whether first-run setup is open. */
export async function getAuth(ctx: Ctx): Promise<void> {
  const p = await identify(ctx).catch(() => undefined);
  const user = p?.userId != null ? await getUserById(ctx.app.db, p.userId) : undefined;
  sendJson(ctx.res, 200, {
    user: user ? await serializeUser(ctx, user) : null,
    csrfToken: p?.via === 'session' ? p.csrfToken : null,
    needsSetup: user ? false : (await countUsers(ctx.app.db)) === 0,
  });
}

/**
 * Login and setup accept JSON only: a cross-site HTML form cannot send `application/json` without a CORS preflight,
 * which we never grant, so login CSRF is ruled out without a token the browser does not have yet.
 */
async function readCredentials(ctx: Ctx): Promise<{ email: string; password: string; name?: string }> {
  if (!/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? '')) throw new HttpError(415, 'send credentials as application/json');
  const body = await readJsonBody<{ email?: unknown; password?: unknown; name?: unknown }>(ctx.req, 16 * 1024);
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!email || !password) throw new HttpError(400, 'email and password are required');
  return { email, password, name: typeof body.name === 'string' && body.name.trim() ? body.name.trim() : undefined };
}

async function startSession(ctx: Ctx, user: UserRow): Promise<void> {
  const { sessionId, row } = await createSession(ctx.app.db, user.id, SESSION_TTL_MS);
  await recordUserLogin(ctx.app.db, user.id);
  const cookie = [
    `${SESSION_COOKIE}=${sessionId}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`,
    ...(isHttps(ctx) ? ['Secure'] : []),
  ].join('; ');
  sendJson(ctx.res, 200, { user: await serializeUser(ctx, user), csrfToken: row.csrf_token, needsSetup: false }, { 'set-cookie': cookie });
}

/** `POST /api/0/auth/setup/` — creates the first admin; closed for good once any user exists. */
export async function setupFirstAdmin(ctx: Ctx): Promise<void> {
  const { email, password, name } = await readCredentials(ctx);
  if (password.length < 8) throw new HttpError(400, 'password must be at least 8 characters');
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new HttpError(400, 'enter a valid email address');
  const passwordHash = await hashPassword(password);
  const user = await claimFirstAdmin(ctx.app.db, { email, passwordHash, name });
  if (!user) throw new HttpError(409, 'setup is already done: sign in instead');
  const { team } = await ensureDefaults(ctx.app.db);
  await addTeamMember(ctx.app.db, team.id, user.id, 'admin');
  ctx.app.log.info('created first admin from the web UI', { email });
  await startSession(ctx, user);
}

/**
 * `POST /api/0/auth/login/` — 401 on wrong credentials, 429 with Retry-After past the account's or the client
 * address's attempt budget (`auth/login-rate-limit.ts`).
 */
export async function login(ctx: Ctx): Promise<void> {
  const { email, password } = await readCredentials(ctx);
  const address = clientAddress(ctx);
  const limiter = limiterOf(ctx.app);
  const throttle = await limiter.attempt(address, email);
  if (throttle.waitSeconds > 0) {
    const why = throttle.reason === 'account' ? 'for this account' : 'from your address';
    throw new HttpError(429, `too many sign-in attempts ${why}: try again in ${waitText(throttle.waitSeconds)}`, { 'retry-after': String(throttle.waitSeconds) });
  }
  const user = await getUserByEmail(ctx.app.db, email);
  // An unknown email costs a hash at today's cost too, so timing says nothing about which emails exist.
  const ok = await verifyPassword(password, user?.password_hash ?? UNMATCHABLE_HASH);
  if (!user || !ok) {
    await limiter.failed(email);
    throw new HttpError(401, 'wrong email or password');
  }
  await limiter.succeeded(address, email);
  if (needsRehash(user.password_hash)) await setUserPasswordHash(ctx.app.db, user.id, await hashPassword(password));
  await startSession(ctx, user);
}

function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** `DELETE /api/0/auth/` (Sentry's logout) — ends this browser session. */
export async function logout(ctx: Ctx): Promise<void> {
  const sid = readCookie(ctx.req.headers.cookie, SESSION_COOKIE);
  if (sid) await deleteSession(ctx.app.db, sid);
  const expired = `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${isHttps(ctx) ? '; Secure' : ''}`;
  ctx.res.writeHead(204, { 'set-cookie': expired }).end();
}

