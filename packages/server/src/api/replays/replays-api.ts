/**
 * @module Sentry's replay endpoints: the organization's replays (filters, sort, cursor paging) and one replay,
 * both wrapped in `{data}` as Sentry does; a replay's recording segments (`?download` → one JSON array of the
 * segments' decompressed rrweb event arrays, in segment order, streamed: `stream-segments.ts`); delete; and
 * `replay-count` for issues.
 */
import { normalizeReplayId, parseSearchQuery } from '@faultline/pipeline';
import {
  countReplaySegments, deleteReplay, findReplay, getReplay, listReplays, listReplaySegments, REPLAY_COUNT_KEYS, replayCountsByIssue, REPLAY_SORTS,
  type ReplayCountKey, type ReplayFilter, type ReplaySort,
} from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, orgFromParams, parseCursor, parseLimit, parseStatsPeriod, projectFromParams, visibleProjects } from '../access.ts';
import { replayBlobs } from '../../replays/replay-blobs.ts';
import { serializeReplay } from './serialize-replay.ts';
import { streamSegments } from './stream-segments.ts';

function replayIdParam(ctx: Ctx): string {
  const id = normalizeReplayId(ctx.params.replayId);
  if (!id) throw new HttpError(404, `replay "${ctx.params.replayId}" not found`);
  return id;
}

type ReplayQuery = Pick<ReplayFilter, 'userEmail' | 'url' | 'counts' | 'issueId' | 'browserName' | 'browserVersion' | 'osName' | 'osVersion'>;

/** Sentry's replay search keys that are an exact match on a stored value. */
const EXACT_KEYS: Record<string, 'userEmail' | 'browserName' | 'browserVersion' | 'osName' | 'osVersion'> = {
  'user.email': 'userEmail',
  'browser.name': 'browserName',
  'browser.version': 'browserVersion',
  'os.name': 'osName',
  'os.version': 'osVersion',
};
const SUPPORTED = [...new Set(['user.email', 'url', ...REPLAY_COUNT_KEYS, 'issue.id', ...Object.keys(EXACT_KEYS)])].join(', ');
const isCountKey = (key: string): key is ReplayCountKey => (REPLAY_COUNT_KEYS as readonly string[]).includes(key);

function parseQuery(text: string): ReplayQuery {
  const parsed = parseSearchQuery(text);
  if (parsed.text.length > 0) throw new HttpError(400, `invalid search query: free text "${parsed.text.join(' ')}" is not supported; use one of the keys ${SUPPORTED}`);
  const out: ReplayQuery = {};
  for (const f of parsed.filters) {
    if (f.negated) throw new HttpError(400, `invalid search query: negated "${f.key}" is not supported`);
    if (Object.hasOwn(EXACT_KEYS, f.key) && f.op === '=') out[EXACT_KEYS[f.key]!] = f.value;
    else if (f.key === 'url' && f.op === '=') out.url = f.value;
    else if (isCountKey(f.key)) {
      const value = Number(f.value);
      if (f.value.trim() === '' || !Number.isInteger(value)) throw new HttpError(400, `invalid search query: ${f.key} needs a whole number, not "${f.value}"`);
      (out.counts ??= []).push({ key: f.key, op: f.op, value });
    } else if (f.key === 'issue.id' && f.op === '=') {
      if (!/^\d+$/.test(f.value)) throw new HttpError(400, `invalid search query: issue.id needs an issue id, not "${f.value}"`);
      out.issueId = Number(f.value);
    } else throw new HttpError(400, `invalid search query: unsupported key "${f.key}" (supported: ${SUPPORTED})`);
  }
  return out;
}

function parseTime(v: string | null, name: string): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new HttpError(400, `invalid ${name} "${v}": use an ISO 8601 time`);
  return t;
}

/** `GET /api/0/organizations/{org}/replays/` */
export async function listOrgReplays(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const q = ctx.url.searchParams;
  const visible = (await visibleProjects(ctx, org.id)).map((p) => p.id);
  const asked = q.getAll('project').filter((p) => p !== '' && p !== '-1');
  for (const p of asked) if (!/^\d+$/.test(p)) throw new HttpError(400, `invalid project "${p}": use project ids`);
  const projectIds = asked.length > 0 ? visible.filter((id) => asked.includes(String(id))) : visible;
  const sort = (q.get('sort') ?? q.get('orderBy') ?? '-started_at') as ReplaySort;
  if (!REPLAY_SORTS.includes(sort)) throw new HttpError(400, `invalid sort "${sort}": use ${REPLAY_SORTS.join(', ')}`);
  const period = parseStatsPeriod(q.get('statsPeriod'));
  const start = parseTime(q.get('start'), 'start');
  const end = parseTime(q.get('end'), 'end');
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(q.get('cursor'));
  const rows = await listReplays(ctx.app.db, {
    projectIds,
    environments: q.getAll('environment').filter(Boolean),
    since: period !== undefined ? Date.now() - period : start,
    until: period !== undefined ? undefined : end,
    ...parseQuery(q.get('query') ?? ''),
    sort,
    limit: limit + 1,
    offset,
  });
  sendJson(ctx.res, 200, { data: rows.slice(0, limit).map(serializeReplay) }, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}

/** `GET /api/0/organizations/{org}/replays/{replay_id}/` */
export async function getOrgReplay(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const replayId = replayIdParam(ctx);
  const row = await findReplay(ctx.app.db, (await visibleProjects(ctx, org.id)).map((p) => p.id), replayId);
  if (!row) throw new HttpError(404, `replay "${ctx.params.replayId}" not found`);
  sendJson(ctx.res, 200, { data: serializeReplay(row) });
}

/** `GET /api/0/projects/{org}/{project}/replays/{replay_id}/recording-segments/[?download]` */
export async function listRecordingSegments(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const replayId = replayIdParam(ctx);
  const download = ctx.url.searchParams.has('download');
  const limit = parseLimit(ctx, download ? 1000 : 100, download ? 10_000 : 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const total = await countReplaySegments(ctx.app.db, project.id, replayId);
  if (total === 0 && !(await getReplay(ctx.app.db, project.id, replayId))) throw new HttpError(404, `replay "${ctx.params.replayId}" not found`);
  const link = linkHeader(ctx, offset, limit, total > offset + limit);
  if (download) {
    const range = { projectId: project.id, replayId, offset, count: Math.max(0, Math.min(limit, total - offset)) };
    await streamSegments(ctx.res, ctx.app.db, replayBlobs(ctx.app), range, { link });
    return;
  }
  const page = await listReplaySegments(ctx.app.db, project.id, replayId, limit, offset);
  const data = page.map((s) => ({ replayId, segmentId: s.segment_id, projectId: String(project.id), dateAdded: new Date(s.received).toISOString(), size: s.size }));
  sendJson(ctx.res, 200, { data }, { link });
}

/** `DELETE /api/0/projects/{org}/{project}/replays/{replay_id}/` */
export async function removeReplay(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const replayId = replayIdParam(ctx);
  if (!(await deleteReplay(ctx.app.db, replayBlobs(ctx.app), project.id, replayId))) throw new HttpError(404, `replay "${ctx.params.replayId}" not found`);
  ctx.res.writeHead(204).end();
}

/** `GET /api/0/organizations/{org}/replay-count/?query=issue.id:[1,2]` → `{"1": 3}` (issues with replays only, as Sentry). */
export async function replayCount(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const query = ctx.url.searchParams.get('query') ?? '';
  const m = /^\s*issue\.id:\[?([\d\s,]+)\]?\s*$/.exec(query);
  if (!m) throw new HttpError(400, `invalid query "${query}": use issue.id:[1,2]`);
  const issueIds = m[1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (issueIds.length > 100) throw new HttpError(400, 'too many issue ids: at most 100');
  const counts = await replayCountsByIssue(ctx.app.db, (await visibleProjects(ctx, org.id)).map((p) => p.id), issueIds);
  sendJson(ctx.res, 200, Object.fromEntries([...counts].map(([id, n]) => [String(id), n])));
}
