/**
 * @module `summarizeReplayEvent` and `mergeReplay`: what a `replay_event` segment says about its replay, and the
 * replay once every segment so far is merged in (lists unioned in arrival order, the earliest start, the latest
 * end, the first non-empty identity). Browser, OS and device come from `contexts`, else from the request's
 * User-Agent (the browser SDK sends none). Pure: the store keeps the result, the API shows it.
 */
import { parseUserAgent } from '../normalize/user-agent.ts';

export interface ReplaySummary {
  replayId: string;
  environment: string | null;
  release: string | null;
  dist: string | null;
  user: { id: string | null; email: string | null; username: string | null; ip: string | null };
  browser: { name: string | null; version: string | null };
  os: { name: string | null; version: string | null };
  device: { name: string | null; brand: string | null; model: string | null; family: string | null };
  urls: string[];
  traceIds: string[];
  errorIds: string[];
  tags: Record<string, string[]>;
  /** Milliseconds since the epoch. */
  startedAt: number;
  finishedAt: number;
  replayType: string | null;
  platform: string | null;
  sdk: { name: string | null; version: string | null };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const MAX_FIELD = 1024;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v.slice(0, MAX_FIELD) : typeof v === 'number' ? String(v) : null);
const strings = (v: unknown, max = 1000): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null).slice(0, max) : []);
const REPLAY_ID = /^[0-9a-f]{32}$/;

/** A replay id as Sentry stores it: 32 lowercase hex digits (dashes dropped); null when it is not one. */
export function normalizeReplayId(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const id = v.replace(/-/g, '').toLowerCase();
  return REPLAY_ID.test(id) ? id : null;
}

function seconds(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) / 1000 : NaN;
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : fallback;
}

function userAgentOf(payload: Obj): string | undefined {
  const headers = obj(obj(payload.request).headers);
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'user-agent' && typeof v === 'string') return v;
  return undefined;
}

/** The replay as one `replay_event` payload describes it; null when it names no valid replay id. */
export function summarizeReplayEvent(payload: unknown, fallbackReplayId: unknown, receivedMs: number): ReplaySummary | null {
  const p = obj(payload);
  const replayId = normalizeReplayId(p.replay_id) ?? normalizeReplayId(fallbackReplayId);
  if (!replayId) return null;
  const contexts = obj(p.contexts);
  const ua = userAgentOf(p);
  const parsed = ua ? parseUserAgent(ua) : {};
  const b = obj(contexts.browser);
  const o = obj(contexts.os);
  const d = obj(contexts.device);
  const user = obj(p.user);
  const sdk = obj(p.sdk);
  const finishedAt = seconds(p.timestamp, receivedMs);
  const tags: Record<string, string[]> = {};
  const rawTags = p.tags;
  const pairs: Array<[unknown, unknown]> = Array.isArray(rawTags) ? rawTags.map((t) => (Array.isArray(t) ? [t[0], t[1]] : [undefined, undefined])) : Object.entries(obj(rawTags));
  for (const [k, v] of pairs) {
    const key = str(k);
    const value = str(v);
    if (key && value) tags[key] = [value];
  }
  return {
    replayId,
    environment: str(p.environment),
    release: str(p.release),
    dist: str(p.dist),
    user: { id: str(user.id), email: str(user.email), username: str(user.username), ip: str(user.ip_address) },
    browser: { name: str(b.name) ?? parsed.browser?.name ?? null, version: str(b.version) ?? parsed.browser?.version ?? null },
    os: { name: str(o.name) ?? parsed.os?.name ?? null, version: str(o.version) ?? parsed.os?.version ?? null },
    device: {
      name: str(d.name),
      brand: str(d.brand) ?? parsed.device?.brand ?? null,
      model: str(d.model) ?? parsed.device?.model ?? null,
      family: str(d.family) ?? parsed.device?.family ?? null,
    },
    urls: strings(p.urls),
    traceIds: strings(p.trace_ids),
    errorIds: strings(p.error_ids),
    tags,
    startedAt: seconds(p.replay_start_timestamp, finishedAt),
    finishedAt,
    replayType: str(p.replay_type),
    platform: str(p.platform),
    sdk: { name: str(sdk.name), version: str(sdk.version) },
  };
}

const union = (a: string[], b: string[], max = 1000): string[] => [...new Set([...a, ...b])].slice(0, max);
const first = <T>(a: T | null, b: T | null): T | null => a ?? b;

function firstOf<T extends Record<string, string | null>>(a: T, b: T): T {
  const out = { ...a };
  for (const k of Object.keys(b) as Array<keyof T>) out[k] = (a[k] ?? b[k]) as T[keyof T];
  return out;
}

/** The replay after `next` (a later-arriving segment) is merged into what was stored. */
export function mergeReplay(prev: ReplaySummary | null, next: ReplaySummary): ReplaySummary {
  if (!prev) return next;
  const tags: Record<string, string[]> = { ...prev.tags };
  for (const [k, v] of Object.entries(next.tags)) tags[k] = union(tags[k] ?? [], v, 100);
  return {
    replayId: prev.replayId,
    environment: first(prev.environment, next.environment),
    release: first(prev.release, next.release),
    dist: first(prev.dist, next.dist),
    user: firstOf(prev.user, next.user),
    browser: firstOf(prev.browser, next.browser),
    os: firstOf(prev.os, next.os),
    device: firstOf(prev.device, next.device),
    urls: union(prev.urls, next.urls),
    traceIds: union(prev.traceIds, next.traceIds),
    errorIds: union(prev.errorIds, next.errorIds),
    tags,
    startedAt: Math.min(prev.startedAt, next.startedAt),
    finishedAt: Math.max(prev.finishedAt, next.finishedAt),
    replayType: first(prev.replayType, next.replayType),
    platform: first(prev.platform, next.platform),
    sdk: firstOf(prev.sdk, next.sdk),
  };
}
