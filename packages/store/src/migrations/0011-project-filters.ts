/**
 * @module Migration 11: each project's inbound data filters (which are on, error-message and release globs) and
 * `allowedDomains`, as one JSON column; NULL means every filter off and every domain allowed.
 */
import type { Migration } from './migration.ts';

export const projectFilters: Migration = {
  version: 11,
  name: 'project-filters',
  sql: `ALTER TABLE projects ADD COLUMN filter_options TEXT;`,
};
