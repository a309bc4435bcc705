/**
 * @module Migration 12: the commits `sentry-cli releases set-commits` sends for a release (`--auto`/`--local` send
 * them from the local git history), in the order sent (newest first); a new set replaces the old one.
 */
import type { Migration } from './migration.ts';

export const releaseCommits: Migration = {
  version: 12,
  name: 'release-commits',
  sql: `
CREATE TABLE release_commits (
  id {{id}},
  release_id {{bigint}} NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  commit_id TEXT NOT NULL,
  repository TEXT,
  message TEXT,
  author_name TEXT,
  author_email TEXT,
  date_committed {{bigint}},
  UNIQUE (release_id, position)
);
`,
};
