/**
 * @module The `replay_segments` table: each recording segment once per (project, replay id, segment id). Its bytes
 * live in the blob store under `replaySegmentKey` (migration 14's `blob_key`); rows written before that keep them in
 * the `payload` column, and reads take either (new rows leave `payload` empty).
 */
import { DbBlobStore, type BlobStore } from '../artifacts/blob-store.ts';
import type { Db } from '../db/db.ts';

export interface ReplaySegmentInput {
  projectId: number;
  replayId: string;
  segmentId: number;
  received: number;
  /** The scrubbed item payload (header line + body), as digest produced it. */
  payload: Uint8Array;
  decompressedSize: number;
  compressed: boolean;
  /** Dead and rage clicks in the segment (pipeline's `countFrustrationClicks`), added to its replay's counts. */
  deadClicks: number;
  rageClicks: number;
}

export interface ReplaySegmentRow {
  segment_id: number;
  received: number;
  size: number;
  decompressed_size: number;
  compressed: number;
  /** Where its bytes are in the blob store; null for a segment stored before migration 14 (in `payload`). */
  blob_key: string | null;
}

/** The blob key of one segment. */
export function replaySegmentKey(projectId: number, replayId: string, segmentId: number): string {
  return `replay/${projectId}/${replayId}/${segmentId}`;
}

/**
 * Stores the segment: its row (adding its dead and rage clicks to its replay's), then its bytes in `blobs` (pass the transaction's blob store, so on PostgreSQL both
 * commit together); false when it was already stored (a repeat), and then its bytes are left as they were.
 */
export async function insertReplaySegment(db: Db, blobs: BlobStore, s: ReplaySegmentInput): Promise<boolean> {
  const key = replaySegmentKey(s.projectId, s.replayId, s.segmentId);
  const r = await db.run(
    `INSERT INTO replay_segments (project_id, replay_id, segment_id, received, size, decompressed_size, compressed, payload, blob_key, dead_clicks, rage_clicks)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, replay_id, segment_id) DO NOTHING`,
    [s.projectId, s.replayId, s.segmentId, s.received, s.payload.byteLength, s.decompressedSize, s.compressed ? 1 : 0, new Uint8Array(0), key, s.deadClicks, s.rageClicks],
  );
  if (r.changes === 0) return false;
  // A segment that came before its replay's row is counted when that row is first written (`upsertReplay`).
  if (s.deadClicks > 0 || s.rageClicks > 0) {
    await db.run('UPDATE replays SET count_dead_clicks = count_dead_clicks + ?, count_rage_clicks = count_rage_clicks + ? WHERE project_id = ? AND replay_id = ?', [
      s.deadClicks,
      s.rageClicks,
      s.projectId,
      s.replayId,
    ]);
  }
  await blobs.put(key, s.payload);
  return true;
}

/** Whether this segment is already stored, and the decompressed bytes the replay's segments hold so far. */
export async function replaySegmentState(db: Db, projectId: number, replayId: string, segmentId: number): Promise<{ exists: boolean; totalBytes: number }> {
  const row = await db.get<{ total: number | string | null; hit: number | string | null }>(
    `SELECT SUM(decompressed_size) AS total, SUM(CASE WHEN segment_id = ? THEN 1 ELSE 0 END) AS hit
     FROM replay_segments WHERE project_id = ? AND replay_id = ?`,
    [segmentId, projectId, replayId],
  );
  return { exists: Number(row?.hit ?? 0) > 0, totalBytes: Number(row?.total ?? 0) };
}

/** How many segments the replay has stored. */
export async function countReplaySegments(db: Db, projectId: number, replayId: string): Promise<number> {
  const row = await db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM replay_segments WHERE project_id = ? AND replay_id = ?', [projectId, replayId]);
  return Number(row?.n ?? 0);
}

/** The replay's segments in order, without their bytes (`readReplaySegment` reads those). */
export async function listReplaySegments(db: Db, projectId: number, replayId: string, limit: number, offset: number): Promise<ReplaySegmentRow[]> {
  const rows = await db.all<ReplaySegmentRow>(
    `SELECT segment_id, received, size, decompressed_size, compressed, blob_key FROM replay_segments
     WHERE project_id = ? AND replay_id = ? ORDER BY segment_id LIMIT ? OFFSET ?`,
    [projectId, replayId, limit, offset],
  );
  return rows.map((r) => ({
    segment_id: Number(r.segment_id),
    received: Number(r.received),
    size: Number(r.size),
    decompressed_size: Number(r.decompressed_size),
    compressed: Number(r.compressed),
    blob_key: r.blob_key ?? null,
  }));
}

/** Listed segments' stored bytes (header line + body, as digest stored them), in their order, from the blob store or the old column. */
export async function readReplaySegments(db: Db, blobs: BlobStore, projectId: number, replayId: string, segments: ReplaySegmentRow[]): Promise<Uint8Array[]> {
  const found = await blobs.getMany(segments.flatMap((s) => (s.blob_key ? [s.blob_key] : [])));
  const out: Uint8Array[] = [];
  for (const s of segments) {
    const bytes = s.blob_key
      ? found.get(s.blob_key)
      : (await db.get<{ payload: Uint8Array }>('SELECT payload FROM replay_segments WHERE project_id = ? AND replay_id = ? AND segment_id = ?', [projectId, replayId, s.segment_id]))?.payload;
    if (!bytes) throw new Error(`segment ${s.segment_id} of replay ${replayId} has no stored bytes`);
    out.push(bytes);
  }
  return out;
}

/** One listed segment's stored bytes. */
export async function readReplaySegment(db: Db, blobs: BlobStore, projectId: number, replayId: string, segment: ReplaySegmentRow): Promise<Uint8Array> {
  return (await readReplaySegments(db, blobs, projectId, replayId, [segment]))[0]!;
}

/**
 * Deletes the rows of these replays of a project (segments with their `blobs` rows, error links, the replays) in
 * `tx`; returns the blob keys of their segments, for the caller to delete any file-kept ones once the transaction
 * committed (a crash in between leaves files no row names — `sweepReplayFiles` removes them — never a row without
 * its bytes).
 */
export async function deleteReplayRows(tx: Db, projectId: number, replayIds: string[]): Promise<{ replays: number; segments: number; blobKeys: string[] }> {
  if (replayIds.length === 0) return { replays: 0, segments: 0, blobKeys: [] };
  const list = replayIds.map(() => '?').join(', ');
  const params = [projectId, ...replayIds];
  const keys = await tx.all<{ blob_key: string }>(`SELECT blob_key FROM replay_segments WHERE project_id = ? AND replay_id IN (${list}) AND blob_key IS NOT NULL`, params);
  // Their rows of `blobs` go in this transaction (no row of bytes outlives its segment); the returned keys are for
  // the files an older Faultline wrote, deleted after the commit.
  for (let i = 0; i < keys.length; i += 500) {
    const some = keys.slice(i, i + 500).map((k) => k.blob_key);
    await tx.run(`DELETE FROM blobs WHERE key IN (${some.map(() => '?').join(', ')})`, some);
  }
  const segments = await tx.run(`DELETE FROM replay_segments WHERE project_id = ? AND replay_id IN (${list})`, params);
  await tx.run(`DELETE FROM replay_errors WHERE project_id = ? AND replay_id IN (${list})`, params);
  const replays = await tx.run(`DELETE FROM replays WHERE project_id = ? AND replay_id IN (${list})`, params);
  return { replays: replays.changes, segments: segments.changes, blobKeys: keys.map((k) => k.blob_key) };
}

/** After `deleteReplayRows` committed: the segments' files, if any (their `blobs` rows went in its transaction). */
export async function deleteBlobs(blobs: BlobStore, keys: string[]): Promise<void> {
  if (blobs instanceof DbBlobStore) return; // PostgreSQL: no files, and the rows are gone already
  for (const key of keys) await blobs.delete(key);
}

/** A legacy segment's dead and rage clicks, from its stored payload (header line + body); the caller decodes it. */
export type SegmentClicks = (payload: Uint8Array) => { dead: number; rage: number };

/**
 * Moves up to `limit` segments stored before migration 14 (bytes in `payload`, no `blob_key`) into the blob store,
 * in one transaction: each gets its blob (`openBlobs(tx)`, so the blob commits with the row), its `blob_key`, an
 * empty `payload`, and its dead and rage clicks (counted 0 when it was stored), which its replay's counts gain.
 * Returns how many moved; resumable, since a moved row no longer matches (migration 17's partial index finds the rest).
 */
export async function moveLegacyReplaySegments(db: Db, openBlobs: (tx: Db) => BlobStore, limit: number, clicksOf: SegmentClicks): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.all<{ project_id: number | string; replay_id: string; segment_id: number | string; payload: Uint8Array }>(
      'SELECT project_id, replay_id, segment_id, payload FROM replay_segments WHERE blob_key IS NULL ORDER BY project_id, replay_id, segment_id LIMIT ?',
      [limit],
    );
    const blobs = openBlobs(tx);
    for (const r of rows) {
      const [projectId, segmentId] = [Number(r.project_id), Number(r.segment_id)];
      const key = replaySegmentKey(projectId, r.replay_id, segmentId);
      const payload = Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength);
      let clicks = { dead: 0, rage: 0 };
      try {
        clicks = clicksOf(payload);
      } catch {
        /* a segment that does not decode keeps 0, as it had */
      }
      await blobs.delete(key); // a stale blob under the key (a deleted replay's leftover) must not stand in for these bytes
      await blobs.put(key, payload);
      await tx.run('UPDATE replay_segments SET blob_key = ?, payload = ?, dead_clicks = ?, rage_clicks = ? WHERE project_id = ? AND replay_id = ? AND segment_id = ?', [
        key,
        new Uint8Array(0),
        clicks.dead,
        clicks.rage,
        projectId,
        r.replay_id,
        segmentId,
      ]);
      if (clicks.dead > 0 || clicks.rage > 0) {
        await tx.run('UPDATE replays SET count_dead_clicks = count_dead_clicks + ?, count_rage_clicks = count_rage_clicks + ? WHERE project_id = ? AND replay_id = ?', [
          clicks.dead,
          clicks.rage,
          projectId,
          r.replay_id,
        ]);
      }
    }
    return rows.length;
  });
}

/** Whether a stored segment names this blob key (a file under `blobs/replay/` with no such row is an orphan). */
export async function replaySegmentNamesKey(db: Db, projectId: number, replayId: string, segmentId: number, key: string): Promise<boolean> {
  return !!(await db.get('SELECT 1 AS hit FROM replay_segments WHERE project_id = ? AND replay_id = ? AND segment_id = ? AND blob_key = ?', [projectId, replayId, segmentId, key]));
}
