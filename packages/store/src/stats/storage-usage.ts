/**
 * @module Storage used per project: rows and stored bytes of events (compressed bodies), of raw items by type, and
 * of session replays (kind `replays`: their recording segments, as stored, wherever their bytes live).
 * `size` is the stored length of each row's body, so this sums a column instead of reading blobs; it still scans
 * both tables, which is fine for a settings page but not for a hot path.
 */
import type { Db } from '../db/db.ts';

export interface StorageUsageRow {
  project_id: number;
  /** 'events', 'replays' (rows = recording segments), or the raw item type */
  kind: string;
  rows: number;
  bytes: number;
}

export async function storageUsage(db: Db, projectIds: number[]): Promise<StorageUsageRow[]> {
  if (projectIds.length === 0) return [];
  const ids = projectIds.map(() => '?').join(', ');
  const rows = await db.all<{ project_id: number; kind: string; n: number; bytes: number }>(
    `SELECT project_id, 'events' AS kind, COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM events WHERE project_id IN (${ids}) GROUP BY project_id
     UNION ALL
     SELECT project_id, type AS kind, COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM raw_items WHERE project_id IN (${ids}) GROUP BY project_id, type
     UNION ALL
     SELECT project_id, 'replays' AS kind, COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM replay_segments WHERE project_id IN (${ids}) GROUP BY project_id`,
    [...projectIds, ...projectIds, ...projectIds],
  );
  return rows.map((r) => ({ project_id: Number(r.project_id), kind: r.kind, rows: Number(r.n), bytes: Number(r.bytes) }));
}
