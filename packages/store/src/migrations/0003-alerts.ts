/**
 * @module Migration 3: issue alerts. Rules per project (conditions, filters, actions as JSON), when each rule last
 * fired for each issue (the per-issue throttle), deliveries waiting to be sent or sent (the durable outbox the
 * delivery loop works from) with every attempt, and per-project hourly notification counts (the flood cap).
 * No foreign key to issues: a delivery and its log outlive a deleted issue.
 */
import type { Migration } from './migration.ts';

export const alerts: Migration = {
  version: 3,
  name: 'alerts',
  sql: `
CREATE TABLE alert_rules (id {{id}}, project_id {{bigint}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE, name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active', action_match TEXT NOT NULL DEFAULT 'any', filter_match TEXT NOT NULL DEFAULT 'all',
  conditions TEXT NOT NULL DEFAULT '[]', filters TEXT NOT NULL DEFAULT '[]', actions TEXT NOT NULL DEFAULT '[]', environment TEXT,
  frequency INTEGER NOT NULL DEFAULT 30, secret TEXT NOT NULL, created_by {{bigint}}, created_at {{bigint}} NOT NULL,
  updated_at {{bigint}} NOT NULL);
CREATE INDEX alert_rules_project ON alert_rules (project_id);
CREATE TABLE alert_rule_fires (rule_id {{bigint}} NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE, issue_id {{bigint}} NOT NULL,
  last_fired {{bigint}} NOT NULL, PRIMARY KEY (rule_id, issue_id));
CREATE TABLE alert_deliveries (id {{id}}, project_id {{bigint}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE, rule_id {{bigint}},
  issue_id {{bigint}}, action_type TEXT NOT NULL, action_config TEXT NOT NULL DEFAULT '{}', payload TEXT NOT NULL DEFAULT '{}',
  trigger_id TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at {{bigint}} NOT NULL, claim_token TEXT, claimed_until {{bigint}}, created_at {{bigint}} NOT NULL,
  finished_at {{bigint}}, last_error TEXT);
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
CREATE INDEX alert_deliveries_project ON alert_deliveries (project_id, id);
CREATE TABLE alert_attempts (id {{id}}, delivery_id {{bigint}} NOT NULL REFERENCES alert_deliveries(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL, started_at {{bigint}} NOT NULL, duration_ms INTEGER NOT NULL, ok INTEGER NOT NULL,
  response_code INTEGER, error TEXT);
CREATE INDEX alert_attempts_delivery ON alert_attempts (delivery_id);
CREATE TABLE alert_counts (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, notified {{bigint}} NOT NULL DEFAULT 0,
  suppressed {{bigint}} NOT NULL DEFAULT 0, PRIMARY KEY (project_id, hour));
`,
};
