/**
 * @module What the performance screens read from the transactions Discover API (`organizations/{org}/events/`
 * and `events-stats/`): the row and series shapes, the URL state they share (period, project, environment,
 * search), the query each screen sends, and how durations, rates and percentages are written.
 */
import type { Query } from '../../lib/api-client.ts';

export type DiscoverRow = Record<string, string | number | null>;
export interface DiscoverTable {
  data: DiscoverRow[];
  meta: { fields: Record<string, string>; units: Record<string, string | null> };
}
/** One yAxis of events-stats: [unix seconds, [{count}]] per bucket. */
export interface StatsSeries {
  data: Array<[number, Array<{ count: number }>]>;
  start: number;
  end: number;
}
/** events-stats with several yAxis: one series per yAxis, keyed by it. */
export type MultiStats = Record<string, StatsSeries>;

export const PERIODS: Array<[string, string]> = [
  ['24h', '24 hours'],
  ['7d', '7 days'],
  ['14d', '14 days'],
];

export interface PerfFilters {
  statsPeriod: string;
  project: string;
  environment: string;
  /** Part of the transaction name (free text of the query). */
  search: string;
}

export function filtersOf(search: URLSearchParams): PerfFilters {
  const period = search.get('statsPeriod') ?? '';
  return {
    statsPeriod: PERIODS.some(([p]) => p === period) ? period : '24h',
    project: search.get('project') ?? '',
    environment: search.get('environment') ?? '',
    search: search.get('query') ?? '',
  };
}

/** An exact `transaction:` term; the name is quoted (quotes inside escaped) when it has spaces or quotes. */
export function transactionTerm(name: string): string {
  return /[\s"]/.test(name) ? `transaction:"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `transaction:${name}`;
}

/** The parameters every Discover request of a screen shares. */
export function discoverQuery(f: PerfFilters, query: string): Query {
  return {
    dataset: 'transactions',
    statsPeriod: f.statsPeriod,
    project: f.project || undefined,
    environment: f.environment || undefined,
    query: query || undefined,
  };
}

export const series = (s: StatsSeries | undefined): Array<[number, number]> => (s?.data ?? []).map(([t, v]) => [t, v[0]?.count ?? 0]);

/** 0.8ms, 12ms, 840ms, 1.25s, 2.0min. */
export function formatDuration(ms: number | string | null | undefined): string {
  const v = Number(ms ?? 0);
  if (!Number.isFinite(v)) return '—';
  if (v < 10) return `${Number(v.toFixed(1))}ms`;
  if (v < 1000) return `${Math.round(v)}ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(2)}s`;
  return `${(v / 60_000).toFixed(1)}min`;
}

/** Failure rate 0..1 as a percentage with one decimal. */
export const formatPercent = (r: number | string | null | undefined): string => `${(Number(r ?? 0) * 100).toFixed(1)}%`;

/** Per-minute throughput with two decimals (small services have fractions of a transaction a minute). */
export const formatRate = (r: number | string | null | undefined): string => Number(r ?? 0).toFixed(2);

export const formatCount = (n: number | string | null | undefined): string => Number(n ?? 0).toLocaleString('en');

/** The summary page of one transaction. */
export function summaryHref(projectId: string | number, transaction: string, f: PerfFilters): string {
  const q = new URLSearchParams({ project: String(projectId), transaction, statsPeriod: f.statsPeriod });
  if (f.environment) q.set('environment', f.environment);
  return `/performance/summary/?${q.toString()}`;
}
