/**
 * @module Organization members (Faultline users) and teams, in Sentry's member shape. Admins see every project;
 * members see the projects of the teams they belong to (auth/principal.ts canSeeProject).
 */
import {
  countAdmins,
  createTeam,
  createUser,
  deleteUser,
  getUserByEmail,
  getUserById,
  listTeams,
  listUsers,
  replaceUserTeams,
  setUserAdmin,
  teamMemberships,
  type TeamRow,
  type UserRow,
} from '@faultline/store';
import { hashPassword } from '../auth/password.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { Ctx } from '../http/router.ts';
import { orgFromParams } from './access.ts';
import { slugify } from './org-api.ts';
import { iso, serializeTeam } from './serialize.ts';

type Role = 'admin' | 'member';

function serializeMember(u: UserRow, teamIds: number[], teams: Map<number, TeamRow>) {
  const role: Role = u.is_admin === 1 ? 'admin' : 'member';
  const slugs = teamIds.map((id) => teams.get(id)?.slug).filter((s): s is string => !!s);
  return {
    id: String(u.id),
    email: u.email,
    name: u.name ?? u.email,
    user: { id: String(u.id), email: u.email, name: u.name ?? u.email, username: u.email },
    role,
    orgRole: role,
    roleName: role === 'admin' ? 'Admin' : 'Member',
    pending: false,
    expired: false,
    teams: slugs,
    teamRoles: slugs.map((teamSlug) => ({ teamSlug, role: null })),
    dateCreated: iso(u.created_at),
    lastLogin: iso(u.last_login),
  };
}

export async function listMembers(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const teams = new Map((await listTeams(ctx.app.db, org.id)).map((t) => [t.id, t]));
  const of = await teamMemberships(ctx.app.db);
  sendJson(ctx.res, 200, (await listUsers(ctx.app.db)).map((u) => serializeMember(u, of.get(u.id) ?? [], teams)));
}

function parseRole(v: unknown): Role | undefined {
  if (v === undefined) return undefined;
  if (v === 'admin' || v === 'owner' || v === 'manager') return 'admin';
  if (v === 'member') return 'member';
  throw new HttpError(400, `invalid role "${String(v)}": use admin or member`);
}

async function teamIdsFromSlugs(ctx: Ctx, orgId: number, v: unknown): Promise<number[] | undefined> {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new HttpError(400, 'teams must be a list of team slugs');
  const teams = await listTeams(ctx.app.db, orgId);
  return (v as string[]).map((slug) => {
    const t = teams.find((x) => x.slug === slug);
    if (!t) throw new HttpError(400, `team "${slug}" not found`);
    return t.id;
  });
}


/** `POST …/members/` with `{email, password, name?, role, teams: [slug]}` — admins add users directly (no invite mail). */
export async function createMember(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const body = await readJsonBody<Record<string, unknown>>(ctx.req);
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new HttpError(400, 'enter a valid email address');
  const password = typeof body.password === 'string' ? body.password : '';
  if (password.length < 8) throw new HttpError(400, 'password must be at least 8 characters');
  const role = parseRole(body.role) ?? 'member';
  const teamIds = (await teamIdsFromSlugs(ctx, org.id, body.teams)) ?? [];
  if (await getUserByEmail(ctx.app.db, email)) throw new HttpError(409, `a user with email ${email} already exists`);
  const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim() : undefined;
  const user = await createUser(ctx.app.db, { email, passwordHash: await hashPassword(password), isAdmin: role === 'admin', name });
  await replaceUserTeams(ctx.app.db, user.id, teamIds, role);
  const teams = new Map((await listTeams(ctx.app.db, org.id)).map((t) => [t.id, t]));
  sendJson(ctx.res, 201, serializeMember(user, teamIds, teams));
}

async function memberFromParams(ctx: Ctx): Promise<UserRow> {
  const id = ctx.params.memberId ?? '';
  const user = /^\d+$/.test(id) ? await getUserById(ctx.app.db, Number(id)) : undefined;
  if (!user) throw new HttpError(404, `member "${id}" not found`);
  return user;
}


/** `PUT …/members/{id}/` with `{role?, teams?}`. The last admin cannot be demoted: someone must be able to manage. */
export async function updateMember(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const user = await memberFromParams(ctx);
  const body = await readJsonBody<Record<string, unknown>>(ctx.req);
  const role = parseRole(body.role);
  const teamIds = await teamIdsFromSlugs(ctx, org.id, body.teams);
  if (role === 'member' && user.is_admin === 1 && (await countAdmins(ctx.app.db)) <= 1) throw new HttpError(400, 'the last admin cannot be made a member');
  if (role) await setUserAdmin(ctx.app.db, user.id, role === 'admin');
  const finalRole: Role = role ?? (user.is_admin === 1 ? 'admin' : 'member');
  const current = (await teamMemberships(ctx.app.db)).get(user.id) ?? [];
  await replaceUserTeams(ctx.app.db, user.id, teamIds ?? current, finalRole);
  const fresh = (await getUserById(ctx.app.db, user.id))!;
  const teams = new Map((await listTeams(ctx.app.db, org.id)).map((t) => [t.id, t]));
  sendJson(ctx.res, 200, serializeMember(fresh, teamIds ?? current, teams));
}

/** `DELETE …/members/{id}/` — removes the user, their sessions and tokens; not yourself, not the last admin. */
export async function removeMember(ctx: Ctx): Promise<void> {
  await orgFromParams(ctx);
  const user = await memberFromParams(ctx);
  if (user.id === ctx.principal!.userId) throw new HttpError(400, 'you cannot remove yourself');
  if (user.is_admin === 1 && (await countAdmins(ctx.app.db)) <= 1) throw new HttpError(400, 'the last admin cannot be removed');
  await deleteUser(ctx.app.db, user.id);
  ctx.res.writeHead(204).end();
}

/** `POST /api/0/organizations/{org}/teams/` with `{name, slug?}` (Sentry's endpoint). */
export async function createOrgTeam(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const body = await readJsonBody<{ name?: unknown; slug?: unknown }>(ctx.req);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) throw new HttpError(400, 'name is required');
  const slug = typeof body.slug === 'string' && body.slug ? body.slug : slugify(name);
  if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(slug)) throw new HttpError(400, `invalid team slug "${slug}"`);
  if ((await listTeams(ctx.app.db, org.id)).some((t) => t.slug === slug)) throw new HttpError(409, `a team with slug "${slug}" already exists`);
  sendJson(ctx.res, 201, serializeTeam(await createTeam(ctx.app.db, org.id, slug, name)));
}
