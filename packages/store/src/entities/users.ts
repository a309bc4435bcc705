/** @module Users, team membership, browser sessions and API tokens (stored as SHA-256 hashes, never in clear). */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/db.ts';

export interface UserRow {
  id: number;
  email: string;
  name: string | null;
  password_hash: string;
  is_admin: number;
  created_at: number;
  last_login: number | null;
}

export interface TokenRow {
  id: number;
  user_id: number | null;
  name: string;
  token_hash: string;
  token_last_chars: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionRow {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export async function createUser(db: Db, input: { email: string; passwordHash: string; isAdmin: boolean; name?: string }): Promise<UserRow> {
  return (await db.get<UserRow>('INSERT INTO users (email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *', [
    input.email.toLowerCase(),
    input.name ?? null,
    input.passwordHash,
    input.isAdmin ? 1 : 0,
    Date.now(),
  ]))!;
}

export function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE email = ?', [email.toLowerCase()]);
}

export function getUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
}

/** Replaces a user's password hash (login upgrades an old-cost hash this way). */
export async function setUserPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
}

export async function recordUserLogin(db: Db, userId: number, at = Date.now()): Promise<void> {
  await db.run('UPDATE users SET last_login = ? WHERE id = ?', [at, userId]);
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.all<UserRow>('SELECT * FROM users ORDER BY id');
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users');
  return Number(row?.n ?? 0);
}

export async function addTeamMember(db: Db, teamId: number, userId: number, role = 'member'): Promise<void> {
  await db.run('INSERT INTO team_members (team_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role', [
    teamId,
    userId,
    role,
  ]);
}

/** Team ids a user belongs to; admins see everything and are not limited by this. */
export async function userTeamIds(db: Db, userId: number): Promise<number[]> {
  return (await db.all<{ team_id: number }>('SELECT team_id FROM team_members WHERE user_id = ?', [userId])).map((r) => r.team_id);
}

/** Creates a token; the clear value is returned once and only its hash is stored. */
export async function createToken(db: Db, input: { userId: number | null; name: string; scopes: string[] }): Promise<{ token: string; row: TokenRow }> {
  // sentry-cli passes any token other than sntrys_ as-is; the sntryu_ + 64 hex shape is what it knows for user tokens.
  const token = `sntryu_${randomBytes(32).toString('hex')}`;
  const row = (await db.get<TokenRow>(
    'INSERT INTO api_tokens (user_id, name, token_hash, token_last_chars, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    [input.userId, input.name, sha256(token), token.slice(-4), JSON.stringify(input.scopes), Date.now()],
  ))!;
  return { token, row };
}

export async function findToken(db: Db, token: string): Promise<TokenRow | undefined> {
  return db.get<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL', [sha256(token)]);
}

export async function touchToken(db: Db, id: number): Promise<void> {
  await db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [Date.now(), id]);
}

export function listTokens(db: Db, userId?: number): Promise<TokenRow[]> {
  return userId === undefined
    ? db.all<TokenRow>('SELECT * FROM api_tokens WHERE revoked_at IS NULL ORDER BY id')
    : db.all<TokenRow>('SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id', [userId]);
}

export async function revokeToken(db: Db, id: number): Promise<void> {
  await db.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ?', [Date.now(), id]);
}

export async function createSession(db: Db, userId: number, ttlMs: number): Promise<{ sessionId: string; row: SessionRow }> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = Date.now();
  const row = (await db.get<SessionRow>(
    'INSERT INTO user_sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
    [sha256(sessionId), userId, randomBytes(24).toString('base64url'), now, now + ttlMs],
  ))!;
  return { sessionId, row };
}

export function findSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  return db.get<SessionRow>('SELECT * FROM user_sessions WHERE id = ? AND expires_at > ?', [sha256(sessionId), Date.now()]);
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.run('DELETE FROM user_sessions WHERE id = ?', [sha256(sessionId)]);
}

export async function setUserAdmin(db: Db, userId: number, isAdmin: boolean): Promise<void> {
  await db.run('UPDATE users SET is_admin = ? WHERE id = ?', [isAdmin ? 1 : 0, userId]);
}

export async function countAdmins(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE is_admin = 1'))?.n ?? 0);
}

export function usersByIds(db: Db, ids: number[]): Promise<UserRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.all<UserRow>(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
}

/** Team ids per user id, for the members list. */
export async function teamMemberships(db: Db): Promise<Map<number, number[]>> {
  const rows = await db.all<{ team_id: number; user_id: number }>('SELECT team_id, user_id FROM team_members ORDER BY team_id');
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(Number(r.user_id), [...(out.get(Number(r.user_id)) ?? []), Number(r.team_id)]);
  return out;
}

/** Makes `teamIds` the user's teams, all with one role. */
export async function replaceUserTeams(db: Db, userId: number, teamIds: number[], role: string): Promise<void> {
  await db.run('DELETE FROM team_members WHERE user_id = ?', [userId]);
  for (const id of teamIds) await addTeamMember(db, id, userId, role);
}

/** Who an email alert to "project members" reaches: the project's team, or the admins when the team has nobody. */
export async function projectMemberEmails(db: Db, projectId: number): Promise<string[]> {
  const team = await db.all<{ email: string }>(
    'SELECT DISTINCT u.email FROM users u JOIN team_members tm ON tm.user_id = u.id JOIN projects p ON p.team_id = tm.team_id WHERE p.id = ? ORDER BY u.email',
    [projectId],
  );
  if (team.length > 0) return team.map((r) => r.email);
  return (await db.all<{ email: string }>('SELECT email FROM users WHERE is_admin = 1 ORDER BY email')).map((r) => r.email);
}

/** Removes a user with their sessions, tokens and team memberships, in one transaction; activity keeps its history, no longer naming who acted. */
export async function deleteUser(db: Db, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM user_sessions WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM api_tokens WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM team_members WHERE user_id = ?', [userId]);
    await tx.run('UPDATE issue_activity SET user_id = NULL WHERE user_id = ?', [userId]);
    await tx.run('DELETE FROM users WHERE id = ?', [userId]);
  });
}

/**
 * Creates the first admin unless any user exists. The claim in kv makes two racing calls produce one admin, on
 * SQLite and PostgreSQL alike; the loser gets undefined.
 */
export async function claimFirstAdmin(db: Db, input: { email: string; passwordHash: string; name?: string }): Promise<UserRow | undefined> {
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return undefined;
    const claimed = await tx.run("INSERT INTO kv (key, value) VALUES ('setup.first_admin', ?) ON CONFLICT (key) DO NOTHING", [input.email]);
    if (claimed.changes !== 1) return undefined;
    return createUser(tx, { ...input, isAdmin: true });
  });
}
