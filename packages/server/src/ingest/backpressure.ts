/**
 * @module Load shedding by value when digest falls behind: the least valuable categories are refused first
 * (replays, spans, transactions, profiles, logs), then sessions and check-ins, and errors only at the hard bound.
 * Refusals are 429s with `X-Sentry-Rate-Limits`, which the SDKs honour per category.
 */

const TIERS: Array<{ fraction: number; categories: string[] }> = [
  { fraction: 0.5, categories: ['replay', 'span', 'transaction', 'profile', 'profile_chunk', 'log_item', 'metric', 'trace_metric', 'feedback'] },
  { fraction: 0.8, categories: ['session', 'monitor', 'attachment', 'default', 'security', 'internal'] },
  { fraction: 1, categories: ['error'] },
];

export const BACKPRESSURE_RETRY_AFTER_S = 10;

const NONE: ReadonlySet<string> = new Set();

/** Categories refused at this queue depth (empty when there is room: the usual case, which allocates nothing). */
export function refusedCategories(depth: number, bound: number): ReadonlySet<string> {
  if (depth < bound * TIERS[0]!.fraction) return NONE;
  const out = new Set<string>();
  for (const t of TIERS) if (depth >= bound * t.fraction) for (const c of t.categories) out.add(c);
  return out;
}

/** The lowest depth at which each tier starts refusing, for /readyz and the docs. */
export function backpressureThresholds(bound: number): Array<{ depth: number; categories: string[] }> {
  return TIERS.map((t) => ({ depth: Math.ceil(bound * t.fraction), categories: t.categories }));
}
