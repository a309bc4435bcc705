/** @module The `replay_segments` table: each recording segment once per (project, replay id, segment id). */
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
}

export interface ReplaySegmentRow {
  segment_id: number;
  received: number;
  size: number;
  decompressed_size: number;
  compressed: number;
  payload: Uint8Array;
}

/** Stores the segment; false when it was already stored (a repeat). */
export async function insertReplaySegment(db: Db, s: ReplaySegmentInput): Promise<boolean> {
  const r = await db.run(
    `INSERT INTO replay_segments (project_id, replay_id, segment_id, received, size, decompressed_size, compressed, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, replay_id, segment_id) DO NOTHING`,
    [s.projectId, s.replayId, s.segmentId, s.received, s.payload.byteLength, s.decompressedSize, s.compressed ? 1 : 0, s.payload],
  );
  return r.changes > 0;
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

/** The replay's segments in order; `withPayload` false leaves the payload empty. */
export async function listReplaySegments(db: Db, projectId: number, replayId: string, limit: number, offset: number, withPayload: boolean): Promise<ReplaySegmentRow[]> {
  const rows = await db.all<ReplaySegmentRow>(
    `SELECT segment_id, received, size, decompressed_size, compressed${withPayload ? ', payload' : ''} FROM replay_segments
     WHERE project_id = ? AND replay_id = ? ORDER BY segment_id LIMIT ? OFFSET ?`,
    [projectId, replayId, limit, offset],
  );
  return rows.map((r) => ({
    segment_id: Number(r.segment_id),
    received: Number(r.received),
    size: Number(r.size),
    decompressed_size: Number(r.decompressed_size),
    compressed: Number(r.compressed),
    payload: r.payload ?? new Uint8Array(0),
  }));
}
