/**
 * @module The two session payloads the SDKs send, read leniently (a bad field gets its default, never a throw):
 * `session` (one session's update, browser and process-style: `{sid, did, init, started, status, errors, attrs}`)
 * and `sessions` (a server SDK's request-mode aggregates: `{attrs, aggregates: [{started, did?, exited, errored,
 * crashed, abnormal}]}`, whose counts are final statuses, mutually exclusive).
 */
import { USER_ABNORMAL, USER_CRASHED, USER_ERRORED, USER_HEALTHY, type SessionDelta, type SessionStatus, type SessionUpdate } from './session-transition.ts';

const STATUSES = new Set<string>(['ok', 'exited', 'errored', 'crashed', 'abnormal']);

type Json = Record<string, unknown>;

const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

function timeMs(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return fallback;
}

function count(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

export function sessionAttrs(data: Json): { release: string; environment: string } {
  const attrs = (data.attrs && typeof data.attrs === 'object' ? data.attrs : {}) as Json;
  return { release: str(attrs.release) ?? '', environment: str(attrs.environment, 64) ?? 'production' };
}

/** null when the update has no `sid` (nothing to key it by). */
export function parseSessionUpdate(data: Json, receivedMs: number): SessionUpdate | null {
  const sid = str(data.sid, 64);
  if (!sid) return null;
  const status = typeof data.status === 'string' && STATUSES.has(data.status) ? (data.status as SessionStatus) : 'ok';
  return {
    sid,
    did: str(data.did),
    init: data.init === true,
    started: timeMs(data.started, receivedMs),
    status,
    errors: count(data.errors),
    ...sessionAttrs(data),
  };
}

export interface SessionAggregate {
  started: number;
  did: string | null;
  delta: SessionDelta;
  /** Worst user status for `did`, when set (the aggregate's sessions all belong to that user). */
  worst: number;
}

export function parseSessionAggregates(data: Json, receivedMs: number): SessionAggregate[] {
  const list = Array.isArray(data.aggregates) ? (data.aggregates as unknown[]) : [];
  const out: SessionAggregate[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') continue;
    const a = raw as Json;
    const exited = count(a.exited);
    const errored = count(a.errored);
    const crashed = count(a.crashed);
    const abnormal = count(a.abnormal);
    const started = exited + errored + crashed + abnormal;
    if (started === 0) continue;
    out.push({
      started: timeMs(a.started, receivedMs),
      did: str(a.did),
      delta: { started, errored: errored + crashed + abnormal, crashed, abnormal },
      worst: crashed > 0 ? USER_CRASHED : abnormal > 0 ? USER_ABNORMAL : errored > 0 ? USER_ERRORED : USER_HEALTHY,
    });
  }
  return out;
}
