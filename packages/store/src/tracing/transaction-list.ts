/**
 * @module Reads over the transaction aggregates: totals per (project, transaction) in SQL, their duration sketches
 * merged in TypeScript (for only the transactions a page shows, unless it sorts by a percentile), and a time
 * series per interval bucket. Windows are half-open over minute rows, [since, until): the whole hours inside are
 * read from the hourly rows, the whole 10 minutes of the partial hours at either end from the 10-minute rows, and
 * only what is left (under 10 minutes at each end) from the minute rows.
 */
import { DurationSketch } from '@faultline/pipeline';
import type { Db, SqlValue } from '../db/db.ts';
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
  /** Left out: these names, names containing any of these parts (case-insensitive), environments, releases. */
  exclude?: { names?: string[]; nameContains?: string[]; environments?: string[]; releases?: string[] };
  /**
   * Single transactions' durations (ms) compared: only segment spans have them (`listSegments`,
   * `segmentAggregates`); the aggregates refuse a filter with them.
   */
  durations?: DurationCondition[];
}

export interface DurationCondition {
  op: '=' | '>' | '<' | '>=' | '<=';
  ms: number;
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
  // A span without the column (NULL) is not any of the excluded values.
  const x = f.exclude ?? {};
  for (const [column, values] of [['transaction_name', x.names], ['environment', x.environments], ['release', x.releases]] as const) {
    if (!values || values.length === 0) continue;
    where.push(`(${column} IS NULL OR ${column} NOT IN (${marks(values.length)}))`);
    params.push(...values);
  }
  for (const part of x.nameContains ?? []) {
    where.push("(transaction_name IS NULL OR LOWER(transaction_name) NOT LIKE ? ESCAPE '\\')");
    params.push(`%${likeEscape(part.toLowerCase())}%`);
  }
  return { sql: where.join(' AND '), params };
}

type Level = (typeof AGGREGATE_LEVELS)[keyof typeof AGGREGATE_LEVELS];
/** Coarsest first: a window takes what it can from each level and leaves its partial ends to the next. */
const COARSE_TO_FINE: Level[] = [AGGREGATE_LEVELS.hour, AGGREGATE_LEVELS.tenMinutes, AGGREGATE_LEVELS.minute];

/**
 * The ranges of [since, until) each level covers: the coarsest level its whole steps inside (from `from`, the
 * level's first complete row, on), the partial ends recursively from the finer levels, the minute rows the rest.
 */
function coverWindow(since: number, until: number, levels: Array<{ level: Level; from: number }>): Array<{ level: Level; ranges: Array<[number, number]> }> {
  const [first, ...finer] = levels;
  if (!first) return [];
  if (finer.length === 0) return since < until ? [{ level: first.level, ranges: [[since, until]] }] : [];
  const step = first.level.step;
  const a = Math.ceil(Math.max(since, first.from) / step) * step;
  const b = Math.floor(until / step) * step;
  if (a >= b) return coverWindow(since, until, finer);
  const out = [{ level: first.level, ranges: [[a, b]] as Array<[number, number]> }];
  const ends = [...coverWindow(since, a, finer), ...coverWindow(b, until, finer)];
  for (const e of ends) {
    const same = out.find((o) => o.level === e.level);
    if (same) same.ranges.push(...e.ranges);
    else out.push(e);
  }
  return out;
}

/** The first minute the 10-minute rows are complete from (set by migration 15; one primary-key read). */
async function tenMinutesFrom(db: Db): Promise<number> {
  const row = await db.get<{ value: string }>("SELECT value FROM kv WHERE key = 'transaction_rollup_since'");
  return row ? Number(row.value) : Number.POSITIVE_INFINITY;
}

/**
 * `SELECT <columns> FROM` the rows covering the window, as one UNION ALL: hourly rows for its whole hours,
 * 10-minute rows for the whole 10 minutes of its partial hours, minute rows for the rest — each coarser level only
 * when `usable(step)` says its rows fall inside one result bucket. `time` in the result is the row's start.
 */
async function rowsOf(db: Db, f: TransactionFilter, columns: string, usable: (step: number) => boolean = () => true): Promise<{ sql: string; params: SqlValue[] }> {
  if (f.durations && f.durations.length > 0) throw new Error('the transaction aggregates hold no single durations: read segment spans for a duration filter');
  const tenFrom = await tenMinutesFrom(db);
  const levels = COARSE_TO_FINE.filter((l) => l === AGGREGATE_LEVELS.minute || usable(l.step)).map((level) => ({
    level,
    from: level === AGGREGATE_LEVELS.tenMinutes ? tenFrom : Number.NEGATIVE_INFINITY,
  }));
  const parts = coverWindow(f.since, f.until, levels);
  if (parts.length === 0) parts.push({ level: AGGREGATE_LEVELS.minute, ranges: [[f.since, f.since]] });
  const selects = parts.map((p) => ({
    ...transactionFilterWhere(f, p.level.column, p.ranges),
    from: `SELECT ${p.level.column} AS time, ${columns} FROM ${p.level.table}`,
  }));
  return { sql: selects.map((s) => `${s.from} WHERE ${s.sql}`).join(' UNION ALL '), params: selects.flatMap((s) => s.params) };
}

/** The key `transactionSketches` answers under. */
export const transactionKey = (projectId: number, transaction: string): string => `${projectId}\u0000${transaction}`;

/** Count, failures and duration sum per (project, transaction) over the window. */
export async function transactionTotals(db: Db, f: TransactionFilter): Promise<TransactionTotals[]> {
  if (f.projectIds.length === 0) return [];
  const w = await rowsOf(db, f, 'project_id, transaction_name, count, failures, duration_sum');
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
  const w = await rowsOf(db, f, 'project_id, transaction_name, sketch');
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
  const one = await transactionSeriesByGroup(db, f, interval, withSketch, () => '');
  return one.get('') ?? emptyBuckets(f, interval, withSketch);
}

/** Zero buckets of `interval` over the filter's window. */
export function emptyBuckets(f: TransactionFilter, interval: number, withSketch: boolean): TransactionBucket[] {
  return Array.from({ length: Math.max(0, Math.ceil((f.until - f.since) / interval)) }, () => ({
    count: 0, failures: 0, durationSum: 0, sketch: withSketch ? DurationSketch.create() : null,
  }));
}

/**
 * `transactionSeries` per group: `groupOf(project id, transaction)` names the group a row adds to (for top-N series,
 * e.g. by transaction, or one group for everything). Only groups with rows are in the answer. One read.
 */
export async function transactionSeriesByGroup(
  db: Db,
  f: TransactionFilter,
  interval: number,
  withSketch: boolean,
  groupOf: (projectId: number, transaction: string) => string,
): Promise<Map<string, TransactionBucket[]>> {
  const out = new Map<string, TransactionBucket[]>();
  if (f.projectIds.length === 0) return out;
  // A coarser level only when each of its rows falls inside one bucket.
  const w = await rowsOf(db, f, `project_id, transaction_name, count, failures, duration_sum${withSketch ? ', sketch' : ''}`, (step) => interval % step === 0 && f.since % step === 0);
  const rows = await db.all<{ time: number; project_id: number; transaction_name: string; count: number; failures: number; duration_sum: number; sketch?: Uint8Array }>(w.sql, w.params);
  for (const r of rows) {
    const key = groupOf(Number(r.project_id), r.transaction_name);
    let buckets = out.get(key);
    if (!buckets) out.set(key, (buckets = emptyBuckets(f, interval, withSketch)));
    const b = buckets[Math.floor((Number(r.time) - f.since) / interval)];
    if (!b) continue;
    b.count += Number(r.count);
    b.failures += Number(r.failures);
    b.durationSum += Number(r.duration_sum);
    if (b.sketch && r.sketch) b.sketch.mergeBytes(r.sketch);
  }
  return out;
}
