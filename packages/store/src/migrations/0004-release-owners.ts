/**
 * @module Migration 4: which of a release's projects own it. `release_projects.explicit` is 1 for a project the
 * release was created for or linked to through the API (sentry-cli, the bundler plugins), 0 for one that merely
 * sent an event naming the release. Ownership decides who may change the release and whose events may use its
 * individually uploaded files; an event naming a release must not hand another team either. Rows from before
 * this migration are kept as owners (the safe reading: nothing becomes writable that was not linked).
 */
import type { Migration } from './migration.ts';

export const releaseOwners: Migration = {
  version: 4,
  name: 'release-owners',
  sql: `
ALTER TABLE release_projects ADD COLUMN explicit INTEGER NOT NULL DEFAULT 1;
`,
};
