/**
 * @module Tag keys and values across the caller's issues (Sentry's `/organizations/{org}/tags/`), for the search
 * bar's suggestions and the environment / release filters. Only projects the caller may see contribute. With
 * Sentry's `dataset=transactions` the values of `environment`, `release` and `transaction` come from the
 * transactions (their aggregates) instead, for the Performance filters.
 */
import { orgTagKeys, orgTagValues, TRANSACTION_TAG_COLUMNS, transactionTagValues, type TagScope } from '@faultline/store';
import type { Ctx } from '../http/router.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import { orgFromParams, visibleProjects } from './access.ts';
import { iso } from './serialize.ts';

/** Suggestions look at issues seen in the last 90 days: old tags are noise, and the scan stays bounded. */
const WINDOW_MS = 90 * 24 * 3_600_000;

async function scope(ctx: Ctx): Promise<TagScope> {
  const org = await orgFromParams(ctx);
  const wanted = ctx.url.searchParams.getAll('project').filter((p) => p && p !== '-1');
  const projects = (await visibleProjects(ctx, org.id)).filter((p) => !wanted.length || wanted.includes(String(p.id)) || wanted.includes(p.slug));
  return { projectIds: projects.map((p) => p.id), since: Date.now() - WINDOW_MS };
}

export async function listOrgTagKeys(ctx: Ctx): Promise<void> {
  const keys = await orgTagKeys(ctx.app.db, await scope(ctx));
  sendJson(ctx.res, 200, keys.map((k) => ({ key: k.key, name: k.key, totalValues: k.values })));
}

/** `GET …/tags/{key}/values/?query=pre` — the most seen values, optionally those containing `query`. */
export async function listOrgTagValues(ctx: Ctx): Promise<void> {
  const key = ctx.params.key ?? '';
  if (!key) throw new HttpError(400, 'tag key required');
  const dataset = ctx.url.searchParams.get('dataset');
  if (dataset === 'transactions' && !TRANSACTION_TAG_COLUMNS[key]) {
    throw new HttpError(400, `tag "${key}" has no values in dataset transactions (supported: ${Object.keys(TRANSACTION_TAG_COLUMNS).join(', ')})`);
  }
  if (dataset !== null && dataset !== 'transactions' && dataset !== 'errors') throw new HttpError(400, `dataset "${dataset}" is not supported here (errors or transactions)`);
  const read = dataset === 'transactions' ? transactionTagValues : orgTagValues;
  const values = await read(ctx.app.db, await scope(ctx), key, ctx.url.searchParams.get('query') ?? '');
  sendJson(
    ctx.res,
    200,
    values.map((v) => ({ key, name: v.value, value: v.value, count: v.count, firstSeen: iso(v.firstSeen), lastSeen: iso(v.lastSeen) })),
  );
}
