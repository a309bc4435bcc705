/**
 * @module Migration 1: organizations, projects, keys, users, issues, events, counters, the PostgreSQL ingest queue.
 * Timestamps are integer milliseconds since the epoch in both dialects; JSON is TEXT; bodies are compressed BLOBs.
 */
import type { Migration } from './migration.ts';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE organizations (id {{id}}, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at {{bigint}} NOT NULL);
CREATE TABLE teams (id {{id}}, org_id {{bigint}} NOT NULL REFERENCES organizations(id), slug TEXT NOT NULL, name TEXT NOT NULL,
  created_at {{bigint}} NOT NULL, UNIQUE (org_id, slug));
CREATE TABLE projects (id {{id}}, org_id {{bigint}} NOT NULL REFERENCES organizations(id), team_id {{bigint}} REFERENCES teams(id),
  slug TEXT NOT NULL, name TEXT NOT NULL, platform TEXT, grouping_config TEXT NOT NULL, next_short_id {{bigint}} NOT NULL DEFAULT 1,
  created_at {{bigint}} NOT NULL, UNIQUE (org_id, slug));
CREATE TABLE project_keys (id {{id}}, project_id {{bigint}} NOT NULL REFERENCES projects(id), public_key TEXT NOT NULL UNIQUE,
  secret_key TEXT NOT NULL, label TEXT NOT NULL, is_active INTEGER NOT NULL DEFAULT 1, rate_limit_count INTEGER,
  rate_limit_window INTEGER, created_at {{bigint}} NOT NULL);
CREATE TABLE users (id {{id}}, email TEXT NOT NULL UNIQUE, name TEXT, password_hash TEXT NOT NULL, is_admin INTEGER NOT NULL DEFAULT 0,
  created_at {{bigint}} NOT NULL, last_login {{bigint}});
CREATE TABLE team_members (team_id {{bigint}} NOT NULL REFERENCES teams(id), user_id {{bigint}} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL DEFAULT 'member', PRIMARY KEY (team_id, user_id));
CREATE TABLE api_tokens (id {{id}}, user_id {{bigint}} REFERENCES users(id), name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  token_last_chars TEXT NOT NULL, scopes TEXT NOT NULL, created_at {{bigint}} NOT NULL, last_used_at {{bigint}}, revoked_at {{bigint}});
CREATE TABLE user_sessions (id TEXT PRIMARY KEY, user_id {{bigint}} NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
  created_at {{bigint}} NOT NULL, expires_at {{bigint}} NOT NULL);
CREATE TABLE releases (id {{id}}, org_id {{bigint}} NOT NULL REFERENCES organizations(id), version TEXT NOT NULL,
  date_created {{bigint}} NOT NULL, date_released {{bigint}}, first_event {{bigint}}, last_event {{bigint}}, data TEXT,
  UNIQUE (org_id, version));
CREATE TABLE release_projects (release_id {{bigint}} NOT NULL REFERENCES releases(id), project_id {{bigint}} NOT NULL REFERENCES projects(id),
  new_groups INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (release_id, project_id));
CREATE TABLE issues (id {{id}}, project_id {{bigint}} NOT NULL REFERENCES projects(id), short_id {{bigint}} NOT NULL,
  title TEXT NOT NULL, culprit TEXT NOT NULL, type TEXT NOT NULL, level TEXT NOT NULL, platform TEXT,
  status TEXT NOT NULL DEFAULT 'unresolved', substatus TEXT, status_details TEXT NOT NULL DEFAULT '{}',
  resolved_at {{bigint}}, first_seen {{bigint}} NOT NULL, last_seen {{bigint}} NOT NULL, first_release TEXT, last_release TEXT,
  times_seen {{bigint}} NOT NULL DEFAULT 0, user_count {{bigint}} NOT NULL DEFAULT 0, metadata TEXT NOT NULL DEFAULT '{}',
  grouping_config TEXT NOT NULL, last_event_id TEXT, UNIQUE (project_id, short_id));
CREATE INDEX issues_project_last_seen ON issues (project_id, last_seen);
CREATE INDEX issues_project_status_last_seen ON issues (project_id, status, last_seen);
CREATE TABLE grouphashes (project_id {{bigint}} NOT NULL, hash TEXT NOT NULL, issue_id {{bigint}} NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, hash));
CREATE INDEX grouphashes_issue ON grouphashes (issue_id);
CREATE TABLE events (id {{id}}, project_id {{bigint}} NOT NULL REFERENCES projects(id), issue_id {{bigint}} REFERENCES issues(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL, timestamp {{bigint}} NOT NULL, received {{bigint}} NOT NULL, type TEXT NOT NULL, level TEXT NOT NULL,
  title TEXT NOT NULL, culprit TEXT, platform TEXT, release TEXT, environment TEXT, dist TEXT, transaction_name TEXT,
  user_key TEXT, trace_id TEXT, size INTEGER NOT NULL, body {{blob}} NOT NULL, UNIQUE (project_id, event_id));
CREATE INDEX events_issue_ts ON events (issue_id, timestamp);
CREATE INDEX events_project_received ON events (project_id, received);
CREATE TABLE issue_tags (issue_id {{bigint}} NOT NULL REFERENCES issues(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
  times_seen {{bigint}} NOT NULL, first_seen {{bigint}} NOT NULL, last_seen {{bigint}} NOT NULL, PRIMARY KEY (issue_id, key, value));
CREATE INDEX issue_tags_key_value ON issue_tags (key, value);
CREATE TABLE issue_hourly (issue_id {{bigint}} NOT NULL REFERENCES issues(id) ON DELETE CASCADE, hour {{bigint}} NOT NULL,
  count {{bigint}} NOT NULL, PRIMARY KEY (issue_id, hour));
CREATE TABLE issue_activity (id {{id}}, issue_id {{bigint}} NOT NULL REFERENCES issues(id) ON DELETE CASCADE, user_id {{bigint}},
  type TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}', created_at {{bigint}} NOT NULL);
CREATE INDEX issue_activity_issue ON issue_activity (issue_id);
CREATE TABLE outcomes (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, source TEXT NOT NULL, category TEXT NOT NULL,
  reason TEXT NOT NULL, quantity {{bigint}} NOT NULL, PRIMARY KEY (project_id, hour, source, category, reason));
CREATE TABLE item_counts (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, item_type TEXT NOT NULL,
  quantity {{bigint}} NOT NULL, bytes {{bigint}} NOT NULL, PRIMARY KEY (project_id, hour, item_type));
CREATE TABLE session_counts (project_id {{bigint}} NOT NULL, hour {{bigint}} NOT NULL, release TEXT NOT NULL, environment TEXT NOT NULL,
  status TEXT NOT NULL, quantity {{bigint}} NOT NULL, PRIMARY KEY (project_id, hour, release, environment, status));
CREATE TABLE raw_items (id {{id}}, project_id {{bigint}} NOT NULL, type TEXT NOT NULL, received {{bigint}} NOT NULL,
  event_id TEXT, size INTEGER NOT NULL, headers TEXT NOT NULL, payload {{blob}} NOT NULL);
CREATE INDEX raw_items_project_type ON raw_items (project_id, type, received);
CREATE TABLE ingest_queue (id {{id}}, project_id {{bigint}} NOT NULL, received {{bigint}} NOT NULL, client_ip TEXT,
  body {{blob}} NOT NULL);
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
};
