/**
 * @module Migration 10: a project's own error retention in days (`retentionDays` in the project API), overriding
 * `--retention-days` for that project, shorter or longer; NULL means the global setting.
 */
import type { Migration } from './migration.ts';

export const projectRetention: Migration = {
  version: 10,
  name: 'project-retention',
  sql: `ALTER TABLE projects ADD COLUMN retention_days INTEGER;`,
};
