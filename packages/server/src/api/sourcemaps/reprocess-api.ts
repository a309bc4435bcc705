/**
 * @module Reprocessing and per-frame explanations:
 * `POST /api/0/issues/{id}/reprocess/` re-symbolicates the issue's events (newest first, up to `maxEvents`,
 * default 1000) and moves each to the issue its resolved frames group into;
 * `POST /api/0/projects/{org}/{project}/events/{id}/reprocess/` does it for one event;
 * `GET /api/0/projects/{org}/{project}/events/{id}/source-map-debug/?exception_idx=&frame_idx=` says, step by
 * step, how a frame's source map was looked for (Sentry's path for the same question).
 */
import { decodeEventBody, getEvent, getProjectById, latestIssueEventIds } from '@faultline/store';
import type { StackFrame } from '@faultline/protocol';
import type { Ctx } from '../../http/router.ts';
import { HttpError, readJsonBody, sendJson } from '../../http/respond.ts';
import { issueFromParams, projectFromParams } from '../access.ts';
import { artifactServices } from '../../sourcemaps/artifact-services.ts';
import { reprocessEvents } from '../../sourcemaps/reprocess-events.ts';
import { StoreArtifactLookup } from '../../sourcemaps/store-artifact-lookup.ts';

export async function reprocessIssue(ctx: Ctx): Promise<void> {
  const { issue, project } = await issueFromParams(ctx);
  const body = await readJsonBody<{ maxEvents?: unknown }>(ctx.req);
  const max = typeof body.maxEvents === 'number' && body.maxEvents > 0 ? Math.min(Math.floor(body.maxEvents), 10_000) : 1000;
  const ids = await latestIssueEventIds(ctx.app.db, issue.id, max);
  const result = await reprocessEvents(ctx.app, project, ids);
  sendJson(ctx.res, 200, { ...result, issues: result.issues.map(String), removedIssues: result.removedIssues.map(String) });
}

export async function reprocessEvent(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const row = await getEvent(ctx.app.db, project.id, ctx.params.eventId ?? '');
  if (!row) throw new HttpError(404, `event ${JSON.stringify(ctx.params.eventId)} not found`);
  const result = await reprocessEvents(ctx.app, project, [Number(row.id)]);
  sendJson(ctx.res, 200, { ...result, issues: result.issues.map(String), removedIssues: result.removedIssues.map(String) });
}

export async function sourceMapDebug(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const row = await getEvent(ctx.app.db, project.id, ctx.params.eventId ?? '');
  if (!row?.body) throw new HttpError(404, `event ${JSON.stringify(ctx.params.eventId)} not found`);
  const event = decodeEventBody(row.body);
  const excIdx = Number(ctx.url.searchParams.get('exception_idx') ?? 0);
  const frameIdx = Number(ctx.url.searchParams.get('frame_idx') ?? NaN);
  const frames = event.exception?.values[excIdx]?.stacktrace?.frames;
  const frame: StackFrame | undefined = Number.isInteger(frameIdx) ? frames?.[frameIdx] : undefined;
  if (!frame) throw new HttpError(400, 'exception_idx and frame_idx must name a frame of the event');
  const { blobs, symbolicator } = artifactServices(ctx.app);
  const p = (await getProjectById(ctx.app.db, project.id))!;
  const explained = await symbolicator.explainFrame(event, new StoreArtifactLookup(ctx.app.db, blobs, p.org_id, p.id), frame);
  const path = `exception.values.${excIdx}.stacktrace.frames.${frameIdx}`;
  sendJson(ctx.res, 200, {
    frame: { resolved: frame.symbolicated === true, filename: frame.filename, lineno: frame.lineno, colno: frame.colno, function: frame.function, raw: frame.raw ?? null },
    release: event.release ?? null,
    dist: event.dist ?? null,
    ...explained,
    errors: event.errors.filter((e) => e.name === path || (Array.isArray(e.frames) && (e.frames as string[]).includes(path))),
  });
}
