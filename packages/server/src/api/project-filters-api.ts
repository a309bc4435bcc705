/**
 * @module A project's inbound data filters in Sentry's shape: `GET …/filters/` lists `{id, active}`, `PUT
 * …/filters/{id}/` with `{active}` switches one (Sentry's `legacy-browsers` takes a list of browsers; here any
 * non-empty list or `true` turns the whole set on). The error-message and release globs and `allowedDomains`
 * are project fields (`PUT /api/0/projects/{org}/{project}/`, `readFilterFields`).
 */
import { filterOptionsFromJson, INBOUND_FILTER_IDS, isInboundFilterId, parseAllowedDomains, parsePatternLines, type FilterOptions, type InboundFilterId } from '@faultline/pipeline';
import { setProjectFilterOptions } from '@faultline/store';
import type { Ctx } from '../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import { projectFromParams } from './access.ts';

const DESCRIPTIONS: Record<InboundFilterId, { name: string; description: string }> = {
  'browser-extensions': { name: 'Filter out errors known to be caused by browser extensions', description: 'Errors thrown from extension scripts or known to come from injected code.' },
  localhost: { name: 'Filter out events coming from localhost', description: 'Events whose user IP is 127.0.0.1 or ::1, or whose page URL is on localhost.' },
  'web-crawlers': { name: 'Filter out known web crawlers', description: 'Events from search engines, link previewers and uptime monitors (by User-Agent).' },
  'legacy-browsers': { name: 'Filter out known errors from legacy browsers', description: 'Internet Explorer, EdgeHTML, Safari < 12, Chrome < 70, Firefox < 60, Opera < 50.' },
};

/** `GET /api/0/projects/{org}/{project}/filters/` */
export async function listProjectFilters(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const { active } = filterOptionsFromJson(project.filter_options);
  sendJson(ctx.res, 200, INBOUND_FILTER_IDS.map((id) => ({ id, active: active.includes(id), ...DESCRIPTIONS[id], hello: `${id} - ${DESCRIPTIONS[id].name}` })));
}

/** `PUT /api/0/projects/{org}/{project}/filters/{filter_id}/` with `{active: bool}`; 204 as Sentry answers. */
export async function updateProjectFilter(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const id = ctx.params.filterId ?? '';
  if (!isInboundFilterId(id)) throw new HttpError(404, `unknown filter "${id}"; filters are ${INBOUND_FILTER_IDS.join(', ')}`);
  const body = await readJsonBody<{ active?: unknown; subfilters?: unknown }>(ctx.req);
  const given = body.active ?? body.subfilters;
  const on = typeof given === 'boolean' ? given : Array.isArray(given) && id === 'legacy-browsers' ? given.length > 0 : undefined;
  if (on === undefined) throw new HttpError(400, id === 'legacy-browsers' ? 'active must be true, false or a list of browsers' : 'active must be true or false');
  const options = filterOptionsFromJson(project.filter_options);
  const active = options.active.filter((a) => a !== id);
  if (on) active.push(id);
  await saveFilterOptions(ctx, project.id, { ...options, active });
  ctx.res.writeHead(204).end();
}

/**
 * The filter fields of a project update: `options['filters:error_messages']` / `options['filters:releases']`
 * (newline-separated globs, as Sentry's settings page sends them) and `allowedDomains`; undefined if none given.
 */
export function readFilterFields(body: Record<string, unknown>, current: FilterOptions): FilterOptions | undefined {
  const options = body.options;
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) throw new HttpError(400, 'options must be an object');
  const o = (options ?? {}) as Record<string, unknown>;
  const next = { ...current };
  let changed = false;
  try {
    if (o['filters:error_messages'] !== undefined) {
      next.errorMessages = parsePatternLines(o['filters:error_messages'], 'filters:error_messages');
      changed = true;
    }
    if (o['filters:releases'] !== undefined) {
      next.releases = parsePatternLines(o['filters:releases'], 'filters:releases');
      changed = true;
    }
    if (body.allowedDomains !== undefined) {
      next.allowedDomains = parseAllowedDomains(body.allowedDomains);
      changed = true;
    }
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
  return changed ? next : undefined;
}

/** Stores the options; ingest (allowed domains) and digest (filters) use them from their next request on. */
export async function saveFilterOptions(ctx: Ctx, projectId: number, options: FilterOptions): Promise<void> {
  await setProjectFilterOptions(ctx.app.db, projectId, { ...options });
  ctx.app.keys.invalidate();
  ctx.app.projects.invalidate();
  ctx.app.worker?.changed({ kind: 'projects' });
}
