/**
 * @module `GET /api/0/organizations/{org}/trace/{trace_id}/`: the whole trace across the organization's projects the
 * caller can see (others are left out as if absent): segments nested by parent span, each with its spans nested
 * and the errors that happened in them; errors in no stored span as `orphan_errors` (`build-trace.ts`).
 */
import { getIssue, listTraceErrors, listTraceSpans, listTraceTransactions } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { orgFromParams, visibleProjects } from '../access.ts';
import { shortIdOf } from '../serialize.ts';
import { buildTrace } from './build-trace.ts';

/** Spans read for one trace (a trace view past this shows the earliest). */
export const MAX_TRACE_SPANS = 10_000;
const MAX_TRACE_ERRORS = 100;

export function traceIdParam(ctx: Ctx): string {
  const id = (ctx.params.traceId ?? '').toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(id)) throw new HttpError(400, 'the trace id must be 32 hex digits');
  return id;
}

export async function getTrace(ctx: Ctx): Promise<void> {
  const org = await orgFromParams(ctx);
  const traceId = traceIdParam(ctx);
  const projects = await visibleProjects(ctx, org.id);
  const ids = projects.map((p) => p.id);
  const db = ctx.app.db;
  const [spans, transactions, errors] = [await listTraceSpans(db, ids, traceId, MAX_TRACE_SPANS), await listTraceTransactions(db, ids, traceId), await listTraceErrors(db, ids, traceId, MAX_TRACE_ERRORS)];
  if (spans.length === 0 && errors.length === 0) throw new HttpError(404, `trace "${traceId}" not found`);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const shortIds = new Map<number, string>();
  for (const e of errors) {
    if (e.issue_id === null || shortIds.has(e.issue_id)) continue;
    const issue = await getIssue(db, e.issue_id);
    const project = byId.get(e.project_id);
    if (issue && project) shortIds.set(e.issue_id, shortIdOf(project, issue));
  }
  sendJson(ctx.res, 200, buildTrace(spans, transactions, errors, byId, shortIds));
}
