/**
 * @module Migration 15: a 10-minute level of the transaction aggregates, and an index on segment spans.
 * - `transaction_aggregates_10m`: the columns of migration 9's tables per 10 minutes (`ten_minute`, epoch ms), written
 *   by digest beside the minute and hourly rows. A window's partial hours at either end read 10-minute rows and
 *   only the partial 10 minutes inside them read minute rows (at most 18 per key instead of up to 118).
 * - kv `transaction_rollup_since`: the first minute the 10-minute rows are complete from. A store upgraded with
 *   minute rows already in it has no 10-minute rows for them; reads take 10-minute rows only from this minute on.
 *   It is the minute after the newest minute row at migration time (0 on a fresh store).
 * - `projects.traces_sample_rate`: the share of traces digest keeps for the project (0–1; NULL keeps all), decided per
 *   trace id so a trace is kept or dropped whole.
 * - `spans_segment_end` and `spans_segment_name`: segment spans by (project, end) and by (project, transaction name,
 *   end), for the slowest or latest single transactions of a window, of all transactions or of one (the summary).
 */
import type { Migration } from './migration.ts';

export const transactionRollup: Migration = {
  version: 15,
  name: 'transaction-rollup',
  sql: `
CREATE TABLE transaction_aggregates_10m (project_id {{bigint}} NOT NULL, transaction_name TEXT NOT NULL, op TEXT NOT NULL,
  environment TEXT NOT NULL, release TEXT NOT NULL, ten_minute {{bigint}} NOT NULL,
  count {{bigint}} NOT NULL, failures {{bigint}} NOT NULL, duration_sum DOUBLE PRECISION NOT NULL, sketch {{blob}} NOT NULL,
  PRIMARY KEY (project_id, transaction_name, op, environment, release, ten_minute));
CREATE INDEX transaction_aggregates_10m_ten_minute ON transaction_aggregates_10m (project_id, ten_minute);
CREATE INDEX transaction_aggregates_10m_name ON transaction_aggregates_10m (project_id, transaction_name, ten_minute);
INSERT INTO kv (key, value) SELECT 'transaction_rollup_since', CAST(COALESCE(MAX(minute) + 60000, 0) AS TEXT) FROM transaction_aggregates;
CREATE INDEX spans_segment_end ON spans (project_id, end_ts) WHERE is_segment = 1;
ALTER TABLE projects ADD COLUMN traces_sample_rate DOUBLE PRECISION;
CREATE INDEX spans_segment_name ON spans (project_id, transaction_name, end_ts) WHERE is_segment = 1;
`,
};
