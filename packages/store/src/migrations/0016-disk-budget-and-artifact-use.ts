/**
 * @module Migration 16: a project's own disk budget in bytes (`maxDiskBytes` in the project API; NULL = none, only
 * the server's `--max-disk-bytes` applies), and when an artifact bundle last served a frame (`last_used`, ms;
 * NULL = never since upload), so uploaded source maps expire after their last use, not their upload.
 */
import type { Migration } from './migration.ts';

export const diskBudgetAndArtifactUse: Migration = {
  version: 16,
  name: 'disk-budget-and-artifact-use',
  sql: `
ALTER TABLE projects ADD COLUMN max_disk_bytes {{bigint}};
ALTER TABLE artifact_bundles ADD COLUMN last_used {{bigint}};
`,
};
