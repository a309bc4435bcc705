/**
 * @module Server-side PII scrubbing, run by digest right after normalization and before anything is stored.
 * Sensitive keys lose their values everywhere (extra, contexts, request headers/cookies/data/query, breadcrumb
 * data, frame vars, tags, user data); secret-looking text is filtered inside every string that gets shown.
 * Returns how many values were replaced, so the event can say it was scrubbed.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import { FILTERED, isSensitiveKey } from './sensitive-keys.ts';
import { scrubString } from './scrub-string.ts';

export interface ScrubOptions {
  /** Also remove the user's IP address (Sentry's "Prevent storing of IP addresses"). */
  scrubIpAddresses?: boolean;
  /** Extra sensitive field names for this project (matched case-insensitively, as substrings). */
  sensitiveFields?: string[];
}

interface Counter {
  n: number;
  extra: string[];
}

function keyIsSensitive(key: string, c: Counter): boolean {
  if (isSensitiveKey(key)) return true;
  const k = key.toLowerCase();
  return c.extra.some((f) => k.includes(f));
}

/** Scrubs any JSON value in place (objects and arrays) and returns the (possibly new) value. */
function scrubValue(value: unknown, c: Counter, depth: number): unknown {
  if (typeof value === 'string') {
    const s = scrubString(value);
    if (s !== value) c.n++;
    return s;
  }
  if (value === null || typeof value !== 'object' || depth > 80) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrubValue(value[i], c, depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (keyIsSensitive(key, c) && obj[key] !== null && obj[key] !== '' && obj[key] !== undefined) {
      obj[key] = FILTERED;
      c.n++;
    } else obj[key] = scrubValue(obj[key], c, depth + 1);
  }
  return obj;
}

export function scrubEvent(event: NormalizedEvent, options: ScrubOptions = {}): number {
  const c: Counter = { n: 0, extra: (options.sensitiveFields ?? []).map((f) => f.toLowerCase()).filter(Boolean) };
  for (const field of ['extra', 'contexts', 'request', 'breadcrumbs', 'modules', 'logentry', 'exception', 'threads', 'message', 'errors'] as const) {
    if (event[field] !== undefined) (event as Record<string, unknown>)[field] = scrubValue(event[field], c, 0);
  }
  // Tags are [key, value] pairs: the key decides, the value may hold text.
  event.tags = event.tags.map(([k, v]) => {
    if (keyIsSensitive(k, c)) {
      c.n++;
      return [k, FILTERED];
    }
    const s = scrubString(v);
    if (s !== v) c.n++;
    return [k, s];
  });
  if (event.user) {
    const { id, email, username, ip_address, geo, ...rest } = event.user;
    event.user = { ...(scrubValue(rest, c, 0) as Record<string, unknown>), id, email, username, geo, ip_address: options.scrubIpAddresses ? undefined : ip_address };
    for (const k of Object.keys(event.user)) if (event.user[k] === undefined) delete event.user[k];
    if (options.scrubIpAddresses && ip_address !== undefined) c.n++;
  }
  if (options.scrubIpAddresses) {
    event.tags = event.tags.filter(([k, v]) => !(k === 'user' && v.startsWith('ip:')));
    const env = event.request?.env as Record<string, unknown> | undefined;
    if (env && 'REMOTE_ADDR' in env) delete env.REMOTE_ADDR;
  }
  return c.n;
}

/** For JSON items kept raw (transactions, spans, replays, logs…): same key and text rules over the whole payload. */
export function scrubJson(value: unknown, options: ScrubOptions = {}): { value: unknown; replaced: number } {
  const c: Counter = { n: 0, extra: (options.sensitiveFields ?? []).map((f) => f.toLowerCase()).filter(Boolean) };
  const out = scrubValue(value, c, 0);
  return { value: out, replaced: c.n };
}
