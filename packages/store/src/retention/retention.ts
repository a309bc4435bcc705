/**
 * @module Retention: deleting stored data past its age in small batches (one node at a time, under a lease:
 * `leases/lease.ts`). An issue keeps its first and its latest event however old they are, so it never becomes
 * an issue without an event; its counts, first/last seen and hourly counts are not touched.
 */
import type { BlobStore } from '../artifacts/blob-store.ts';
import type { Db } from '../db/db.ts';
import { deleteBlobs, deleteReplayRows } from '../replays/replay-segments.ts';

/**
 * Deletes up to `limit` events of a project received before `before`, oldest first, except each issue's first and
 * latest event. Returns how many were deleted (fewer than `limit`: nothing more to do for now).
 */
export async function deleteExpiredEvents(db: Db, projectId: number, before: number, limit: number): Promise<number> {
  const r = await db.run(
    `DELETE FROM events WHERE id IN (
       SELECT e.id FROM events e
       WHERE e.project_id = ? AND e.received < ?
         AND e.id <> COALESCE((SELECT x.id FROM events x WHERE x.issue_id = e.issue_id ORDER BY x.timestamp ASC, x.id ASC LIMIT 1), -1)
         AND e.id <> COALESCE((SELECT x.id FROM events x WHERE x.issue_id = e.issue_id ORDER BY x.timestamp DESC, x.id DESC LIMIT 1), -1)
       ORDER BY e.received LIMIT ?)`,
    [projectId, before, limit],
  );
  return r.changes;
}

/** Deletes up to `limit` raw items (transactions, spans, logs, attachments … kept as received) of a project received before `before`. */
export async function deleteExpiredRawItems(db: Db, projectId: number, before: number, limit: number): Promise<number> {
  const r = await db.run('DELETE FROM raw_items WHERE id IN (SELECT id FROM raw_items WHERE project_id = ? AND received < ? ORDER BY received LIMIT ?)', [
    projectId,
    before,
    limit,
  ]);
  return r.changes;
}

/**
 * Deletes up to `limit` replays of a project last active before `before` (its newest segment received, or its
 * summary's end when no segment came), oldest first, with their segments and error links, in one transaction so no
 * replay is left half deleted; then their segments' blobs.
 */
export async function deleteExpiredReplays(db: Db, projectId: number, before: number, limit: number, blobs: BlobStore): Promise<number> {
  const gone = await db.transaction(async (tx) => {
    const ids = await tx.all<{ replay_id: string }>(
      `SELECT replay_id FROM (
         SELECT replay_id, received AS t FROM replay_segments WHERE project_id = ?
         UNION ALL SELECT replay_id, finished_at AS t FROM replays WHERE project_id = ?) r
       GROUP BY replay_id HAVING MAX(t) < ? ORDER BY MAX(t) LIMIT ?`,
      [projectId, projectId, before, limit],
    );
    return { n: ids.length, ...(await deleteReplayRows(tx, projectId, ids.map((r) => r.replay_id))) };
  });
  await deleteBlobs(blobs, gone.blobKeys);
  return gone.n;
}
