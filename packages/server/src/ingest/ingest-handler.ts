/**
 * @module The ingest endpoints. Authenticate, read and decompress with bounds, check framing and item content,
 * shed load by category when digest is behind, append the raw envelope to the durable queue, and only then
 * answer `200 {"id"}`. No event is normalized or stored here: that is digest's job.
 */
import {
  formatRateLimits,
  itemTypeToCategory,
  jsonNestingDepth,
  MAX_ITEMS_PER_ENVELOPE,
  MAX_SESSIONS_PER_ENVELOPE,
  parseEnvelope,
  serializeEnvelope,
  type Envelope,
} from '@faultline/protocol';
import { isAllowedOrigin } from '@faultline/pipeline';
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { clientAddress } from '../http/request-origin.ts';
import type { Ctx } from '../http/router.ts';
import { answerError, logErrorAnswer } from '../http/error-answers.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import { authorizeKey, keyFromEnvelopeDsn, keyFromRequest } from './authenticate.ts';
import { BACKPRESSURE_RETRY_AFTER_S, refusedCategories } from './backpressure.ts';
import { applyIngestCors, ingestCorsHeaders } from './cors.ts';
import { DISK_FLOOR_RETRY_AFTER_S } from './disk-floor.ts';
import { decodeBody, readBody } from './read-body.ts';
import { checkItem, MAX_JSON_DEPTH } from './validate-items.ts';
import type { KeyInfo } from './key-cache.ts';
import { EVENT_CATEGORIES, type Refusal } from './quotas.ts';

function projectIdParam(ctx: Ctx): number {
  const raw = ctx.params.projectId ?? '';
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `invalid project id "${raw}" in URL: must be numeric`);
  return Number(raw);
}

export async function handleEnvelope(ctx: Ctx): Promise<void> {
  await ingest(ctx, 'envelope');
}

export async function handleStore(ctx: Ctx): Promise<void> {
  await ingest(ctx, 'store');
}

async function ingest(ctx: Ctx, kind: 'envelope' | 'store'): Promise<void> {
  const { req, res, app } = ctx;
  let projectId = 0;
  let envelope: Envelope | null = null;
  try {
    projectId = projectIdParam(ctx);
    const headerKey = keyFromRequest(req, ctx.query);
    // Authenticate before reading the body when we can: a flood with a bad key costs no decompression.
    const headerKeyInfo = headerKey ? await authorizeKey(app.keys, headerKey, projectId) : null;
    const raw = await readBody(req, app.config.maxEnvelopeBytes);
    const body = await decodeBody(raw, req.headers['content-encoding'], app.config.maxEnvelopeBytes);
    envelope = kind === 'store' ? storeBodyToEnvelope(body) : parseFraming(body);
    const key = headerKeyInfo ?? (await authorizeKey(app.keys, keyFromEnvelopeDsn(envelope.headers.dsn), projectId));
    if (headerKey && envelope.headers.dsn !== undefined) {
      const envKey = keyFromEnvelopeDsn(envelope.headers.dsn);
      if (envKey && envKey !== headerKey) throw new HttpError(400, 'envelope dsn names a different key than the request auth');
    }
    await accept(ctx, key, envelope, body, kind === 'store');
  } catch (err) {
    const answer = answerError(err, 'ingest');
    logErrorAnswer(app.log, answer, err, 'ingest');
    if (!(err instanceof HttpError && err.outcomesCounted)) {
      // Before framing the request counts as one error event; after it, each item under its own category.
      const categories = envelope ? envelope.items.map((i) => itemTypeToCategory(i.headers.type)) : ['error'];
      for (const category of categories) app.outcomes.add(answer.outcome === 'invalid_key' ? 0 : projectId, category, answer.outcome);
    }
    app.metrics.requests({ status: String(answer.status) });
    if (!res.headersSent) {
      applyIngestCors(req, res);
      sendJson(res, answer.status, { detail: answer.detail }, answer.headers);
    }
  }
}

/** Sentry's `allowedDomains`: a browser request from a page outside the list is refused, each item counted `cors`. */
function refuseDisallowedOrigin(ctx: Ctx, key: KeyInfo, envelope: Envelope): void {
  const origin = ctx.req.headers.origin;
  const referer = ctx.req.headers.referer;
  if (isAllowedOrigin(origin, referer, key.allowedDomains)) return;
  for (const item of envelope.items) ctx.app.outcomes.add(key.projectId, itemTypeToCategory(item.headers.type), 'cors');
  const from = origin && origin !== 'null' ? `Origin ${origin}` : `Referer ${referer ?? ''}`;
  throw new HttpError(403, `${from.slice(0, 200)} is not in this project's allowed domains`, {}, true);
}

function parseFraming(body: Buffer): Envelope {
  if (body.byteLength === 0) throw new HttpError(400, 'empty request body: expected an envelope');
  // Past the item cap the envelope is refused like an over-size body: 413, one outcome, framing stopped early.
  return parseEnvelope(body, { maxItems: MAX_ITEMS_PER_ENVELOPE });
}

/**
 * The legacy store endpoint takes one JSON event; it becomes a one-item envelope so digest has one input format.
 * Not on the SDKs' hot path, so it still parses here (to learn and fix the event id); depth is scanned first.
 */
function storeBodyToEnvelope(body: Buffer): Envelope {
  if (!isUtf8(body)) throw new HttpError(400, 'store body is not valid UTF-8');
  if (jsonNestingDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new HttpError(400, `store body JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new HttpError(400, `store body is not valid JSON: ${(err as Error).message}`);
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw new HttpError(400, 'store body must be a JSON object');
  const id = typeof event.event_id === 'string' ? event.event_id.replace(/-/g, '').toLowerCase() : randomUUID().replace(/-/g, '');
  event.event_id = id;
  const type = event.type === 'transaction' ? 'transaction' : 'event';
  return { headers: { event_id: id }, items: [{ headers: { type }, payload: Buffer.from(JSON.stringify(event)) }] };
}

async function accept(ctx: Ctx, key: KeyInfo, envelope: Envelope, body: Buffer, rewritten: boolean): Promise<void> {
  const { app } = ctx;
  const { projectId } = key;
  for (const item of envelope.items) app.metrics.itemsReceived({ type: item.headers.type });
  refuseDisallowedOrigin(ctx, key, envelope);

  // Content faults in an event-bearing item reject the envelope (the SDK learns it was bad);
  // faults in auxiliary items drop just that item with a counted reason. JSON syntax is digest's check.
  const kept = [];
  let dropped = false;
  let sessions = 0;
  for (const item of envelope.items) {
    const type = item.headers.type;
    // Relay's max_session_count: the sessions past it are dropped, each with one outcome.
    if ((type === 'session' || type === 'sessions') && ++sessions > MAX_SESSIONS_PER_ENVELOPE) {
      app.outcomes.add(projectId, 'session', 'too_large');
      dropped = true;
      continue;
    }
    const fault = checkItem(item);
    if (!fault) {
      kept.push(item);
      continue;
    }
    if (item.headers.type === 'event' || item.headers.type === 'transaction') {
      throw new HttpError(fault.reason === 'too_large' ? 413 : 400, fault.detail);
    }
    app.outcomes.add(projectId, itemTypeToCategory(item.headers.type), fault.reason);
    dropped = true;
  }

  // Below the free-disk floor nothing is acknowledged: every item left gets one outcome, the SDK retries later.
  const disk = app.disk.check();
  if (disk.low && kept.length > 0) {
    for (const item of kept) app.outcomes.add(projectId, itemTypeToCategory(item.headers.type), 'disk_full');
    const detail = `the server's disk is almost full (${disk.freeBytes} bytes free, below --min-free-disk-bytes ${disk.floorBytes}); retry after ${DISK_FLOOR_RETRY_AFTER_S} s`;
    throw new HttpError(503, detail, { 'retry-after': String(DISK_FLOOR_RETRY_AFTER_S) }, true);
  }

  // Refusals, cheapest and most protective first: backpressure (digest behind), then the key's own quota, then
  // spike protection. Each refused item gets one outcome; the SDK gets one header naming every refused category.
  const refusals: Refusal[] = [];
  const shed = refusedCategories(app.queue.depth(), app.config.maxQueueDepth);
  if (shed.size) refusals.push({ categories: [...shed], retryAfter: BACKPRESSURE_RETRY_AFTER_S, scope: 'organization', reason: 'backpressure', outcome: 'backpressure' });
  const events = kept.filter((i) => EVENT_CATEGORIES.includes(itemTypeToCategory(i.headers.type)) && !shed.has(itemTypeToCategory(i.headers.type))).length;
  const keyRefusal = key.rateLimit ? await app.quotas.keys.take(key.publicKey, key.rateLimit, events) : null;
  if (keyRefusal) refusals.push(keyRefusal);
  else {
    const spike = (await app.quotas.spike?.take(projectId, events)) ?? null;
    if (spike) refusals.push(spike);
  }

  const admitted = [];
  const applied = new Map<Refusal, Set<string>>();
  for (const item of kept) {
    const category = itemTypeToCategory(item.headers.type);
    const refusal = refusals.find((r) => r.categories.includes(category));
    if (!refusal) {
      admitted.push(item);
      continue;
    }
    applied.set(refusal, (applied.get(refusal) ?? new Set()).add(category));
    app.outcomes.add(projectId, category, refusal.outcome);
    dropped = true;
  }
  const limits = [...applied].map(([r, cats]) => ({ retryAfter: r.retryAfter, categories: [...cats], scope: r.scope, reason: r.reason }));
  const limitsHeader = limits.length ? formatRateLimits(limits) : undefined;
  if (admitted.length === 0 && limitsHeader !== undefined) {
    const retry = Math.max(...limits.map((l) => l.retryAfter));
    const why = limits.map((l) => l.reason).join(', ');
    throw new HttpError(429, `refused (${why}); retry after ${retry} s`, { 'x-sentry-rate-limits': limitsHeader, 'retry-after': String(retry) }, true);
  }

  const eventId = typeof envelope.headers.event_id === 'string' ? envelope.headers.event_id : undefined;
  if (admitted.length > 0) {
    const stored = dropped || rewritten ? Buffer.from(serializeEnvelope({ headers: envelope.headers, items: admitted })) : body;
    await app.queue.append({ projectId, received: Date.now(), clientIp: clientIp(ctx), body: stored });
    app.onAppend();
    for (const item of admitted) app.metrics.itemsAccepted({ type: item.headers.type });
  }
  app.metrics.requests({ status: '200' });
  sendAccepted(ctx, eventId, limitsHeader);
}

/**
 * The 200 every accepted envelope gets, written in one `writeHead` of a flat header list: the hot path's answer
 * costs no `setHeader` calls and no header object (the headers are `sendJson`'s, plus CORS and rate limits).
 */
function sendAccepted(ctx: Ctx, eventId: string | undefined, rateLimits: string | undefined): void {
  const text = eventId === undefined ? '{}' : `{"id":${JSON.stringify(eventId)}}`;
  const headers = ingestCorsHeaders(ctx.req);
  headers.push('content-type', 'application/json', 'x-content-type-options', 'nosniff', 'content-length', String(Buffer.byteLength(text)));
  if (rateLimits !== undefined) headers.push('x-sentry-rate-limits', rateLimits);
  ctx.res.writeHead(200, headers);
  ctx.res.end(text);
}

/** Who sent the envelope, for `{{auto}}` user IPs: the same rightmost-hop rule as everywhere (`http/request-origin.ts`). */
function clientIp(ctx: Ctx): string | null {
  const addr = clientAddress(ctx);
  return addr === 'unknown' ? null : addr;
}
