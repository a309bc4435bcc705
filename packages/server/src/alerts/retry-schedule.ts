/**
 * @module When to try a failed notification again. Exponential: base × 3^(n−1) after the n-th failure, so with
 * the default 20 s base the five attempts span about 13 minutes (20 s, 1 min, 3 min, 9 min) — long enough to
 * ride out a receiver's deploy or a Slack hiccup, short enough that an alert is still news. ±10 % jitter keeps
 * many nodes (or many deliveries failing together) from retrying in lockstep.
 */
import type { SendOutcome } from '../notifiers/notifier.ts';

export const MAX_ATTEMPTS = 5;
/** A receiver's Retry-After is honoured up to this; beyond, the schedule's own delay applies. */
const MAX_RETRY_AFTER_MS = 3_600_000;

export function retryDelayMs(failedAttempt: number, baseMs: number, random: () => number = Math.random): number {
  const jitter = 0.9 + 0.2 * random();
  return Math.round(baseMs * 3 ** (failedAttempt - 1) * jitter);
}

export interface NextStep {
  status: 'sent' | 'failed' | 'pending';
  nextAttemptAt: number;
}

/** What the delivery becomes after attempt number `attempt` (1-based) ended with `outcome` at `now`. */
export function nextStep(attempt: number, outcome: SendOutcome, baseMs: number, now: number, random?: () => number): NextStep {
  if (outcome.ok) return { status: 'sent', nextAttemptAt: now };
  if (outcome.permanent || attempt >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: now };
  const asked = outcome.retryAfterMs !== undefined ? Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  return { status: 'pending', nextAttemptAt: now + Math.max(retryDelayMs(attempt, baseMs, random), asked) };
}
