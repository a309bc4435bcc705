/**
 * @module Migration 7: session replays.
 * - `replays`: one row per (project, replay id), merged from every `replay_event` segment: who, where, when,
 *   with `urls`, `trace_ids`, `error_ids` and `tags` as JSON text (unions across segments).
 * - `replay_segments`: each `replay_recording` segment once per (project, replay id, segment id): the scrubbed
 *   payload as digest produced it (header line + body, compressed as sent), its size and decompressed size.
 * - `replay_errors`: error events that named the replay (`contexts.replay.replay_id`), with their issue.
 */
import type { Migration } from './migration.ts';

export const replays: Migration = {
  version: 7,
  name: 'replays',
  sql: `
CREATE TABLE replays (project_id {{bigint}} NOT NULL, replay_id TEXT NOT NULL, environment TEXT, release TEXT, dist TEXT,
  user_id TEXT, user_email TEXT, user_username TEXT, user_ip TEXT,
  browser_name TEXT, browser_version TEXT, os_name TEXT, os_version TEXT,
  device_name TEXT, device_brand TEXT, device_model TEXT, device_family TEXT,
  urls TEXT NOT NULL, trace_ids TEXT NOT NULL, error_ids TEXT NOT NULL, tags TEXT NOT NULL,
  count_errors INTEGER NOT NULL, count_urls INTEGER NOT NULL,
  started_at {{bigint}} NOT NULL, finished_at {{bigint}} NOT NULL, duration {{bigint}} NOT NULL,
  replay_type TEXT, platform TEXT, sdk_name TEXT, sdk_version TEXT,
  PRIMARY KEY (project_id, replay_id));
CREATE INDEX replays_started ON replays (project_id, started_at);
CREATE INDEX replays_id ON replays (replay_id);
CREATE TABLE replay_segments (project_id {{bigint}} NOT NULL, replay_id TEXT NOT NULL, segment_id INTEGER NOT NULL,
  received {{bigint}} NOT NULL, size {{bigint}} NOT NULL, decompressed_size {{bigint}} NOT NULL, compressed INTEGER NOT NULL,
  payload {{blob}} NOT NULL, PRIMARY KEY (project_id, replay_id, segment_id));
CREATE INDEX replay_segments_id ON replay_segments (replay_id);
CREATE TABLE replay_errors (project_id {{bigint}} NOT NULL, replay_id TEXT NOT NULL, event_id TEXT NOT NULL,
  issue_id {{bigint}} NOT NULL, PRIMARY KEY (project_id, replay_id, event_id));
CREATE INDEX replay_errors_issue ON replay_errors (issue_id);
`,
};
