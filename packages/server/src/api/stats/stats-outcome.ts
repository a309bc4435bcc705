/**
 * @module Which of Sentry's outcomes a counted reason belongs to. Faultline stores outcomes by reason (the reason
 * names are what `/metrics` shows); stats_v2 groups them as Sentry does: `accepted`, `filtered`, `rate_limited`,
 * `invalid`, `client_discard`. Client reports are always `client_discard`. Inbound-filter reasons use Sentry's
 * filter ids (or a `filtered` prefix); every other server reason (malformed, too large, bad key, duplicate,
 * internal, deleted project, and `cors` — an origin outside the project's allowed domains) is `invalid`, as Relay
 * counts them (its `Outcome::Invalid(DiscardReason::Cors)` for a refused origin).
 */

export type StatsOutcome = 'accepted' | 'filtered' | 'rate_limited' | 'invalid' | 'client_discard';

export const STATS_OUTCOMES: StatsOutcome[] = ['accepted', 'filtered', 'rate_limited', 'invalid', 'client_discard'];

const RATE_LIMITED = new Set(['rate_limited', 'backpressure', 'key_quota', 'spike_protection', 'usage_exceeded', 'disk_full']);
const FILTERS = new Set([
  'browser-extensions',
  'localhost',
  'web-crawlers',
  'legacy-browsers',
  'error-message',
  'release-version',
  'filtered-transaction',
  'discarded-hash',
  // Dynamic sampling's drops are Sentry's `filtered` too (Relay: Outcome::FilteredSampling).
  'sample_rate',
]);

/** `source` is 'accepted' for stored items, else the outcome's source ('server' | 'client'). */
export function statsOutcome(source: string, reason: string): StatsOutcome {
  if (source === 'accepted') return 'accepted';
  if (source === 'client') return 'client_discard';
  if (RATE_LIMITED.has(reason)) return 'rate_limited';
  if (FILTERS.has(reason) || reason.startsWith('filtered')) return 'filtered';
  return 'invalid';
}
