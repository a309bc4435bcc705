/**
 * @module Uploaded source maps expire after their last use, not their upload: an artifact bundle is last used at
 * the latest of its upload, the last time it served a frame by debug ID (`last_used`, migration 0016, recorded by
 * `touchArtifactBundle` at most hourly) and the last event seen on its release; an individually uploaded release
 * file at the latest of its upload and its release's last event. What expired goes in batches, rows first, then
 * every blob (file on disk, or row on PostgreSQL) no remaining file refers to — content-addressed blobs can be
 * shared by several bundles. `artifactBytes` is what the disk budget counts of them.
 */
import type { Db } from '../db/db.ts';
import type { BlobStore } from './blob-store.ts';
import { deleteArtifactBundle } from './artifact-bundles.ts';

/** Records that the bundle served a frame at `now` (callers throttle it: once an hour per bundle is plenty). */
export async function touchArtifactBundle(db: Db, bundleRowId: number, now = Date.now()): Promise<void> {
  await db.run('UPDATE artifact_bundles SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)', [now, bundleRowId, now]);
}

async function unreferencedBlobs(db: Db, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of new Set(keys)) {
    const used = await db.get('SELECT 1 AS x FROM artifact_files WHERE blob_key = ? UNION ALL SELECT 1 AS x FROM release_files WHERE blob_key = ? LIMIT 1', [key, key]);
    if (!used) out.push(key);
  }
  return out;
}

export interface ExpiredArtifacts {
  bundles: number;
  releaseFiles: number;
  blobs: number;
}

/**
 * Deletes up to `limit` artifact bundles and up to `limit` individually uploaded release files last used before
 * `before` (ms), with the blobs only they referred to; returns how many of each went (fewer than `limit` of both:
 * nothing more to do for now).
 */
export async function expireArtifacts(db: Db, blobs: BlobStore, before: number, limit: number): Promise<ExpiredArtifacts> {
  const bundles = await db.all<{ id: number; org_id: number }>(
    `SELECT b.id, b.org_id FROM artifact_bundles b LEFT JOIN releases r ON r.org_id = b.org_id AND r.version = b.release
     WHERE b.date_uploaded < ? AND (b.last_used IS NULL OR b.last_used < ?) AND (r.last_event IS NULL OR r.last_event < ?)
     ORDER BY b.id LIMIT ?`,
    [before, before, before, limit],
  );
  const keys: string[] = [];
  for (const b of bundles) {
    const files = await db.all<{ blob_key: string }>('SELECT blob_key FROM artifact_files WHERE bundle_id = ? UNION ALL SELECT blob_key FROM release_files WHERE bundle_id = ?', [b.id, b.id]);
    keys.push(...files.map((f) => f.blob_key));
    await deleteArtifactBundle(db, Number(b.org_id), Number(b.id));
  }
  const files = await db.all<{ id: number; blob_key: string }>(
    `SELECT rf.id, rf.blob_key FROM release_files rf LEFT JOIN releases r ON r.org_id = rf.org_id AND r.version = rf.release
     WHERE rf.bundle_id IS NULL AND rf.date_created < ? AND (r.last_event IS NULL OR r.last_event < ?) ORDER BY rf.id LIMIT ?`,
    [before, before, limit],
  );
  for (const f of files) {
    keys.push(f.blob_key);
    await db.run('DELETE FROM release_files WHERE id = ?', [f.id]);
  }
  const gone = await unreferencedBlobs(db, keys);
  for (const key of gone) await blobs.delete(key);
  return { bundles: bundles.length, releaseFiles: files.length, blobs: gone.length };
}

/** Bytes of uploaded files the store keeps (each bundle's files, and the files uploaded one by one). */
export async function artifactBytes(db: Db): Promise<number> {
  const r = await db.get<{ n: number | string | null }>(
    'SELECT (SELECT COALESCE(SUM(size), 0) FROM artifact_files) + (SELECT COALESCE(SUM(size), 0) FROM release_files WHERE bundle_id IS NULL) AS n',
  );
  return Number(r?.n ?? 0);
}
