/**
 * @module Files found by release + dist + URL: legacy per-file uploads (`sentry-cli` 2.x without chunk upload),
 * release-file assemblies, and the files of artifact bundles uploaded with a release. `dist` '' means "none",
 * matching Sentry, where an event without a dist only sees files uploaded without one.
 */
import type { Db } from '../db/db.ts';

export interface ReleaseFileRow {
  id: number;
  org_id: number;
  release: string;
  dist: string;
  name: string;
  blob_key: string;
  size: number;
  headers: string;
  bundle_id: number | null;
  date_created: number;
}

export async function addReleaseFile(db: Db, f: { orgId: number; release: string; dist: string; name: string; blobKey: string; size: number; headers: Record<string, string> }): Promise<ReleaseFileRow> {
  return (await db.get<ReleaseFileRow>(
    'INSERT INTO release_files (org_id, release, dist, name, blob_key, size, headers, bundle_id, date_created) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING *',
    [f.orgId, f.release, f.dist, f.name, f.blobKey, f.size, JSON.stringify(f.headers), Date.now()],
  ))!;
}

/**
 * Whether project ? may use a release file: an individually uploaded one if the project owns the release (linked
 * through the API, not merely by an event naming it), a bundle's file if the bundle is linked to the project.
 * Takes the project id twice.
 */
const USABLE_BY_PROJECT = `((rf.bundle_id IS NULL AND EXISTS (SELECT 1 FROM releases r JOIN release_projects rp ON rp.release_id = r.id
    WHERE r.org_id = rf.org_id AND r.version = rf.release AND rp.project_id = ? AND rp.explicit = 1))
  OR (rf.bundle_id IS NOT NULL AND EXISTS (SELECT 1 FROM artifact_bundle_projects bp WHERE bp.bundle_id = rf.bundle_id AND bp.project_id = ?)))`;

/** The newest file uploaded under exactly this name that the project may use. */
export async function findReleaseFile(db: Db, orgId: number, projectId: number, release: string, dist: string, name: string): Promise<ReleaseFileRow | undefined> {
  return db.get<ReleaseFileRow>(
    `SELECT rf.* FROM release_files rf WHERE rf.org_id = ? AND rf.release = ? AND rf.dist = ? AND rf.name = ? AND ${USABLE_BY_PROJECT} ORDER BY rf.id DESC LIMIT 1`,
    [orgId, release, dist, name, projectId, projectId],
  );
}

/** Whether any file of the release and dist is usable by the project. */
export async function releaseHasFiles(db: Db, orgId: number, projectId: number, release: string, dist: string): Promise<boolean> {
  return (await db.get(`SELECT 1 AS x FROM release_files rf WHERE rf.org_id = ? AND rf.release = ? AND rf.dist = ? AND ${USABLE_BY_PROJECT} LIMIT 1`, [orgId, release, dist, projectId, projectId])) !== undefined;
}

/** Any file with this name in the release and dist, whoever may use it (uploads refuse duplicates). */
export async function releaseFileExists(db: Db, orgId: number, release: string, dist: string, name: string): Promise<boolean> {
  return (await db.get('SELECT 1 AS x FROM release_files WHERE org_id = ? AND release = ? AND dist = ? AND name = ? LIMIT 1', [orgId, release, dist, name])) !== undefined;
}

/**
 * The projects a release file belongs to, with their teams (for access checks): a bundle's file those of its
 * bundle, an individually uploaded file the release's owners.
 */
export async function releaseFileProjects(db: Db, f: Pick<ReleaseFileRow, 'org_id' | 'release' | 'bundle_id'>): Promise<Array<{ id: number; team_id: number | null }>> {
  if (f.bundle_id !== null) {
    return db.all('SELECT p.id, p.team_id FROM artifact_bundle_projects bp JOIN projects p ON p.id = bp.project_id WHERE bp.bundle_id = ?', [f.bundle_id]);
  }
  return db.all(
    'SELECT p.id, p.team_id FROM releases r JOIN release_projects rp ON rp.release_id = r.id JOIN projects p ON p.id = rp.project_id WHERE r.org_id = ? AND r.version = ? AND rp.explicit = 1',
    [f.org_id, f.release],
  );
}

export async function listReleaseFiles(db: Db, orgId: number, release: string, opts: { limit?: number; offset?: number } = {}): Promise<ReleaseFileRow[]> {
  return db.all<ReleaseFileRow>('SELECT * FROM release_files WHERE org_id = ? AND release = ? ORDER BY name, id LIMIT ? OFFSET ?', [orgId, release, opts.limit ?? 1000, opts.offset ?? 0]);
}

export async function getReleaseFile(db: Db, orgId: number, release: string, id: number): Promise<ReleaseFileRow | undefined> {
  return db.get<ReleaseFileRow>('SELECT * FROM release_files WHERE org_id = ? AND release = ? AND id = ?', [orgId, release, id]);
}

/** Only individually uploaded files can be deleted one by one; a bundle's files go with their bundle. */
export async function deleteReleaseFile(db: Db, orgId: number, release: string, id: number): Promise<boolean> {
  return (await db.run('DELETE FROM release_files WHERE org_id = ? AND release = ? AND id = ? AND bundle_id IS NULL', [orgId, release, id])).changes > 0;
}
