/**
 * @module Server-side PII scrubbing, run by digest right after normalization and again over the frames
 * symbolication filled in, before anything is stored. Every stored field is walked: sensitive keys lose their
 * values everywhere, and secret-looking text (`scrub-string.ts`) is filtered inside every string, each clipped to
 * 16 KiB first so the work per string is bounded. The `user` identity the SDK sets on purpose (id, email,
 * username, geo; the IP unless the project asks) is kept. Returns how many values were replaced.
 */
import type { NormalizedEvent, StackFrame } from '@faultline/protocol';
import { clipString, MAX_STRING_LENGTH } from '../normalize/clip-string.ts';
import { FILTERED, isSensitiveKey } from './sensitive-keys.ts';
import { scrubString } from './scrub-string.ts';
import { DEFAULT_SCRUB_OPTIONS, type ScrubOptions } from './scrub-options.ts';

interface Counter {
  n: number;
  defaults: boolean;
  /** `scrubIPAddresses`: attribute keys that hold the user's address (span attributes) lose their values. */
  dropIp: boolean;
  extra: string[];
  safe: Set<string>;
}

/** Event fields that are structure, not content (ids, times, enums, SDK and debug metadata, release names, installed package versions). */
const STRUCTURAL = new Set(['event_id', 'timestamp', 'start_timestamp', 'received', 'level', 'platform', 'type', 'release', 'dist', 'environment', 'sdk', 'debug_meta', 'tags', 'user', 'version', 'modules']);
const USER_IDENTITY = ['id', 'email', 'username', 'ip_address', 'geo'] as const;

function counter(options: ScrubOptions): Counter {
  const o = { ...DEFAULT_SCRUB_OPTIONS, ...options };
  return {
    n: 0,
    defaults: o.dataScrubberDefaults,
    dropIp: o.scrubIPAddresses,
    extra: o.sensitiveFields.map((f) => f.toLowerCase()).filter(Boolean),
    safe: new Set(o.safeFields.map((f) => f.toLowerCase())),
  };
}

/** Where span attributes (v2 containers, span data) carry the user's address: semantic-convention names. */
const IP_ATTRIBUTE_KEYS = new Set(['user.ip_address', 'client.address', 'sentry.user.ip']);

function keyIsSafe(key: string, c: Counter): boolean {
  return c.safe.size > 0 && c.safe.has(key.toLowerCase());
}

function keyIsSensitive(key: string, c: Counter): boolean {
  if (c.defaults && isSensitiveKey(key)) return true;
  if (c.extra.length === 0) return false;
  const k = key.toLowerCase();
  return c.extra.some((f) => k.includes(f));
}

function scrubText(value: string, c: Counter): string {
  const clipped = value.length > MAX_STRING_LENGTH ? clipString(value, MAX_STRING_LENGTH) : value;
  const s = c.defaults ? scrubString(clipped) : clipped;
  if (s !== value) c.n++;
  return s;
}

/** Scrubs any JSON value in place (objects and arrays) and returns the (possibly new) value. */
function scrubValue(value: unknown, c: Counter, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, c);
  if (value === null || typeof value !== 'object' || depth > 80) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrubValue(value[i], c, depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) obj[key] = scrubOne(key, obj[key], c, depth + 1);
  return obj;
}

/** One member of an object: a safe key keeps its value, a sensitive key loses it, anything else is walked. */
function scrubOne(key: string, v: unknown, c: Counter, depth: number): unknown {
  if (v === null || v === undefined || v === '' || keyIsSafe(key, c)) return v;
  if (keyIsSensitive(key, c) || (c.dropIp && IP_ATTRIBUTE_KEYS.has(key))) {
    c.n++;
    return FILTERED;
  }
  return scrubValue(v, c, depth);
}

/** The `user` object: identity kept as sent, everything else (custom fields, `data`) scrubbed. */
function scrubUser(user: Record<string, unknown>, c: Counter, dropIp: boolean): Record<string, unknown> {
  const identity: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(user)) {
    if ((USER_IDENTITY as readonly string[]).includes(k)) identity[k] = v;
    else rest[k] = v;
  }
  if (dropIp && identity.ip_address !== undefined) {
    delete identity.ip_address;
    c.n++;
  }
  return { ...(scrubValue(rest, c, 1) as Record<string, unknown>), ...identity };
}

export function scrubEvent(event: NormalizedEvent, options: ScrubOptions = {}): number {
  const o = { ...DEFAULT_SCRUB_OPTIONS, ...options };
  const c = counter(o);
  const record = event as Record<string, unknown>;
  if (o.dataScrubber) {
    for (const field of Object.keys(record)) {
      if (STRUCTURAL.has(field) || record[field] === undefined) continue;
      record[field] = scrubValue(record[field], c, 0);
    }
    // Tags are [key, value] pairs: the key decides, the value may hold text.
    event.tags = event.tags.map(([k, v]) => {
      if (keyIsSafe(k, c)) return [k, v];
      if (keyIsSensitive(k, c)) {
        c.n++;
        return [k, FILTERED];
      }
      return [k, scrubText(v, c)];
    });
  }
  if (event.user) {
    const user = o.dataScrubber ? scrubUser(event.user, c, o.scrubIPAddresses) : { ...event.user };
    if (!o.dataScrubber && o.scrubIPAddresses && user.ip_address !== undefined) {
      delete user.ip_address;
      c.n++;
    }
    event.user = user;
  }
  if (o.scrubIPAddresses) {
    event.tags = event.tags.filter(([k, v]) => !(k === 'user' && v.startsWith('ip:')));
    const env = event.request?.env as Record<string, unknown> | undefined;
    if (env && 'REMOTE_ADDR' in env) delete env.REMOTE_ADDR;
  }
  return c.n;
}

/**
 * The second pass, after the `beforeGroup` stages: symbolication adds original source (context lines, pre/post
 * context) that was never scrubbed. Only frames it resolved are walked again.
 */
export function scrubSymbolicatedFrames(event: NormalizedEvent, options: ScrubOptions = {}): number {
  const o = { ...DEFAULT_SCRUB_OPTIONS, ...options };
  if (!o.dataScrubber) return 0;
  const c = counter(o);
  const stacks = [...(event.exception?.values ?? []), ...(event.threads?.values ?? [])];
  for (const s of stacks) {
    for (const frame of s.stacktrace?.frames ?? []) {
      if (frame.symbolicated === true) scrubValue(frame as StackFrame & Record<string, unknown>, c, 0);
    }
  }
  return c.n;
}

/** Top-level fields of raw items that name the user on purpose: a transaction's `user`, a session's `did`. */
const RAW_IDENTITY = new Set(['did']);

/** For JSON items kept raw (transactions, spans, replays, logs, check-ins…): the same key and text rules over the whole payload. */
export function scrubJson(value: unknown, options: ScrubOptions = {}): { value: unknown; replaced: number } {
  const o = { ...DEFAULT_SCRUB_OPTIONS, ...options };
  const c = counter(o);
  if (!o.dataScrubber) return { value, replaced: 0 };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (RAW_IDENTITY.has(key) && typeof v === 'string') continue;
      if (key === 'user' && v !== null && typeof v === 'object' && !Array.isArray(v)) obj[key] = scrubUser(v as Record<string, unknown>, c, o.scrubIPAddresses);
      else obj[key] = scrubOne(key, v, c, 1);
    }
    return { value: obj, replaced: c.n };
  }
  return { value: scrubValue(value, c, 0), replaced: c.n };
}
