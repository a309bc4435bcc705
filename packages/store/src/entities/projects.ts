/** @module Projects and their DSN keys. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.ts';

export const DEFAULT_GROUPING_CONFIG = 'newstyle:2023-01-11';

export interface ProjectRow {
  id: number;
  org_id: number;
  team_id: number | null;
  slug: string;
  name: string;
  platform: string | null;
  grouping_config: string;
  created_at: number;
  /** JSON of the project's data-scrubbing options (Sentry's names); NULL: the defaults. */
  scrub_options: string | null;
  /** Days this project's error events are kept; NULL: `--retention-days`. */
  retention_days: number | null;
  /** Inbound filters and allowed domains as JSON (`filterOptionsFromJson`); NULL = the defaults. */
  filter_options: string | null;
  /** This project's own disk budget in bytes of stored data; NULL: none (only `--max-disk-bytes` applies). */
  max_disk_bytes: number | string | null;
  /** The share (0–1) of traces digest keeps for this project; NULL keeps every trace. */
  traces_sample_rate: number | null;
  /** The project's fingerprint rules as written (Sentry's `fingerprintingRules` text); NULL: none. */
  fingerprinting_rules: string | null;
}

export interface KeyRow {
  id: number;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  is_active: number;
  rate_limit_count: number | null;
  rate_limit_window: number | null;
  created_at: number;
}

export class ConflictError extends Error {}

/**
 * Throws a RangeError unless `slug` is 1-50 lowercase letters, digits, - or _ with at least one non-digit: URLs
 * accept a project's id where its slug goes (`getProject`), so an all-digit slug would shadow another project's id.
 * The one check for the API and the CLI, on create and rename.
 */
export function checkProjectSlug(slug: string): void {
  if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(slug)) throw new RangeError(`invalid project slug "${slug}": use 1-50 lowercase letters, digits, - or _`);
  if (/^\d+$/.test(slug)) throw new RangeError(`invalid project slug "${slug}": it must contain a letter, - or _ (an all-digit slug would read as a project id)`);
}

async function refuseTakenSlug(db: Db, orgId: number, slug: string, exceptId?: number): Promise<void> {
  const exists = await db.get<{ id: number }>('SELECT id FROM projects WHERE org_id = ? AND slug = ?', [orgId, slug]);
  if (exists && exists.id !== exceptId) throw new ConflictError(`a project with slug "${slug}" already exists`);
}

/** Renames a project (new slug and/or display name); the slug is checked as on create. */
export async function renameProject(db: Db, project: ProjectRow, change: { slug?: string; name?: string }): Promise<ProjectRow> {
  const slug = change.slug ?? project.slug;
  if (slug !== project.slug) checkProjectSlug(slug);
  return db.transaction(async (tx) => {
    await refuseTakenSlug(tx, project.org_id, slug, project.id);
    return (await tx.get<ProjectRow>('UPDATE projects SET slug = ?, name = ? WHERE id = ? RETURNING *', [slug, change.name ?? project.name, project.id]))!;
  });
}

export async function createProject(
  db: Db,
  input: { orgId: number; teamId: number | null; slug: string; name?: string; platform?: string | null; key?: KeyPair },
): Promise<{ project: ProjectRow; key: KeyRow }> {
  checkProjectSlug(input.slug);
  return db.transaction(async (tx) => {
    await refuseTakenSlug(tx, input.orgId, input.slug);
    const project = (await tx.get<ProjectRow>(
      'INSERT INTO projects (org_id, team_id, slug, name, platform, grouping_config, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
      [input.orgId, input.teamId, input.slug, input.name ?? input.slug, input.platform ?? null, DEFAULT_GROUPING_CONFIG, Date.now()],
    ))!;
    const key = await createKey(tx, project.id, 'Default', input.key);
    return { project, key };
  });
}

/** A key's public and secret halves, when they must be given rather than drawn (the same DSN on two stores). */
export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

export async function createKey(db: Db, projectId: number, label: string, pair?: KeyPair): Promise<KeyRow> {
  if (pair && !(KEY_HEX.test(pair.publicKey) && KEY_HEX.test(pair.secretKey))) throw new Error('a project key is 32 lowercase hex digits');
  return (await db.get<KeyRow>(
    'INSERT INTO project_keys (project_id, public_key, secret_key, label, is_active, created_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING *',
    [projectId, pair?.publicKey ?? randomBytes(16).toString('hex'), pair?.secretKey ?? randomBytes(16).toString('hex'), label, Date.now()],
  ))!;
}

const KEY_HEX = /^[0-9a-f]{32}$/;

export function listProjects(db: Db, orgId?: number): Promise<ProjectRow[]> {
  return orgId === undefined
    ? db.all<ProjectRow>('SELECT * FROM projects ORDER BY slug')
    : db.all<ProjectRow>('SELECT * FROM projects WHERE org_id = ? ORDER BY slug', [orgId]);
}

export function getProject(db: Db, orgId: number, slugOrId: string): Promise<ProjectRow | undefined> {
  return /^\d+$/.test(slugOrId)
    ? db.get<ProjectRow>('SELECT * FROM projects WHERE org_id = ? AND (slug = ? OR id = ?)', [orgId, slugOrId, Number(slugOrId)])
    : db.get<ProjectRow>('SELECT * FROM projects WHERE org_id = ? AND slug = ?', [orgId, slugOrId]);
}

export function getProjectById(db: Db, id: number): Promise<ProjectRow | undefined> {
  return db.get<ProjectRow>('SELECT * FROM projects WHERE id = ?', [id]);
}

export function listKeys(db: Db, projectId: number): Promise<KeyRow[]> {
  return db.all<KeyRow>('SELECT * FROM project_keys WHERE project_id = ? ORDER BY id', [projectId]);
}

export function getKeyByPublicKey(db: Db, publicKey: string): Promise<KeyRow | undefined> {
  return db.get<KeyRow>('SELECT * FROM project_keys WHERE public_key = ?', [publicKey]);
}

export async function setKeyActive(db: Db, keyId: number, active: boolean): Promise<void> {
  await db.run('UPDATE project_keys SET is_active = ? WHERE id = ?', [active ? 1 : 0, keyId]);
}

export async function deleteKey(db: Db, keyId: number): Promise<void> {
  await db.run('DELETE FROM project_keys WHERE id = ?', [keyId]);
}

/** Sets (or with null clears) the project's own error retention in days. */
export async function setProjectRetentionDays(db: Db, projectId: number, days: number | null): Promise<void> {
  await db.run('UPDATE projects SET retention_days = ? WHERE id = ?', [days, projectId]);
}

/** The smallest disk budget a project may have: below, its issues' first and latest events alone would exceed it. */
export const MIN_PROJECT_DISK_BYTES = 64 * 1024;

/** A project disk budget as given (API or CLI), checked: a whole number of bytes ≥ 64 KiB, or null; else a RangeError naming the rule. */
export function checkProjectDiskBudget(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < MIN_PROJECT_DISK_BYTES) {
    throw new RangeError(`maxDiskBytes must be a whole number of bytes, at least ${MIN_PROJECT_DISK_BYTES} (64 KiB), or null for no budget of its own`);
  }
  return v;
}

/** Sets (or with null clears) the project's own disk budget in bytes (checked with `checkProjectDiskBudget`). */
export async function setProjectMaxDiskBytes(db: Db, projectId: number, bytes: number | null): Promise<void> {
  checkProjectDiskBudget(bytes);
  await db.run('UPDATE projects SET max_disk_bytes = ? WHERE id = ?', [bytes, projectId]);
}

/** Sets (or with null clears) the share of traces digest keeps for the project. */
export async function setProjectTracesSampleRate(db: Db, projectId: number, rate: number | null): Promise<void> {
  await db.run('UPDATE projects SET traces_sample_rate = ? WHERE id = ?', [rate, projectId]);
}

/** Stores the project's fingerprint rules text (already parsed by the caller); null or '' clears them. */
export async function setProjectFingerprintingRules(db: Db, projectId: number, rules: string | null): Promise<void> {
  await db.run('UPDATE projects SET fingerprinting_rules = ? WHERE id = ?', [rules || null, projectId]);
}

/** Stores the project's data-scrubbing options (already checked by the caller) as JSON. */
export async function setProjectScrubOptions(db: Db, projectId: number, options: Record<string, unknown>): Promise<void> {
  await db.run('UPDATE projects SET scrub_options = ? WHERE id = ?', [JSON.stringify(options), projectId]);
}

/** Stores the project's inbound filters and allowed domains (already checked by the caller) as JSON. */
export async function setProjectFilterOptions(db: Db, projectId: number, options: Record<string, unknown>): Promise<void> {
  await db.run('UPDATE projects SET filter_options = ? WHERE id = ?', [JSON.stringify(options), projectId]);
}

/** Sentry's key rate limit: `count` per `window` seconds, or null for none. */
export async function setKeyRateLimit(db: Db, keyId: number, limit: { count: number; window: number } | null): Promise<void> {
  await db.run('UPDATE project_keys SET rate_limit_count = ?, rate_limit_window = ? WHERE id = ?', [limit?.count ?? null, limit?.window ?? null, keyId]);
}

export async function setKeyLabel(db: Db, keyId: number, label: string): Promise<void> {
  await db.run('UPDATE project_keys SET label = ? WHERE id = ?', [label, keyId]);
}

/** A project's slug and name with its organization's slug (alert payloads link to both). */
export function projectWithOrgSlug(db: Db, projectId: number): Promise<{ slug: string; name: string; org_slug: string } | undefined> {
  return db.get<{ slug: string; name: string; org_slug: string }>(
    'SELECT p.slug, p.name, o.slug AS org_slug FROM projects p JOIN organizations o ON o.id = p.org_id WHERE p.id = ?',
    [projectId],
  );
}
