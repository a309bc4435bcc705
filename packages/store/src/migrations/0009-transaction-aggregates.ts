/**
 * @module Migration 9: per-minute transaction aggregates, so the Performance page's percentiles and throughput are
 * answered from aggregates instead of scanning spans.
 * - `transaction_aggregates`: one row per (project, transaction name, op, environment, release, minute) — empty
 *   strings where the event had none; `minute` is epoch ms rounded down to the minute. `count`, `failures`
 *   (Sentry's failure_rate() statuses), `duration_sum` (ms) and `sketch`: the minute's `DurationSketch` in its
 *   compact byte form (pipeline/src/tracing/duration-sketch.ts), merged in TypeScript for any window.
 * - `transaction_aggregates_hourly`: the same per hour (`hour`, epoch ms), written alongside, so a long window
 *   reads one row per hour and minute rows only for its partial hours at either end.
 * Indexes: by (project, time) for the list of all transactions, by (project, name, time) for one transaction's
 * series or a page's sketches.
 */
import type { Migration } from './migration.ts';

/** One resolution's table: the same columns, keyed by its time column. */
const level = (table: string, time: string): string => `
CREATE TABLE ${table} (project_id {{bigint}} NOT NULL, transaction_name TEXT NOT NULL, op TEXT NOT NULL,
  environment TEXT NOT NULL, release TEXT NOT NULL, ${time} {{bigint}} NOT NULL,
  count {{bigint}} NOT NULL, failures {{bigint}} NOT NULL, duration_sum DOUBLE PRECISION NOT NULL, sketch {{blob}} NOT NULL,
  PRIMARY KEY (project_id, transaction_name, op, environment, release, ${time}));
CREATE INDEX ${table}_${time} ON ${table} (project_id, ${time});
CREATE INDEX ${table}_name ON ${table} (project_id, transaction_name, ${time});
`;

export const transactionAggregates: Migration = {
  version: 9,
  name: 'transaction-aggregates',
  sql: level('transaction_aggregates', 'minute') + level('transaction_aggregates_hourly', 'hour'),
};
