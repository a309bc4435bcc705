/**
 * @module Migration 13: rate-limit windows shared by the nodes on PostgreSQL (key rate limits, spike protection):
 * how much of each fixed window the nodes have taken, reserved a chunk at a time. SQLite (one node) counts in memory
 * and leaves the table empty.
 */
import type { Migration } from './migration.ts';

export const rateWindows: Migration = {
  version: 13,
  name: 'rate-windows',
  sql: `
CREATE TABLE rate_windows (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  window_start {{bigint}} NOT NULL,
  used {{bigint}} NOT NULL,
  expires_at {{bigint}} NOT NULL,
  PRIMARY KEY (scope, key, window_start)
);
CREATE INDEX rate_windows_expires ON rate_windows (expires_at);
`,
};
