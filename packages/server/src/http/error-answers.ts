/**
 * @module One table from what went wrong to what the client is told: HTTP status, `detail`, headers, and the
 * outcome reason each item of a refused envelope is counted under. The API dispatcher (main.ts) and ingest both
 * answer errors through `answerError`, so a kind of error gets the same answer on every route.
 */
import { EnvelopeError } from '@faultline/protocol';
import { AlertRuleError, SearchQueryError } from '@faultline/pipeline';
import { ConflictError, isStoreUnavailable, UnsupportedSearchError } from '@faultline/store';
import type { Logger } from '../log.ts';
import { HttpError } from './respond.ts';

/** Sentry's outcome reasons for an envelope refused as a whole, by the answer's status. */
export type RefusalReason = 'too_large' | 'invalid_key' | 'rate_limited' | 'internal' | 'invalid';

export interface ErrorAnswer {
  status: number;
  detail: string;
  headers: Record<string, string>;
  outcome: RefusalReason;
  /** `bug`: logged with its error; `store_down`: one warning per few seconds; `expected`: a decided answer, not logged. */
  kind: 'expected' | 'store_down' | 'bug';
}

/** How long a client is asked to wait when the store cannot be reached (PostgreSQL restarting, a locked file). */
export const STORE_DOWN_RETRY_AFTER_S = 5;

interface Row {
  matches: (err: unknown) => boolean;
  answer: (err: Error) => { status: number; detail: string; headers?: Record<string, string>; kind?: ErrorAnswer['kind'] };
}

const TABLE: Row[] = [
  { matches: (e) => e instanceof HttpError, answer: (e) => ({ status: (e as HttpError).status, detail: (e as HttpError).detail, headers: (e as HttpError).headers }) },
  // Past the item cap an envelope is refused like an over-size body; any other framing fault is the client's.
  { matches: (e) => e instanceof EnvelopeError, answer: (e) => ({ status: (e as EnvelopeError).code === 'too_many_items' ? 413 : 400, detail: e.message }) },
  { matches: (e) => e instanceof SearchQueryError || e instanceof UnsupportedSearchError, answer: (e) => ({ status: 400, detail: `invalid search query: ${e.message}` }) },
  { matches: (e) => e instanceof AlertRuleError, answer: (e) => ({ status: 400, detail: e.message }) },
  { matches: (e) => e instanceof ConflictError, answer: (e) => ({ status: 409, detail: e.message }) },
  {
    matches: isStoreUnavailable,
    answer: () => ({ status: 503, detail: 'the store is unavailable; retry shortly', headers: { 'retry-after': String(STORE_DOWN_RETRY_AFTER_S) }, kind: 'store_down' }),
  },
];

function refusalReason(status: number): RefusalReason {
  if (status === 413) return 'too_large';
  if (status === 401 || status === 403) return 'invalid_key';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal' : 'invalid';
}

/**
 * The answer for `err`; anything not in the table is a bug: 500 with a fixed detail (never the error's text).
 * At ingest a 400 or 413 also carries `X-Sentry-Error`, the header Relay puts the reason in.
 */
export function answerError(err: unknown, surface: 'api' | 'ingest'): ErrorAnswer {
  const row = err instanceof Error ? TABLE.find((r) => r.matches(err)) : undefined;
  const a = row ? row.answer(err as Error) : { status: 500, detail: 'internal server error', kind: 'bug' as const };
  const headers = { ...a.headers };
  if (surface === 'ingest' && (a.status === 400 || a.status === 413)) headers['x-sentry-error'] = a.detail.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
  return { status: a.status, detail: a.detail, headers, outcome: refusalReason(a.status), kind: a.kind ?? (a.status === 500 ? 'bug' : 'expected') };
}

let lastStoreDownLog = 0;

/** Logs what the answer calls for: a bug with its error, the store being down once per 5 s (not once per request). */
export function logErrorAnswer(log: Logger, answer: ErrorAnswer, err: unknown, what: string, fields: Record<string, unknown> = {}): void {
  if (answer.kind === 'bug') log.error(`${what} failed`, { ...fields, err });
  else if (answer.kind === 'store_down' && Date.now() - lastStoreDownLog >= 5000) {
    lastStoreDownLog = Date.now();
    log.warn(`${what}: store unavailable, answering 503`, { ...fields, err: (err as Error).message });
  }
}
