/**
 * @module Migration 14: replay segments' bytes move to the blob store (files under `<data dir>/blobs/replay/` with
 * SQLite, the `blobs` table with PostgreSQL). `blob_key` names a segment's blob; new rows leave `payload` empty.
 * Rows stored before keep their bytes in `payload` (NULL `blob_key`) and are read from there until retention or a
 * delete removes them: nothing is copied at upgrade, so a large store upgrades at once.
 * Dead and rage clicks: each segment's (`dead_clicks`, `rage_clicks`), summed on its replay (`count_dead_clicks`,
 * `count_rage_clicks`, Sentry's names) for the list's filters and sort. Segments stored before count 0.
 */
import type { Migration } from './migration.ts';

export const replaySegmentBlobs: Migration = {
  version: 14,
  name: 'replay-segment-blobs',
  sql: `
ALTER TABLE replay_segments ADD COLUMN blob_key TEXT;
ALTER TABLE replay_segments ADD COLUMN dead_clicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replay_segments ADD COLUMN rage_clicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replays ADD COLUMN count_dead_clicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replays ADD COLUMN count_rage_clicks INTEGER NOT NULL DEFAULT 0;
`,
};
