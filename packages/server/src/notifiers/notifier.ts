/**
 * @module What every notifier (email, Slack, PagerDuty, webhook) takes and answers. An answer is never thrown:
 * the delivery loop logs it as an attempt and decides, from `permanent` and `retryAfterMs`, whether and when
 * to try again.
 */
import type { AlertPayload } from '../alerts/alert-payload.ts';
import type { OutboundPolicy } from './outbound-policy.ts';

export interface SendOutcome {
  ok: boolean;
  /** HTTP status, or the SMTP reply code; null when no answer came (timeout, refused, DNS). */
  responseCode: number | null;
  error: string | null;
  /** Trying again cannot help: a 4xx other than 408/429, a redirect, an SMTP 5xx, missing configuration. */
  permanent: boolean;
  /** The receiver asked to wait this long (Retry-After). */
  retryAfterMs?: number;
}

export interface SendContext {
  payload: AlertPayload;
  /** Links point here (the server's public URL). */
  publicUrl: string;
  deliveryId: number;
  attempt: number;
  /** Aborted when the server shuts down; every network call also has its own time limit. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Where HTTP notifications may connect (email goes to the operator's SMTP server and is exempt). */
  outbound: OutboundPolicy;
}

export const SEND_TIMEOUT_MS = 10_000;

export function failure(error: string, permanent: boolean, responseCode: number | null = null): SendOutcome {
  return { ok: false, responseCode, error, permanent };
}
