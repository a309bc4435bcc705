/**
 * @module Migration 19: each project's fingerprint rules as the text the user wrote (Sentry's
 * `fingerprintingRules`, one `matchers -> fingerprint` rule a line); NULL means none.
 */
import type { Migration } from './migration.ts';

export const projectFingerprintingRules: Migration = {
  version: 18,
  name: 'project-fingerprinting-rules',
  sql: `ALTER TABLE projects ADD COLUMN fingerprinting_rules TEXT;`,
};
