/**
 * @module Artifact bundles as stored: one row per assembled upload, its projects, and one row per file with the
 * debug ID and type it is found by. A bundle uploaded with a release also indexes its files by release + dist +
 * URL (release-files.ts), so events without debug IDs still find them.
 */
import type { Db } from '../db/db.ts';

export interface BundleFileInput {
  path: string;
  url: string | null;
  type: string;
  debugId: string | null;
  blobKey: string;
  size: number;
  headers: Record<string, string>;
}

export interface NewBundle {
  orgId: number;
  bundleId: string;
  checksum: string;
  release: string | null;
  dist: string | null;
  projectIds: number[];
  size: number;
  files: BundleFileInput[];
}

export interface ArtifactBundleRow {
  id: number;
  org_id: number;
  bundle_id: string;
  checksum: string;
  release: string | null;
  dist: string | null;
  file_count: number;
  size: number;
  date_uploaded: number;
}

export interface ArtifactFileRow {
  id: number;
  bundle_id: number;
  path: string;
  url: string | null;
  type: string;
  debug_id: string | null;
  blob_key: string;
  size: number;
  headers: string;
}

/** Inserts a bundle and its index inside one transaction. Idempotent: the same checksum again returns the first. */
export async function insertArtifactBundle(db: Db, b: NewBundle): Promise<{ id: number; created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await tx.get<{ id: number }>('SELECT id FROM artifact_bundles WHERE org_id = ? AND checksum = ?', [b.orgId, b.checksum]);
    if (existing) return { id: Number(existing.id), created: false };
    const now = Date.now();
    const row = await tx.get<{ id: number }>(
      `INSERT INTO artifact_bundles (org_id, bundle_id, checksum, release, dist, file_count, size, date_uploaded)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, checksum) DO NOTHING RETURNING id`,
      [b.orgId, b.bundleId, b.checksum, b.release, b.dist, b.files.length, b.size, now],
    );
    if (!row) {
      // Another node assembled the same upload a moment ago.
      const other = await tx.get<{ id: number }>('SELECT id FROM artifact_bundles WHERE org_id = ? AND checksum = ?', [b.orgId, b.checksum]);
      return { id: Number(other!.id), created: false };
    }
    const id = Number(row.id);
    for (const p of new Set(b.projectIds)) await tx.run('INSERT INTO artifact_bundle_projects (bundle_id, project_id) VALUES (?, ?)', [id, p]);
    for (const f of b.files) {
      await tx.run('INSERT INTO artifact_files (bundle_id, path, url, type, debug_id, blob_key, size, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        id, f.path, f.url, f.type, f.debugId, f.blobKey, f.size, JSON.stringify(f.headers),
      ]);
      if (b.release && f.url) {
        await tx.run('INSERT INTO release_files (org_id, release, dist, name, blob_key, size, headers, bundle_id, date_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          b.orgId, b.release, b.dist ?? '', f.url, f.blobKey, f.size, JSON.stringify(f.headers), id, now,
        ]);
      }
    }
    return { id, created: true };
  });
}

/**
 * The newest file with this debug ID and type that the project may use: only bundles linked to the project, so
 * another team's upload carrying the same debug ID never changes this project's frames. Debug IDs are random
 * UUIDs, so a match is the same build.
 */
export async function findFileByDebugId(db: Db, orgId: number, projectId: number, debugId: string, type: string): Promise<ArtifactFileRow | undefined> {
  return db.get<ArtifactFileRow>(
    `SELECT f.* FROM artifact_files f JOIN artifact_bundles b ON b.id = f.bundle_id
     WHERE f.debug_id = ? AND f.type = ? AND b.org_id = ?
       AND EXISTS (SELECT 1 FROM artifact_bundle_projects p WHERE p.bundle_id = b.id AND p.project_id = ?)
     ORDER BY b.date_uploaded DESC, b.id DESC LIMIT 1`,
    [debugId, type, orgId, projectId],
  );
}

/** The projects (with their teams) of the bundles that already carry any of these debug IDs. */
export async function debugIdOwners(db: Db, orgId: number, debugIds: string[]): Promise<Array<{ debug_id: string; project_id: number; team_id: number | null }>> {
  const out: Array<{ debug_id: string; project_id: number; team_id: number | null }> = [];
  const unique = [...new Set(debugIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    out.push(
      ...(await db.all<{ debug_id: string; project_id: number; team_id: number | null }>(
        `SELECT DISTINCT f.debug_id, p.id AS project_id, p.team_id FROM artifact_files f JOIN artifact_bundles b ON b.id = f.bundle_id
         JOIN artifact_bundle_projects bp ON bp.bundle_id = b.id JOIN projects p ON p.id = bp.project_id
         WHERE b.org_id = ? AND f.debug_id IN (${part.map(() => '?').join(', ')})`,
        [orgId, ...part],
      )),
    );
  }
  return out;
}

export async function listArtifactBundles(db: Db, orgId: number, opts: { release?: string; limit?: number; offset?: number } = {}): Promise<ArtifactBundleRow[]> {
  const where = opts.release !== undefined ? 'AND release = ?' : '';
  const params = opts.release !== undefined ? [orgId, opts.release] : [orgId];
  return db.all<ArtifactBundleRow>(`SELECT * FROM artifact_bundles WHERE org_id = ? ${where} ORDER BY date_uploaded DESC, id DESC LIMIT ? OFFSET ?`, [
    ...params,
    opts.limit ?? 100,
    opts.offset ?? 0,
  ]);
}

/**
 * The bundles a path names (by bundle id or checksum), newest first. Several teams may upload bundles with the
 * same bundle id; callers take the first one the caller may see.
 */
export async function findArtifactBundles(db: Db, orgId: number, bundleId: string): Promise<ArtifactBundleRow[]> {
  return db.all<ArtifactBundleRow>('SELECT * FROM artifact_bundles WHERE org_id = ? AND (bundle_id = ? OR checksum = ?) ORDER BY id DESC LIMIT 50', [orgId, bundleId, bundleId]);
}

export async function listBundleFiles(db: Db, bundleRowId: number): Promise<ArtifactFileRow[]> {
  return db.all<ArtifactFileRow>('SELECT * FROM artifact_files WHERE bundle_id = ? ORDER BY path', [bundleRowId]);
}

export async function bundleProjectIds(db: Db, bundleRowId: number): Promise<number[]> {
  return (await db.all<{ project_id: number }>('SELECT project_id FROM artifact_bundle_projects WHERE bundle_id = ?', [bundleRowId])).map((r) => Number(r.project_id));
}

/** The bundle's projects with their teams (for access checks). */
export async function bundleProjects(db: Db, bundleRowId: number): Promise<Array<{ id: number; team_id: number | null }>> {
  return db.all('SELECT p.id, p.team_id FROM artifact_bundle_projects bp JOIN projects p ON p.id = bp.project_id WHERE bp.bundle_id = ?', [bundleRowId]);
}

export async function deleteArtifactBundle(db: Db, orgId: number, bundleRowId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const b = await tx.get<{ checksum: string }>('SELECT checksum FROM artifact_bundles WHERE id = ? AND org_id = ?', [bundleRowId, orgId]);
    if (!b) return false;
    // Child rows first: SQLite enforces ON DELETE CASCADE only with foreign_keys on, so don't rely on it.
    await tx.run('DELETE FROM release_files WHERE bundle_id = ?', [bundleRowId]);
    await tx.run('DELETE FROM artifact_files WHERE bundle_id = ?', [bundleRowId]);
    await tx.run('DELETE FROM artifact_bundle_projects WHERE bundle_id = ?', [bundleRowId]);
    await tx.run('DELETE FROM artifact_bundles WHERE id = ?', [bundleRowId]);
    await tx.run("DELETE FROM assemble_status WHERE org_id = ? AND kind = 'artifact_bundle' AND checksum = ?", [orgId, b.checksum]);
    return true;
  });
}
