/**
 * @module Migration 21: the issue list's other two sorts, `freq` (times seen) and `new` (first seen), read in
 * index order within a project and status, as the default sort (last seen) already does
 * (`issues_project_status_last_seen`). Without them a page of 25 sorted every issue of the project: at 10,000
 * issues ~10 ms of CPU per request on SQLite, growing with the issue count (bench/README.md, "Large stores").
 */
import type { Migration } from './migration.ts';

export const issueSortIndexes: Migration = {
  version: 19,
  name: 'issue-sort-indexes',
  sql: `
CREATE INDEX issues_project_status_times_seen ON issues (project_id, status, times_seen);
CREATE INDEX issues_project_status_first_seen ON issues (project_id, status, first_seen);
`,
};
