/**
 * @module Migration 2: uploaded source maps. Chunks (sentry-cli's upload unit), assembled artifact bundles and
 * their files indexed by debug ID, files indexed by release + dist + URL (bundles with a release and the legacy
 * per-file uploads), deploys, and the blob table PostgreSQL mode keeps file contents in (SQLite mode uses files).
 */
import type { Migration } from './migration.ts';

export const artifacts: Migration = {
  version: 2,
  name: 'artifacts',
  sql: `
CREATE TABLE blobs (key TEXT PRIMARY KEY, size {{bigint}} NOT NULL, content {{blob}} NOT NULL, created_at {{bigint}} NOT NULL);
CREATE TABLE file_chunks (org_id {{bigint}} NOT NULL REFERENCES organizations(id), checksum TEXT NOT NULL, size {{bigint}} NOT NULL,
  created_at {{bigint}} NOT NULL, PRIMARY KEY (org_id, checksum));
CREATE INDEX file_chunks_created ON file_chunks (created_at);
CREATE TABLE assemble_status (org_id {{bigint}} NOT NULL REFERENCES organizations(id), kind TEXT NOT NULL, checksum TEXT NOT NULL,
  state TEXT NOT NULL, detail TEXT, updated_at {{bigint}} NOT NULL, PRIMARY KEY (org_id, kind, checksum));
CREATE TABLE artifact_bundles (id {{id}}, org_id {{bigint}} NOT NULL REFERENCES organizations(id), bundle_id TEXT NOT NULL,
  checksum TEXT NOT NULL, release TEXT, dist TEXT, file_count INTEGER NOT NULL, size {{bigint}} NOT NULL,
  date_uploaded {{bigint}} NOT NULL, UNIQUE (org_id, checksum));
CREATE TABLE artifact_bundle_projects (bundle_id {{bigint}} NOT NULL REFERENCES artifact_bundles(id) ON DELETE CASCADE,
  project_id {{bigint}} NOT NULL REFERENCES projects(id) ON DELETE CASCADE, PRIMARY KEY (bundle_id, project_id));
CREATE TABLE artifact_files (id {{id}}, bundle_id {{bigint}} NOT NULL REFERENCES artifact_bundles(id) ON DELETE CASCADE,
  path TEXT NOT NULL, url TEXT, type TEXT NOT NULL, debug_id TEXT, blob_key TEXT NOT NULL, size {{bigint}} NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}');
CREATE INDEX artifact_files_debug_id ON artifact_files (debug_id, type);
CREATE INDEX artifact_files_bundle ON artifact_files (bundle_id);
CREATE TABLE release_files (id {{id}}, org_id {{bigint}} NOT NULL REFERENCES organizations(id), release TEXT NOT NULL,
  dist TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, blob_key TEXT NOT NULL, size {{bigint}} NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}', bundle_id {{bigint}} REFERENCES artifact_bundles(id) ON DELETE CASCADE,
  date_created {{bigint}} NOT NULL);
CREATE INDEX release_files_lookup ON release_files (org_id, release, dist, name);
CREATE TABLE deploys (id {{id}}, release_id {{bigint}} NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  environment TEXT NOT NULL, name TEXT, url TEXT, date_started {{bigint}}, date_finished {{bigint}} NOT NULL);
CREATE INDEX deploys_release ON deploys (release_id);
`,
};
