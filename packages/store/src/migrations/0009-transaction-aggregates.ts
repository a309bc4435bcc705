/**
 * @module Migration 9: per-minute transaction aggregates, so the Performance page's percentiles and throughput are
 * answered from aggregates instead of scanning spans.
 * - `transaction_aggregates`: one row per (project, transaction name, op, environment, release, minute) — empty
 *   strings where the event had none; `minute` is epoch ms rounded down to the minute. `count`, `failures`
 *   (Sentry's failure_rate() statuses), `duration_sum` (ms) and `sketch`: the minute's `DurationSketch` in its
 *   compact byte form (pipeline/src/tracing/duration-sketch.ts), merged in TypeScript for any window.
 */
import type { Migration } from './migration.ts';

export const transactionAggregates: Migration = {
  version: 9,
  name: 'transaction-aggregates',
  sql: `
CREATE TABLE transaction_aggregates (project_id {{bigint}} NOT NULL, transaction_name TEXT NOT NULL, op TEXT NOT NULL,
  environment TEXT NOT NULL, release TEXT NOT NULL, minute {{bigint}} NOT NULL,
  count {{bigint}} NOT NULL, failures {{bigint}} NOT NULL, duration_sum DOUBLE PRECISION NOT NULL, sketch {{blob}} NOT NULL,
  PRIMARY KEY (project_id, transaction_name, op, environment, release, minute));
CREATE INDEX transaction_aggregates_minute ON transaction_aggregates (project_id, minute);
`,
};
