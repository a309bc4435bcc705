/**
 * @module Release-health state of one session (`session` item, keyed by `sid`) and what an update adds to the
 * hourly counters. A session is counted once as started (when first seen: normally its `init: true` update, or
 * a later one if the init was lost), once as errored when it first shows `errors > 0` or an unhealthy status
 * (errored counts every unhealthy session, crashed and abnormal included, as Sentry's `errored_all`), and once as
 * crashed or abnormal when it ends so. Updates after a terminal status change nothing (late or repeated sends).
 * Everything is attributed to the hour the session started, like Sentry's `started` bucket.
 */

export type SessionStatus = 'ok' | 'exited' | 'errored' | 'crashed' | 'abnormal';

/** Worst status a user reached, as stored per user and hour: 0 healthy, 1 errored, 2 abnormal, 3 crashed. */
export const USER_HEALTHY = 0;
export const USER_ERRORED = 1;
export const USER_ABNORMAL = 2;
export const USER_CRASHED = 3;

export interface SessionUpdate {
  sid: string;
  did: string | null;
  init: boolean;
  /** ms; when the session started (its bucket). */
  started: number;
  status: SessionStatus;
  errors: number;
  release: string;
  environment: string;
}

export interface SessionState {
  /** ms, the start hour's bucket and identity of the session's counters. */
  started: number;
  release: string;
  environment: string;
  did: string | null;
  errored: boolean;
  status: SessionStatus;
}

export interface SessionDelta {
  started: number;
  errored: number;
  crashed: number;
  abnormal: number;
}

export interface SessionTransition {
  /** The state to store, or null when the update changes nothing (the session already ended). */
  state: SessionState | null;
  delta: SessionDelta;
  /** The user's worst status in this session so far, when the session has a `did`. */
  user: { did: string; worst: number } | null;
}

const TERMINAL = new Set<SessionStatus>(['exited', 'errored', 'crashed', 'abnormal']);
const ZERO: SessionDelta = { started: 0, errored: 0, crashed: 0, abnormal: 0 };

export function isTerminal(status: SessionStatus): boolean {
  return TERMINAL.has(status);
}

function worstOf(s: SessionState): number {
  if (s.status === 'crashed') return USER_CRASHED;
  if (s.status === 'abnormal') return USER_ABNORMAL;
  return s.errored ? USER_ERRORED : USER_HEALTHY;
}

export function transitionSession(prev: SessionState | undefined, u: SessionUpdate): SessionTransition {
  if (prev && isTerminal(prev.status)) return { state: null, delta: ZERO, user: null };
  // Release, environment and start are fixed by the session's first update: its counters live there.
  const base: SessionState = prev ?? { started: u.started, release: u.release, environment: u.environment, did: null, errored: false, status: 'ok' };
  const unhealthy = u.errors > 0 || u.status === 'errored' || u.status === 'crashed' || u.status === 'abnormal';
  const next: SessionState = { ...base, did: u.did ?? base.did, errored: base.errored || unhealthy, status: u.status };
  const delta: SessionDelta = {
    started: prev ? 0 : 1,
    errored: next.errored && !base.errored ? 1 : 0,
    crashed: next.status === 'crashed' ? 1 : 0,
    abnormal: next.status === 'abnormal' ? 1 : 0,
  };
  return { state: next, delta, user: next.did ? { did: next.did, worst: worstOf(next) } : null };
}
