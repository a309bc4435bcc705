/** @module Events of an issue (list, latest, oldest, by id), a project's events, and project event lookup (error events, else the plug-ins' `projectEventLookups`). */
import { decodeEventBody, eventNeighbours, getEvent, issueEventAt, listIssueEvents, listProjectEvents, type EventRow } from '@faultline/store';
import type { Ctx } from '../http/router.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import { issueFromParams, linkHeader, parseCursor, parseLimit, projectFromParams } from './access.ts';
import { serializeEvent, serializeEventSummary } from './serialize.ts';

async function fullEvent(ctx: Ctx, row: EventRow) {
  const neighbours = await eventNeighbours(ctx.app.db, row);
  return serializeEvent(row, decodeEventBody(row.body!), { previousEventID: neighbours.previous, nextEventID: neighbours.next });
}

export async function listEventsOfIssue(ctx: Ctx): Promise<void> {
  const { issue } = await issueFromParams(ctx);
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const rows = await listIssueEvents(ctx.app.db, issue.id, limit + 1, offset);
  const page = rows.slice(0, limit).map((row) => serializeEventSummary(row, decodeEventBody(row.body!)));
  sendJson(ctx.res, 200, page, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}

/** `GET /api/0/issues/{id}/events/{latest|oldest|recommended|<event id>}/` */
export async function getIssueEvent(ctx: Ctx): Promise<void> {
  const { issue } = await issueFromParams(ctx);
  const which = ctx.params.eventId!;
  let row: EventRow | undefined;
  if (which === 'latest' || which === 'recommended') row = await issueEventAt(ctx.app.db, issue.id, 'latest');
  else if (which === 'oldest') row = await issueEventAt(ctx.app.db, issue.id, 'oldest');
  else {
    row = await getEvent(ctx.app.db, issue.project_id, which);
    if (row && row.issue_id !== issue.id) row = undefined;
  }
  if (!row) throw new HttpError(404, `event "${which}" not found in this issue`);
  sendJson(ctx.res, 200, await fullEvent(ctx, row));
}

/** `GET /api/0/projects/{org}/{project}/events/[?full=true]`: newest first, cursor-paged; `full` adds entries and contexts. */
export async function listProjectEventsRoute(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const full = ['1', 'true'].includes(ctx.url.searchParams.get('full') ?? '');
  const rows = await listProjectEvents(ctx.app.db, project.id, limit + 1, offset);
  const page = rows.slice(0, limit).map((row) => (full ? serializeEvent : serializeEventSummary)(row, decodeEventBody(row.body!)));
  sendJson(ctx.res, 200, page, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}

export async function getProjectEvent(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const row = await getEvent(ctx.app.db, project.id, ctx.params.eventId!);
  if (row) return sendJson(ctx.res, 200, await fullEvent(ctx, row));
  // Other kinds of event are stored apart from error events (tracing's transactions): the plug-ins' lookups answer.
  for (const lookup of ctx.app.hooks.projectEventLookups) {
    const found = await lookup(ctx.app.db, project.id, ctx.params.eventId!);
    if (found !== undefined) return sendJson(ctx.res, 200, found);
  }
  throw new HttpError(404, `event "${ctx.params.eventId}" not found`);
}

