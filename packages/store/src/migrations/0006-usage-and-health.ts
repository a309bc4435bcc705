/**
 * @module Migration 6: usage stats and release health.
 * - `accepted_counts`: items digest stored, per project, hour and data category (the `accepted` outcome; the
 *   dropped ones are in `outcomes`). Counted in the digest batch, once the item is stored.
 * - `session_states`: one row per `session` item's `sid`, so a session is counted once as started and its
 *   errored/crashed/abnormal status once, however many updates it sends. Keyed by the hour the session started.
 * - `session_users`: exact distinct users (`did`) per project, start hour, release and environment with the worst
 *   status any of their sessions reached (0 healthy, 1 errored, 2 abnormal, 3 crashed), for crash-free users.
 * From this version on, `session_counts` statuses mean: `started`; `errored` = every unhealthy session (errors > 0,
 * or ended errored, crashed or abnormal); `crashed`; `abnormal`. Rows written before it are left as they were.
 */
import type { Migration } from './migration.ts';

export const usageAndHealth: Migration = {
  version: 6,
  name: 'usage-and-health',
  sql: `
CREATE TABLE accepted_counts (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, category TEXT NOT NULL,
  quantity {{bigint}} NOT NULL, PRIMARY KEY (project_id, hour, category));
CREATE TABLE session_states (project_id {{bigint}} NOT NULL, sid TEXT NOT NULL, hour {{bigint}} NOT NULL, release TEXT NOT NULL,
  environment TEXT NOT NULL, did TEXT, errored INTEGER NOT NULL, status TEXT NOT NULL, updated {{bigint}} NOT NULL,
  PRIMARY KEY (project_id, sid));
CREATE INDEX session_states_updated ON session_states (updated);
CREATE TABLE session_users (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, release TEXT NOT NULL, environment TEXT NOT NULL,
  did TEXT NOT NULL, worst INTEGER NOT NULL, PRIMARY KEY (project_id, hour, release, environment, did));
`,
};
