/** @module A rate (0.75) as Sentry's release pages show it: a percentage with at most three decimals ("66.667%"). */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Number((rate * 100).toFixed(3))}%`;
}
