/**
 * @module `GET /api/0/organizations/{org}/trace/{trace_id}/`: the trace across the organization's projects the
 * caller can see (others are left out as if absent): segments nested by parent span, each with its spans nested
 * and the errors that happened in them; errors in no stored span as `orphan_errors` (`build-trace.ts`).
 *
 * Bounded for huge traces: every response holds all the trace's segments (at most `MAX_TRACE_SEGMENTS`) and one
 * page of its other spans, earliest first — `limit` of them (default `DEFAULT_TRACE_SPANS`, at most
 * `MAX_TRACE_SPANS`), fewer where their attributes pass `MAX_TRACE_PAGE_BYTES`; `cursor` (a Link header's) gives
 * the next page, and `meta` says how many spans the trace has and how many this page returns. A span whose parent
 * is on another page hangs under its segment's root, marked `orphan`.
 */
import { getIssue, listTraceErrors, listTraceSpanPage, listTraceTransactions } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, orgFromParams, parseCursor, parseLimit, visibleProjects } from '../access.ts';
import { shortIdOf } from '../serialize.ts';
import { buildTrace } from './build-trace.ts';

/** Spans (besides segments) on one page of a trace, by default and at most. */
export const DEFAULT_TRACE_SPANS = 2_000;
export const MAX_TRACE_SPANS = 10_000;
/** Segments (transactions) of one trace read: every page holds them all, up to this. */
export const MAX_TRACE_SEGMENTS = 1_000;
/** Stored attribute and description text on one page, at most (a page holds at least one span). */
export const MAX_TRACE_PAGE_BYTES = 8 * 1024 * 1024;
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
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const limit = parseLimit(ctx, DEFAULT_TRACE_SPANS, MAX_TRACE_SPANS);
  const page = await listTraceSpanPage(db, ids, traceId, { offset, limit, maxSegments: MAX_TRACE_SEGMENTS, maxBytes: MAX_TRACE_PAGE_BYTES });
  const [transactions, errors] = [await listTraceTransactions(db, ids, traceId, MAX_TRACE_SEGMENTS), await listTraceErrors(db, ids, traceId, MAX_TRACE_ERRORS)];
  if (page.total === 0 && errors.length === 0) throw new HttpError(404, `trace "${traceId}" not found`);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const shortIds = new Map<number, string>();
  for (const e of errors) {
    if (e.issue_id === null || shortIds.has(e.issue_id)) continue;
    const issue = await getIssue(db, e.issue_id);
    const project = byId.get(e.project_id);
    if (issue && project) shortIds.set(e.issue_id, shortIdOf(project, issue));
  }
  const trace = buildTrace([...page.segments, ...page.spans], transactions, errors, byId, shortIds);
  const meta = { spans: page.total, segments_returned: page.segments.length, spans_returned: page.segments.length + page.spans.length, next_cursor: page.next === null ? null : `0:${page.next}:0` };
  sendJson(ctx.res, 200, { ...trace, meta }, { link: linkHeader(ctx, offset, page.spans.length, page.next !== null) });
}
