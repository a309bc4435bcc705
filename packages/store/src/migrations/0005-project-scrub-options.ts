/**
 * @module Migration 5: each project's data-scrubbing options (Sentry's `dataScrubber`, `dataScrubberDefaults`,
 * `sensitiveFields`, `safeFields`, `scrubIPAddresses`) as one JSON column; NULL means the defaults.
 */
import type { Migration } from './migration.ts';

export const projectScrubOptions: Migration = {
  version: 5,
  name: 'project-scrub-options',
  sql: `ALTER TABLE projects ADD COLUMN scrub_options TEXT;`,
};
