/**
 * @module Migration 17: finding the replay segments still to move. Segments stored before migration 14 keep their
 * bytes in `payload` (NULL `blob_key`) and counted 0 dead and rage clicks; the server's replay-segments job
 * (`moveLegacyReplaySegments`) moves them into the blob store and counts their clicks a batch at a time, in the
 * background, so a big store upgrades at once. This partial index holds only the rows left to move, so each batch
 * finds them without scanning the moved ones.
 */
import type { Migration } from './migration.ts';

export const replayLegacySegments: Migration = {
  version: 17,
  name: 'replay-legacy-segments',
  sql: `
CREATE INDEX replay_segments_legacy ON replay_segments (project_id, replay_id, segment_id) WHERE blob_key IS NULL;
`,
};
