/**
 * @module Releases as `sentry-cli releases …` and the bundler plugins manage them (create, finalize, list,
 * deploys). Digest also creates release rows when events name a release (digest/release-order.ts); both write
 * the same `releases` table, so an explicitly created release and its events meet.
 */
import type { Db } from '../db/db.ts';

export interface ReleaseRow {
  id: number;
  org_id: number;
  version: string;
  date_created: number;
  date_released: number | null;
  first_event: number | null;
  last_event: number | null;
  data: string | null;
}

export interface DeployRow {
  id: number;
  release_id: number;
  environment: string;
  name: string | null;
  url: string | null;
  date_started: number | null;
  date_finished: number;
}

export async function getRelease(db: Db, orgId: number, version: string): Promise<ReleaseRow | undefined> {
  return db.get<ReleaseRow>('SELECT * FROM releases WHERE org_id = ? AND version = ?', [orgId, version]);
}

/**
 * Creates the release if needed and links the projects as its owners (an existing event-only link becomes an
 * owner link); returns it and whether it was new. Callers check first that the caller may link (release-access).
 */
export async function upsertRelease(db: Db, orgId: number, version: string, opts: { projectIds: number[]; dateReleased?: number | null; data?: Record<string, unknown> }): Promise<{ release: ReleaseRow; created: boolean }> {
  const inserted = await db.run(
    'INSERT INTO releases (org_id, version, date_created, date_released, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, version) DO NOTHING',
    [orgId, version, Date.now(), opts.dateReleased ?? null, opts.data ? JSON.stringify(opts.data) : null],
  );
  const release = (await getRelease(db, orgId, version))!;
  for (const p of opts.projectIds) {
    await db.run('INSERT INTO release_projects (release_id, project_id, explicit) VALUES (?, ?, 1) ON CONFLICT (release_id, project_id) DO UPDATE SET explicit = 1', [release.id, p]);
  }
  return { release, created: inserted.changes > 0 };
}

export async function updateRelease(db: Db, release: ReleaseRow, patch: { dateReleased?: number | null; data?: Record<string, unknown> }): Promise<ReleaseRow> {
  if (patch.dateReleased !== undefined) await db.run('UPDATE releases SET date_released = ? WHERE id = ?', [patch.dateReleased, release.id]);
  if (patch.data) {
    const merged = { ...safeParse(release.data), ...patch.data };
    await db.run('UPDATE releases SET data = ? WHERE id = ?', [JSON.stringify(merged), release.id]);
  }
  return (await db.get<ReleaseRow>('SELECT * FROM releases WHERE id = ?', [release.id]))!;
}

export async function listReleases(db: Db, orgId: number, opts: { query?: string; projectIds?: number[]; limit?: number; offset?: number } = {}): Promise<ReleaseRow[]> {
  const where: string[] = ['r.org_id = ?'];
  const params: (string | number)[] = [orgId];
  if (opts.query) {
    where.push('r.version LIKE ?');
    params.push(`%${opts.query.replace(/[%_]/g, '')}%`);
  }
  if (opts.projectIds) {
    if (opts.projectIds.length === 0) return [];
    where.push(`EXISTS (SELECT 1 FROM release_projects rp WHERE rp.release_id = r.id AND rp.project_id IN (${opts.projectIds.map(() => '?').join(', ')}))`);
    params.push(...opts.projectIds);
  }
  return db.all<ReleaseRow>(`SELECT r.* FROM releases r WHERE ${where.join(' AND ')} ORDER BY r.date_created DESC, r.id DESC LIMIT ? OFFSET ?`, [...params, opts.limit ?? 100, opts.offset ?? 0]);
}

export interface ReleaseProjectRow {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
  team_id: number | null;
  new_groups: number;
  /** 1: linked through the API (an owner); 0: only events named the release. */
  explicit: number;
}

/** Every project linked to the release, owners and those that only sent events naming it. */
export async function releaseProjects(db: Db, releaseId: number): Promise<ReleaseProjectRow[]> {
  return db.all(
    'SELECT p.id, p.slug, p.name, p.platform, p.team_id, rp.new_groups, rp.explicit FROM release_projects rp JOIN projects p ON p.id = rp.project_id WHERE rp.release_id = ? ORDER BY p.slug',
    [releaseId],
  );
}

export async function createDeploy(db: Db, releaseId: number, d: { environment: string; name?: string | null; url?: string | null; dateStarted?: number | null; dateFinished?: number }): Promise<DeployRow> {
  return (await db.get<DeployRow>('INSERT INTO deploys (release_id, environment, name, url, date_started, date_finished) VALUES (?, ?, ?, ?, ?, ?) RETURNING *', [
    releaseId, d.environment, d.name ?? null, d.url ?? null, d.dateStarted ?? null, d.dateFinished ?? Date.now(),
  ]))!;
}

export async function listDeploys(db: Db, releaseId: number): Promise<DeployRow[]> {
  return db.all<DeployRow>('SELECT * FROM deploys WHERE release_id = ? ORDER BY date_finished DESC, id DESC', [releaseId]);
}

function safeParse(s: string | null): Record<string, unknown> {
  try {
    const v = JSON.parse(s ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
