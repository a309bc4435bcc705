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

/** The newest file uploaded under exactly this name. */
export async function findReleaseFile(db: Db, orgId: number, release: string, dist: string, name: string): Promise<ReleaseFileRow | undefined> {
  return db.get<ReleaseFileRow>('SELECT * FROM release_files WHERE org_id = ? AND release = ? AND dist = ? AND name = ? ORDER BY id DESC LIMIT 1', [orgId, release, dist, name]);
}

export async function releaseHasFiles(db: Db, orgId: number, release: string, dist: string): Promise<boolean> {
  return (await db.get('SELECT 1 AS x FROM release_files WHERE org_id = ? AND release = ? AND dist = ? LIMIT 1', [orgId, release, dist])) !== undefined;
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
