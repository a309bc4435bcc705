/**
 * @module Reads over the transaction aggregates: totals per (project, transaction) in SQL, their duration sketches
 * merged in TypeScript (for only the transactions a page shows, unless it sorts by a percentile), and a time
 * series per interval bucket. Windows are half-open over minute rows, [since, until): the whole hours inside are
 * read from the hourly rows, the partial hours at either end from the minute rows.
 */
import { DurationSketch } from '@faultline/pipeline';
import type { Db, SqlValue } from '../db/db.ts';
import { HOUR_MS } from '../digest/counters.ts';
import { AGGREGATE_LEVELS } from './transaction-aggregates.ts';

export interface TransactionFilter {
  projectIds: number[];
  environments?: string[];
  releases?: string[];
  /** Epoch ms; minute rows with since <= minute < until. */
  since: number;
  until: number;
  /** Case-insensitive substring of the transaction name. */
  nameContains?: string;
  /** Exact transaction names. */
  names?: string[];
}

export interface TransactionTotals {
  projectId: number;
  transaction: string;
  count: number;
  failures: number;
  durationSum: number;
}

export interface TransactionBucket {
  count: number;
  failures: number;
  durationSum: number;
  /** Null unless asked for. */
  sketch: DurationSketch | null;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * The WHERE clause of a filter over a table with `project_id`, `environment`, `release`, `transaction_name` and the
 * time column `time` (the aggregates' minute or hour, the spans' `end_ts`), for each of the time `ranges`.
 */
export function transactionFilterWhere(f: TransactionFilter, time: string, ranges: Array<[number, number]>): { sql: string; params: SqlValue[] } {
  const where = [`project_id IN (${marks(f.projectIds.length)})`, `(${ranges.map(() => `(${time} >= ? AND ${time} < ?)`).join(' OR ')})`];
  const params: SqlValue[] = [...f.projectIds, ...ranges.flat()];
  if (f.environments && f.environments.length > 0) {
    where.push(`environment IN (${marks(f.environments.length)})`);
    params.push(...f.environments);
  }
  if (f.releases && f.releases.length > 0) {
    where.push(`release IN (${marks(f.releases.length)})`);
    params.push(...f.releases);
  }
  if (f.names && f.names.length > 0) {
    where.push(`transaction_name IN (${marks(f.names.length)})`);
    params.push(...f.names);
  }
  if (f.nameContains) {
    where.push("LOWER(transaction_name) LIKE ? ESCAPE '\\'");
    params.push(`%${likeEscape(f.nameContains.toLowerCase())}%`);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * `SELECT <columns> FROM` the rows covering the window: hourly rows for its whole hours (when `hours` allows),
 * minute rows for the rest, as one UNION ALL. `time` in the result is the row's minute or hour.
 */
function rowsOf(f: TransactionFilter, columns: string, hours = true): { sql: string; params: SqlValue[] } {
  const h1 = Math.ceil(f.since / HOUR_MS) * HOUR_MS;
  const h2 = Math.floor(f.until / HOUR_MS) * HOUR_MS;
  const parts: Array<{ table: string; time: string; ranges: Array<[number, number]> }> = [];
  if (hours && h1 < h2) {
    const edges = ([[f.since, h1], [h2, f.until]] as Array<[number, number]>).filter(([a, b]) => a < b);
    if (edges.length > 0) parts.push({ table: AGGREGATE_LEVELS.minute.table, time: 'minute', ranges: edges });
    parts.push({ table: AGGREGATE_LEVELS.hour.table, time: 'hour', ranges: [[h1, h2]] });
  } else parts.push({ table: AGGREGATE_LEVELS.minute.table, time: 'minute', ranges: [[f.since, f.until]] });
  const selects = parts.map((p) => ({ ...transactionFilterWhere(f, p.time, p.ranges), from: `SELECT ${p.time} AS time, ${columns} FROM ${p.table}` }));
  return { sql: selects.map((s) => `${s.from} WHERE ${s.sql}`).join(' UNION ALL '), params: selects.flatMap((s) => s.params) };
}

/** The key `transactionSketches` answers under. */
export const transactionKey = (projectId: number, transaction: string): string => `${projectId}\u0000${transaction}`;

/** Count, failures and duration sum per (project, transaction) over the window. */
export async function transactionTotals(db: Db, f: TransactionFilter): Promise<TransactionTotals[]> {
  if (f.projectIds.length === 0) return [];
  const w = rowsOf(f, 'project_id, transaction_name, count, failures, duration_sum');
  const rows = await db.all<{ project_id: number; transaction_name: string; count: number; failures: number; duration_sum: number }>(
    `SELECT project_id, transaction_name, SUM(count) AS count, SUM(failures) AS failures, SUM(duration_sum) AS duration_sum
     FROM (${w.sql}) AS r GROUP BY project_id, transaction_name`,
    w.params,
  );
  return rows.map((r) => ({ projectId: Number(r.project_id), transaction: r.transaction_name, count: Number(r.count), failures: Number(r.failures), durationSum: Number(r.duration_sum) }));
}

/** The merged duration sketch per (project, transaction) over the window, keyed by `transactionKey`. */
export async function transactionSketches(db: Db, f: TransactionFilter): Promise<Map<string, DurationSketch>> {
  const out = new Map<string, DurationSketch>();
  if (f.projectIds.length === 0) return out;
  const w = rowsOf(f, 'project_id, transaction_name, sketch');
  const rows = await db.all<{ project_id: number; transaction_name: string; sketch: Uint8Array }>(w.sql, w.params);
  for (const r of rows) {
    const key = transactionKey(Number(r.project_id), r.transaction_name);
    let into = out.get(key);
    if (!into) out.set(key, (into = DurationSketch.create()));
    into.mergeBytes(r.sketch);
  }
  return out;
}

/**
 * Every transaction matching the filter, bucketed by `interval` (ms) from `since`: count, failures, duration sum
 * and (with `withSketch`) the bucket's merged sketch. Buckets without rows are zero.
 */
export async function transactionSeries(db: Db, f: TransactionFilter, interval: number, withSketch: boolean): Promise<TransactionBucket[]> {
  const buckets: TransactionBucket[] = Array.from({ length: Math.max(0, Math.ceil((f.until - f.since) / interval)) }, () => ({
    count: 0, failures: 0, durationSum: 0, sketch: withSketch ? DurationSketch.create() : null,
  }));
  if (f.projectIds.length === 0) return buckets;
  // Hourly rows only when every hour falls inside one bucket.
  const w = rowsOf(f, `count, failures, duration_sum${withSketch ? ', sketch' : ''}`, interval % HOUR_MS === 0 && f.since % HOUR_MS === 0);
  const rows = await db.all<{ time: number; count: number; failures: number; duration_sum: number; sketch?: Uint8Array }>(w.sql, w.params);
  for (const r of rows) {
    const b = buckets[Math.floor((Number(r.time) - f.since) / interval)];
    if (!b) continue;
    b.count += Number(r.count);
    b.failures += Number(r.failures);
    b.durationSum += Number(r.duration_sum);
    if (b.sketch && r.sketch) b.sketch.mergeBytes(r.sketch);
  }
  return buckets;
}
