/** @module `/api/0/`, organizations, teams, projects and keys. */
import {
  checkProjectDiskBudget,
  createKey,
  createProject,
  deleteKey,
  getTeam,
  getTeamById,
  listKeys,
  listOrgs,
  listTeams,
  renameProject,
  setKeyActive,
  setKeyLabel,
  setKeyRateLimit,
  setProjectMaxDiskBytes,
  setProjectRetentionDays,
  setProjectFingerprintingRules,
  setProjectTracesSampleRate,
  setProjectScrubOptions,
  type KeyRow,
} from '@faultline/store';
import { filterOptionsFromJson, FingerprintRulesSyntaxError, parseFingerprintingRules, parseScrubOptions, scrubOptionsFromJson } from '@faultline/pipeline';
import type { Ctx } from '../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import { identify } from '../auth/authenticate.ts';
import { orgFromParams, projectFromParams, visibleProjects } from './access.ts';
import { serializeKey, serializeOrg, serializeProject, serializeTeam } from './serialize.ts';
import { readFilterFields, saveFilterOptions } from './project-filters-api.ts';

/** `GET /api/0/` — what `sentry-cli info` and `login` read; works with or without credentials. */
export async function apiIndex(ctx: Ctx): Promise<void> {
  const p = await identify(ctx).catch(() => undefined);
  sendJson(ctx.res, 200, {
    version: '0',
    auth: p ? { scopes: [...p.grantedScopes] } : null,
    user: p && p.userId !== null ? { id: String(p.userId), email: p.email, username: p.email, name: p.email } : null,
  });
}

export async function listOrganizations(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, (await listOrgs(ctx.app.db)).map(serializeOrg));
}

export async function getOrganization(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, serializeOrg(await orgFromParams(ctx)));
}

export async function listOrgTeams(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const teams = await listTeams(ctx.app.db, org.id);
  const p = ctx.principal!;
  sendJson(ctx.res, 200, teams.filter((t) => p.isAdmin || p.teamIds.includes(t.id)).map(serializeTeam));
}

export async function listOrgProjects(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const projects = await visibleProjects(ctx, org.id);
  const teams = new Map((await listTeams(ctx.app.db, org.id)).map((t) => [t.id, t]));
  sendJson(ctx.res, 200, projects.map((p) => serializeProject(p, org, p.team_id ? teams.get(p.team_id) : undefined)));
}

export async function getProjectDetails(ctx: Ctx): Promise<void> {
  const { org, project } = await projectFromParams(ctx);
  const team = project.team_id ? await getTeamById(ctx.app.db, project.team_id) : undefined;
  sendJson(ctx.res, 200, serializeProject(project, org, team));
}

/** Sentry's project option names this server honours on `PUT /api/0/projects/{org}/{project}/`. */
const SCRUB_FIELDS = ['dataScrubber', 'dataScrubberDefaults', 'sensitiveFields', 'safeFields', 'scrubIPAddresses'] as const;

/**
 * `PUT /api/0/projects/{org}/{project}/` with a new `slug` and/or `name` (Sentry's rename) and any of Sentry's
 * data-scrubbing options, the inbound-filter globs (`options: {"filters:error_messages", "filters:releases"}`) and
 * `allowedDomains`, and Faultline's `retentionDays` (this project's error retention; null = the server's) ,
 * `maxDiskBytes` (this project's disk budget; null = none) and
 * `tracesSampleRate` (the share of traces digest keeps, 0–1; null = all), and Sentry's `fingerprintingRules`
 * (the project's fingerprint rules as text; a rule that does not parse is a 400 naming its line);
 * other fields are ignored. Digest uses the new options from its next envelope on (the
 * project cache is cleared).
 */
export async function updateProjectDetails(ctx: Ctx): Promise<void> {
  const { org, project: before } = await projectFromParams(ctx);
  const body = await readJsonBody<Record<string, unknown>>(ctx.req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object');
  const rename = readRename(body);
  const retentionDays = readRetentionDays(body);
  const maxDiskBytes = readMaxDiskBytes(body);
  const tracesSampleRate = readTracesSampleRate(body);
  const fingerprintingRules = readFingerprintingRules(body);
  const filters = readFilterFields(body, filterOptionsFromJson(before.filter_options));
  const given = Object.fromEntries(SCRUB_FIELDS.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
  let options;
  let project = before;
  try {
    options = parseScrubOptions(given, scrubOptionsFromJson(project.scrub_options));
    if (rename) project = await renameProject(ctx.app.db, project, rename);
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
  if (Object.keys(given).length > 0) await setProjectScrubOptions(ctx.app.db, project.id, options);
  if (retentionDays !== undefined) {
    await setProjectRetentionDays(ctx.app.db, project.id, retentionDays);
    project = { ...project, retention_days: retentionDays };
  }
  if (maxDiskBytes !== undefined) {
    await setProjectMaxDiskBytes(ctx.app.db, project.id, maxDiskBytes);
    project = { ...project, max_disk_bytes: maxDiskBytes };
  }
  if (tracesSampleRate !== undefined) {
    await setProjectTracesSampleRate(ctx.app.db, project.id, tracesSampleRate);
    project = { ...project, traces_sample_rate: tracesSampleRate };
  }
  if (fingerprintingRules !== undefined) {
    await setProjectFingerprintingRules(ctx.app.db, project.id, fingerprintingRules);
    project = { ...project, fingerprinting_rules: fingerprintingRules || null };
  }
  if (filters) {
    await saveFilterOptions(ctx, project.id, filters);
    project = { ...project, filter_options: JSON.stringify(filters) };
  }
  if (Object.keys(given).length > 0 || rename || tracesSampleRate !== undefined || fingerprintingRules !== undefined) {
    ctx.app.projects.invalidate();
    ctx.app.worker?.changed({ kind: 'projects' });
  }
  const team = project.team_id ? await getTeamById(ctx.app.db, project.team_id) : undefined;
  sendJson(ctx.res, 200, serializeProject({ ...project, scrub_options: JSON.stringify(options) }, org, team));
}

/** `retentionDays`: whole days (1 to 36500) this project's error events are kept, or null for `--retention-days`. */
function readRetentionDays(body: Record<string, unknown>): number | null | undefined {
  const v = body.retentionDays;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 36_500) throw new HttpError(400, 'retentionDays must be a whole number of days from 1 to 36500, or null for the server default');
  return v;
}

/** `maxDiskBytes`: this project's disk budget in bytes (at least 1 MiB), or null for none. */
function readMaxDiskBytes(body: Record<string, unknown>): number | null | undefined {
  if (body.maxDiskBytes === undefined) return undefined;
  try {
    return checkProjectDiskBudget(body.maxDiskBytes);
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
}

/** `fingerprintingRules`: Sentry's rules text (null or '' clears them); parsed here so digest never meets a bad one. */
function readFingerprintingRules(body: Record<string, unknown>): string | null | undefined {
  const v = body.fingerprintingRules;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw new HttpError(400, 'fingerprintingRules must be a string of rules, one "matcher:value -> fingerprint" a line');
  if (v.length > 64 * 1024) throw new HttpError(400, 'fingerprintingRules may be at most 64 KiB');
  try {
    parseFingerprintingRules(v);
  } catch (err) {
    if (err instanceof FingerprintRulesSyntaxError) throw new HttpError(400, err.message);
    throw err;
  }
  return v;
}

/** `tracesSampleRate`: a number from 0 to 1, or null to keep every trace. */
function readTracesSampleRate(body: Record<string, unknown>): number | null | undefined {
  const v = body.tracesSampleRate;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new HttpError(400, 'tracesSampleRate must be a number from 0 to 1 (the share of traces kept), or null to keep all');
  return v;
}

function readRename(body: Record<string, unknown>): { slug?: string; name?: string } | undefined {
  const { slug, name } = body;
  if (slug === undefined && name === undefined) return undefined;
  if (slug !== undefined && typeof slug !== 'string') throw new HttpError(400, 'slug must be a string');
  if (name !== undefined && (typeof name !== 'string' || !name.trim())) throw new HttpError(400, 'name must be a non-empty string');
  return { slug, name: name?.trim() };
}

/** `POST /api/0/teams/{org}/{team}/projects/` with `{name, slug?, platform?}`. */
export async function createTeamProject(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const team = await getTeam(ctx.app.db, org.id, ctx.params.team ?? '');
  if (!team) throw new HttpError(404, `team "${ctx.params.team}" not found`);
  const p = ctx.principal!;
  if (!p.isAdmin && !p.teamIds.includes(team.id)) throw new HttpError(403, 'you are not a member of this team');
  const body = await readJsonBody<{ name?: unknown; slug?: unknown; platform?: unknown }>(ctx.req);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) throw new HttpError(400, 'name is required');
  const slug = typeof body.slug === 'string' && body.slug ? body.slug : slugify(name);
  try {
    const { project } = await createProject(ctx.app.db, { orgId: org.id, teamId: team.id, slug, name, platform: typeof body.platform === 'string' ? body.platform : null });
    for (const created of ctx.app.hooks.projectCreated) await created(project.id);
    sendJson(ctx.res, 201, serializeProject(project, org, team));
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
}

export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'project';
}

export async function listProjectKeys(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  sendJson(ctx.res, 200, (await listKeys(ctx.app.db, project.id)).map((k) => serializeKey(k, ctx.app.publicUrl)));
}

export async function createProjectKey(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const body = await readJsonBody<{ name?: unknown }>(ctx.req);
  const key = await createKey(ctx.app.db, project.id, typeof body.name === 'string' && body.name ? body.name : 'Default');
  sendJson(ctx.res, 201, serializeKey(key, ctx.app.publicUrl));
}

async function keyFromParams(ctx: Ctx): Promise<KeyRow> {
  const { project } = await projectFromParams(ctx);
  const key = (await listKeys(ctx.app.db, project.id)).find((k) => k.public_key === ctx.params.keyId);
  if (!key) throw new HttpError(404, `key "${ctx.params.keyId}" not found`);
  return key;
}

/** `PUT …/keys/{id}/` with `{isActive?, name?}`. */
export async function updateProjectKey(ctx: Ctx): Promise<void> {
  const key = await keyFromParams(ctx);
  const body = await readJsonBody<{ isActive?: unknown; name?: unknown; rateLimit?: unknown }>(ctx.req);
  if (typeof body.isActive === 'boolean') await setKeyActive(ctx.app.db, key.id, body.isActive);
  if (body.rateLimit !== undefined) {
    // Sentry's shape: {"rateLimit": {"count": N, "window": seconds}}, or null to remove the limit.
    const rl = body.rateLimit as { count?: unknown; window?: unknown } | null;
    const valid = rl === null || (Number.isInteger(rl.count) && Number(rl.count) >= 0 && Number.isInteger(rl.window) && Number(rl.window) > 0 && Number(rl.window) <= 86_400);
    if (!valid) throw new HttpError(400, 'rateLimit must be null or {"count": whole number ≥ 0, "window": seconds 1–86400}');
    await setKeyRateLimit(ctx.app.db, key.id, rl ? { count: Number(rl.count), window: Number(rl.window) } : null);
  }
  if (typeof body.name === 'string' && body.name) await setKeyLabel(ctx.app.db, key.id, body.name);
  ctx.app.keys.invalidate();
  const fresh = (await listKeys(ctx.app.db, key.project_id)).find((k) => k.id === key.id)!;
  sendJson(ctx.res, 200, serializeKey(fresh, ctx.app.publicUrl));
}

export async function deleteProjectKey(ctx: Ctx): Promise<void> {
  const key = await keyFromParams(ctx);
  await deleteKey(ctx.app.db, key.id);
  ctx.app.keys.invalidate();
  ctx.res.writeHead(204).end();
}
