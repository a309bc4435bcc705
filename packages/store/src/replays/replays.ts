/** @module The `replays` table: one merged row per (project, replay id) — read, upsert, delete (with its segments and error links). */
import type { ReplaySummary } from '@faultline/pipeline';
import type { BlobStore } from '../artifacts/blob-store.ts';
import type { Db } from '../db/db.ts';
import { deleteBlobs, deleteReplayRows } from './replay-segments.ts';

export interface ReplayRow {
  project_id: number;
  replay_id: string;
  environment: string | null;
  release: string | null;
  dist: string | null;
  user_id: string | null;
  user_email: string | null;
  user_username: string | null;
  user_ip: string | null;
  browser_name: string | null;
  browser_version: string | null;
  os_name: string | null;
  os_version: string | null;
  device_name: string | null;
  device_brand: string | null;
  device_model: string | null;
  device_family: string | null;
  urls: string;
  trace_ids: string;
  error_ids: string;
  tags: string;
  count_errors: number;
  count_urls: number;
  /** Sums of the replay's segments' dead and rage clicks. */
  count_dead_clicks: number;
  count_rage_clicks: number;
  started_at: number;
  finished_at: number;
  duration: number;
  replay_type: string | null;
  platform: string | null;
  sdk_name: string | null;
  sdk_version: string | null;
  /** Stored segments, counted when read. */
  count_segments: number;
}

const COLUMNS = [
  'environment', 'release', 'dist', 'user_id', 'user_email', 'user_username', 'user_ip', 'browser_name', 'browser_version',
  'os_name', 'os_version', 'device_name', 'device_brand', 'device_model', 'device_family', 'urls', 'trace_ids', 'error_ids',
  'tags', 'count_errors', 'count_urls', 'started_at', 'finished_at', 'duration', 'replay_type', 'platform', 'sdk_name', 'sdk_version',
] as const;

/** The SELECT list of a replay row, with its segment count (alias `r` for `replays`). */
export const REPLAY_SELECT = `r.project_id, r.replay_id, ${COLUMNS.map((c) => `r.${c}`).join(', ')}, r.count_dead_clicks, r.count_rage_clicks,
  (SELECT COUNT(*) FROM replay_segments s WHERE s.project_id = r.project_id AND s.replay_id = r.replay_id) AS count_segments`;

const NUMERIC = ['project_id', 'count_errors', 'count_urls', 'count_dead_clicks', 'count_rage_clicks', 'started_at', 'finished_at', 'duration', 'count_segments'] as const;

/** PostgreSQL answers BIGINT and COUNT as strings. */
export function fixReplayRow(row: ReplayRow): ReplayRow {
  for (const k of NUMERIC) (row as unknown as Record<string, number>)[k] = Number(row[k]);
  return row;
}

const list = (text: string): string[] => {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? (v as string[]) : [];
};

export function replaySummaryOf(row: ReplayRow): ReplaySummary {
  return {
    replayId: row.replay_id,
    environment: row.environment,
    release: row.release,
    dist: row.dist,
    user: { id: row.user_id, email: row.user_email, username: row.user_username, ip: row.user_ip },
    browser: { name: row.browser_name, version: row.browser_version },
    os: { name: row.os_name, version: row.os_version },
    device: { name: row.device_name, brand: row.device_brand, model: row.device_model, family: row.device_family },
    urls: list(row.urls),
    traceIds: list(row.trace_ids),
    errorIds: list(row.error_ids),
    tags: JSON.parse(row.tags) as Record<string, string[]>,
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    replayType: row.replay_type,
    platform: row.platform,
    sdk: { name: row.sdk_name, version: row.sdk_version },
  };
}

export async function getReplay(db: Db, projectId: number, replayId: string): Promise<ReplayRow | undefined> {
  const row = await db.get<ReplayRow>(`SELECT ${REPLAY_SELECT} FROM replays r WHERE r.project_id = ? AND r.replay_id = ?`, [projectId, replayId]);
  return row && fixReplayRow(row);
}

/** The replay of one of `projectIds` with this id (replay ids are unique across projects in practice). */
export async function findReplay(db: Db, projectIds: number[], replayId: string): Promise<ReplayRow | undefined> {
  if (projectIds.length === 0) return undefined;
  const row = await db.get<ReplayRow>(
    `SELECT ${REPLAY_SELECT} FROM replays r WHERE r.replay_id = ? AND r.project_id IN (${projectIds.map(() => '?').join(', ')}) ORDER BY r.project_id LIMIT 1`,
    [replayId, ...projectIds],
  );
  return row && fixReplayRow(row);
}

/** Writes the merged replay (the caller merged it with what `getReplay` returned, in the same transaction). */
export async function upsertReplay(db: Db, projectId: number, s: ReplaySummary): Promise<void> {
  const values = [
    s.environment, s.release, s.dist, s.user.id, s.user.email, s.user.username, s.user.ip, s.browser.name, s.browser.version,
    s.os.name, s.os.version, s.device.name, s.device.brand, s.device.model, s.device.family, JSON.stringify(s.urls),
    JSON.stringify(s.traceIds), JSON.stringify(s.errorIds), JSON.stringify(s.tags), s.errorIds.length, s.urls.length,
    s.startedAt, s.finishedAt, Math.max(0, Math.round((s.finishedAt - s.startedAt) / 1000)), s.replayType, s.platform, s.sdk.name, s.sdk.version,
  ];
  await db.run(
    // A new row starts with the clicks of segments that came before it; after that segments add their own.
    `INSERT INTO replays (project_id, replay_id, ${COLUMNS.join(', ')}, count_dead_clicks, count_rage_clicks)
     SELECT ?, ?, ${COLUMNS.map(() => '?').join(', ')}, COALESCE(SUM(s.dead_clicks), 0), COALESCE(SUM(s.rage_clicks), 0)
     FROM replay_segments s WHERE s.project_id = ? AND s.replay_id = ?
     ON CONFLICT (project_id, replay_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    [projectId, s.replayId, ...values, projectId, s.replayId],
  );
}

/** Deletes the replay, its segments (rows and blobs) and its error links; false when there was no such replay. */
export async function deleteReplay(db: Db, blobs: BlobStore, projectId: number, replayId: string): Promise<boolean> {
  const gone = await db.transaction((tx) => deleteReplayRows(tx, projectId, [replayId]));
  await deleteBlobs(blobs, gone.blobKeys);
  return gone.replays + gone.segments > 0;
}

/** Whether a project other than `projectId` already holds a replay or segment with this id (ids are per-project). */
export async function replayIdTakenElsewhere(db: Db, projectId: number, replayId: string): Promise<boolean> {
  const row = await db.get<{ x: number }>(
    `SELECT 1 AS x FROM replays WHERE replay_id = ? AND project_id <> ?
     UNION ALL SELECT 1 AS x FROM replay_segments WHERE replay_id = ? AND project_id <> ? LIMIT 1`,
    [replayId, projectId, replayId, projectId],
  );
  return Boolean(row);
}
