/** @module Organizations and teams. Faultline starts with one of each; the API shapes allow more. */
import type { Db } from '../db/db.ts';

export interface OrgRow {
  id: number;
  slug: string;
  name: string;
  created_at: number;
}
export interface TeamRow {
  id: number;
  org_id: number;
  slug: string;
  name: string;
  created_at: number;
}

export const DEFAULT_ORG_SLUG = 'faultline';
export const DEFAULT_TEAM_SLUG = 'default';

/** Creates the default organization and team if missing; idempotent and safe for concurrent starts. */
export async function ensureDefaults(db: Db): Promise<{ org: OrgRow; team: TeamRow }> {
  const now = Date.now();
  await db.run('INSERT INTO organizations (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING', [
    DEFAULT_ORG_SLUG,
    'Faultline',
    now,
  ]);
  const org = (await getOrgBySlug(db, DEFAULT_ORG_SLUG))!;
  await db.run('INSERT INTO teams (org_id, slug, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, slug) DO NOTHING', [
    org.id,
    DEFAULT_TEAM_SLUG,
    'Default',
    now,
  ]);
  const team = (await getTeam(db, org.id, DEFAULT_TEAM_SLUG))!;
  return { org, team };
}

export function getOrgBySlug(db: Db, slug: string): Promise<OrgRow | undefined> {
  return db.get<OrgRow>('SELECT * FROM organizations WHERE slug = ?', [slug]);
}

export function getOrgById(db: Db, id: number): Promise<OrgRow | undefined> {
  return db.get<OrgRow>('SELECT * FROM organizations WHERE id = ?', [id]);
}

export function listOrgs(db: Db): Promise<OrgRow[]> {
  return db.all<OrgRow>('SELECT * FROM organizations ORDER BY id');
}

export function getTeam(db: Db, orgId: number, slug: string): Promise<TeamRow | undefined> {
  return db.get<TeamRow>('SELECT * FROM teams WHERE org_id = ? AND slug = ?', [orgId, slug]);
}

export function listTeams(db: Db, orgId: number): Promise<TeamRow[]> {
  return db.all<TeamRow>('SELECT * FROM teams WHERE org_id = ? ORDER BY id', [orgId]);
}

export async function createTeam(db: Db, orgId: number, slug: string, name: string): Promise<TeamRow> {
  return (await db.get<TeamRow>('INSERT INTO teams (org_id, slug, name, created_at) VALUES (?, ?, ?, ?) RETURNING *', [
    orgId,
    slug,
    name,
    Date.now(),
  ]))!;
}

export function getTeamById(db: Db, id: number): Promise<TeamRow | undefined> {
  return db.get<TeamRow>('SELECT * FROM teams WHERE id = ?', [id]);
}
