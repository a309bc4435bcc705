/**
 * @module `normalizeEvent`: the first digest stage. Any JSON value in, a valid `NormalizedEvent` out, never an
 * exception: what was wrong is recorded in `event.errors` (Sentry's shape) and the rest of the event survives.
 * Field rules follow Relay's normalization (docs/protocol.md §3); the few places we differ say why.
 */

import type { EventError, Level, NormalizedEvent } from '@faultline/protocol';
import { boundedCopy, setCopy } from './bounded-copy.ts';
import { deriveTags } from './derived-tags.ts';
import { FaultLog } from './fault-log.ts';
import { isRecord } from './field-readers.ts';
import { readName, readPlatform, readShortString } from './normalize-attributes.ts';
import { normalizeBreadcrumbs } from './normalize-breadcrumbs.ts';
import { normalizeContexts } from './normalize-contexts.ts';
import { normalizeDebugMeta } from './normalize-debug-meta.ts';
import { newEventId, normalizeEventId, toEventId } from './normalize-event-id.ts';
import { normalizeException } from './normalize-exception.ts';
import { normalizeFingerprint } from './normalize-fingerprint.ts';
import { normalizeLevel } from './normalize-level.ts';
import { normalizeLogEntry } from './normalize-logentry.ts';
import { findHeader, normalizeRequest } from './normalize-request.ts';
import { normalizeModules, normalizeSdk } from './normalize-sdk.ts';
import { normalizeStacktrace } from './normalize-stacktrace.ts';
import { normalizeTags } from './normalize-tags.ts';
import { normalizeThreads } from './normalize-threads.ts';
import { normalizeUser } from './normalize-user.ts';
import { parseTimestamp } from './parse-timestamp.ts';

export interface NormalizeContext {
  /** When Faultline received the envelope, unix seconds. Also the fallback timestamp. */
  receivedAt: number;
  /** The client's address as ingest saw it, for `{{auto}}` / `infer_ip: 'auto'`. */
  clientIp?: string;
  /** The envelope header's `event_id`; it wins over the payload's. */
  envelopeEventId?: string;
}

/** Fields this module handles itself; every other top-level key is kept (depth-guarded) as Sentry does. */
const HANDLED = new Set([
  'event_id', 'timestamp', 'start_timestamp', 'level', 'platform', 'type', 'logger', 'server_name', 'release',
  'dist', 'environment', 'message', 'logentry', 'transaction', 'fingerprint', 'tags', 'extra', 'modules', 'user',
  'request', 'contexts', 'breadcrumbs', 'exception', 'threads', 'stacktrace', 'sdk', 'debug_meta',
  // Computed here: `received` and `_meta` are ours; earlier `errors` are merged, not copied blindly.
  'received', 'errors', '_meta',
]);

/** Past faults kept when an event is normalized again: a first pass writes at most 100 plus a "too many" note. */
const MAX_PREVIOUS_ERRORS = 128;

/** Event types other than error/default that keep their type (Relay infers only error vs default). */
const KEPT_TYPES = new Set(['transaction', 'csp', 'hpkp', 'expectct', 'expectstaple', 'nel', 'feedback', 'generic']);

export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizedEvent {
  const receivedAt = typeof ctx?.receivedAt === 'number' && Number.isFinite(ctx.receivedAt) ? ctx.receivedAt : Date.now() / 1000;
  try {
    return normalize(raw, ctx ?? { receivedAt }, receivedAt);
  } catch (error) {
    // Defense in depth: a bug here must cost the event's details, not the event. Tests assert this never runs.
    const id = toEventId(ctx?.envelopeEventId) ?? newEventId();
    return {
      event_id: id, timestamp: receivedAt, received: receivedAt, level: 'error', platform: 'other', type: 'default',
      tags: [['level', 'error']], contexts: {},
      errors: [{ type: 'internal_error', value: error instanceof Error ? error.message : String(error) }],
    };
  }
}

function normalize(raw: unknown, ctx: NormalizeContext, receivedAt: number): NormalizedEvent {
  const faults = new FaultLog();
  let source: Record<string, unknown> = {};
  if (isRecord(raw)) source = raw;
  else faults.invalid(undefined, raw);

  const platform = readPlatform(source.platform, faults);
  const exception = normalizeException(source.exception, faults, platform);
  const logentry = normalizeLogEntry(source.message, source.logentry, faults);
  const event: NormalizedEvent = {
    event_id: normalizeEventId(ctx.envelopeEventId, source.event_id, faults),
    timestamp: readTimestamp(source.timestamp, receivedAt, faults),
    received: receivedAt,
    level: readLevel(source.level, faults),
    platform,
    type: exception !== undefined ? 'error' : typeof source.type === 'string' && KEPT_TYPES.has(source.type) ? source.type : 'default',
    tags: [],
    contexts: {},
    errors: [],
  };
  if (source.start_timestamp !== undefined && source.start_timestamp !== null) {
    const start = parseTimestamp(source.start_timestamp);
    if (start !== undefined) event.start_timestamp = start;
    else faults.invalid('start_timestamp', source.start_timestamp);
  }
  assign(event, 'logger', readShortString(source.logger, 'logger', faults));
  assign(event, 'server_name', readShortString(source.server_name, 'server_name', faults));
  assign(event, 'release', readName(source.release, 'release', faults));
  assign(event, 'dist', readName(source.dist, 'dist', faults));
  assign(event, 'environment', readName(source.environment, 'environment', faults));
  assign(event, 'logentry', logentry);
  assign(event, 'transaction', readShortString(source.transaction, 'transaction', faults));
  assign(event, 'fingerprint', normalizeFingerprint(source.fingerprint, faults));
  if (isRecord(source.extra)) event.extra = boundedCopy(source.extra, 'extra', faults) as Record<string, unknown>;
  else if (source.extra !== undefined && source.extra !== null) faults.invalid('extra', source.extra);
  assign(event, 'modules', normalizeModules(source.modules, faults));
  const sdk = normalizeSdk(source.sdk, faults);
  const inferIp = isRecord(sdk?.settings) && sdk.settings.infer_ip === 'auto';
  assign(event, 'user', normalizeUser(source.user, faults, ctx.clientIp, inferIp));
  const request = normalizeRequest(source.request, faults);
  assign(event, 'request', request);
  event.contexts = normalizeContexts(source.contexts, faults, findHeader(request?.headers, 'user-agent'));
  assign(event, 'breadcrumbs', normalizeBreadcrumbs(source.breadcrumbs, faults));
  assign(event, 'exception', exception);
  assign(event, 'threads', normalizeThreads(source.threads, faults, platform));
  assign(event, 'stacktrace', normalizeStacktrace(source.stacktrace, 'stacktrace', faults, platform));
  assign(event, 'sdk', sdk);
  assign(event, 'debug_meta', normalizeDebugMeta(source.debug_meta, faults));

  for (const key of Object.keys(source)) {
    if (HANDLED.has(key) || source[key] === undefined) continue;
    setCopy(event, key, source[key], key, faults);
  }

  // Derived tags replace user tags of the same key: the tag must agree with the field it names.
  const derived = deriveTags(event);
  const derivedKeys = new Set(derived.map(([key]) => key));
  event.tags = [...normalizeTags(source.tags, faults).filter(([key]) => !derivedKeys.has(key)), ...derived];
  event.errors = [...previousErrors(source.errors), ...faults.finish()];
  return event;
}

/**
 * Faults recorded by an earlier normalization (a stored event processed again) are kept, as Relay keeps an
 * event's `errors`: normalizing twice must not erase what the first pass found.
 */
function previousErrors(raw: unknown): EventError[] {
  if (!Array.isArray(raw)) return [];
  const kept: EventError[] = [];
  for (const error of raw.slice(0, MAX_PREVIOUS_ERRORS)) {
    if (isRecord(error) && typeof error.type === 'string') kept.push(boundedCopy(error, 'errors', new FaultLog(), 4) as EventError);
  }
  return kept;
}

function assign<K extends keyof NormalizedEvent>(event: NormalizedEvent, key: K, value: NormalizedEvent[K] | undefined): void {
  if (value !== undefined) event[key] = value;
}

/** A missing timestamp is the receive time, silently (Relay does the same); only a bad one is a fault. */
function readTimestamp(value: unknown, receivedAt: number, faults: FaultLog): number {
  if (value === undefined || value === null) return receivedAt;
  const ts = parseTimestamp(value);
  if (ts !== undefined) return ts; // clock drift is left alone: the UI shows both timestamp and received
  faults.invalid('timestamp', value);
  return receivedAt;
}

/**
 * Relay's default: an event without a (valid) level is an `error`, message or not. SDKs set `info` on
 * `captureMessage` themselves; what arrives without a level (sentry-cli send-event, curl) is an error.
 */
function readLevel(value: unknown, faults: FaultLog): Level {
  const level = normalizeLevel(value);
  if (level !== undefined) return level;
  if (value !== undefined && value !== null) faults.invalid('level', value);
  return 'error';
}
