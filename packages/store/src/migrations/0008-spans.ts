/**
 * @module Migration 8: tracing.
 * - `spans`: one row per (project, trace id, span id) — spans of transaction events, standalone v1 `span` items
 *   and SDK 11's v2 span containers alike. `segment_id` is the span id of the segment (transaction root) the span
 *   belongs to, `is_segment` marks that root; times are epoch ms (fractions kept), `data` the scrubbed attributes as
 *   JSON, `measurements` (segments only) web vitals and the like as JSON. `event_id` is the transaction event's id,
 *   NULL for streamed spans. The primary key drops a repeat.
 * - `transactions`: one row per (project, event id) for `transaction` events: the scrubbed, normalized body
 *   (deflated JSON, as events are stored) for the event endpoint, plus the columns a trace view needs.
 * - an index on `events (trace_id)`, so a trace finds its errors.
 */
import type { Migration } from './migration.ts';

export const spans: Migration = {
  version: 8,
  name: 'spans',
  sql: `
CREATE TABLE spans (project_id {{bigint}} NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT,
  segment_id TEXT, is_segment INTEGER NOT NULL, op TEXT NOT NULL, description TEXT NOT NULL, status TEXT,
  start_ts DOUBLE PRECISION NOT NULL, end_ts DOUBLE PRECISION NOT NULL, duration_ms DOUBLE PRECISION NOT NULL,
  exclusive_ms DOUBLE PRECISION, environment TEXT, release TEXT, transaction_name TEXT, event_id TEXT,
  data TEXT NOT NULL, measurements TEXT, received {{bigint}} NOT NULL,
  PRIMARY KEY (project_id, trace_id, span_id));
CREATE INDEX spans_trace ON spans (trace_id);
CREATE INDEX spans_project_received ON spans (project_id, received);
CREATE TABLE transactions (project_id {{bigint}} NOT NULL, event_id TEXT NOT NULL, trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
  name TEXT NOT NULL, op TEXT NOT NULL, status TEXT, start_ts DOUBLE PRECISION NOT NULL, end_ts DOUBLE PRECISION NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL, environment TEXT, release TEXT, received {{bigint}} NOT NULL, body {{blob}} NOT NULL,
  PRIMARY KEY (project_id, event_id));
CREATE INDEX transactions_trace ON transactions (trace_id);
CREATE INDEX transactions_project_received ON transactions (project_id, received);
CREATE INDEX events_trace ON events (trace_id);
`,
};
