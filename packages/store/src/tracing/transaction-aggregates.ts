/**
 * @module `recordTransactionSamples`: adds transaction samples to the per-minute aggregates (migration 9) inside
 * the caller's digest-batch transaction, and to the 10-minute and hourly rows next to them (migrations 18 and 9, so
 * long windows read 10 and 60 times fewer rows). The batch's samples are grouped by row key in memory first, so a row is
 * read, merged and written once per batch however many samples hit it.
 *
 * Several digest nodes may hit the same row on PostgreSQL: each key is read `FOR UPDATE` (so a concurrent writer
 * waits for the other's commit and then merges into its result); a missing row is inserted with
 * `ON CONFLICT DO NOTHING`, and when another node inserted it first, the key is read again under the lock. Keys
 * are visited in one sorted order, so two batches locking overlapping rows cannot deadlock. On SQLite the one
 * writer connection serializes everything already. Key strings are clipped to 200 characters (a B-tree key must
 * stay small on PostgreSQL); a sample without a finite time is left out of the aggregates.
 */
import { DurationSketch } from '@faultline/pipeline';
import type { TransactionSampleFields } from '@faultline/pipeline';
import type { Db } from '../db/db.ts';
import { HOUR_MS } from '../digest/counters.ts';

/** One transaction's contribution to the aggregates: the fields pipeline's `transactionSampleOf` gives. */
export type TransactionSample = TransactionSampleFields;

export const MINUTE_MS = 60_000;

/** The resolutions the aggregates are kept at, finest first: table, time column, step. */
export const AGGREGATE_LEVELS = {
  minute: { table: 'transaction_aggregates', column: 'minute', step: MINUTE_MS },
  tenMinutes: { table: 'transaction_aggregates_10m', column: 'ten_minute', step: 10 * MINUTE_MS },
  hour: { table: 'transaction_aggregates_hourly', column: 'hour', step: HOUR_MS },
} as const;
type Level = (typeof AGGREGATE_LEVELS)[keyof typeof AGGREGATE_LEVELS];

interface Pending {
  key: [number, string, string, string, string, number];
  count: number;
  failures: number;
  sum: number;
  sketch: DurationSketch;
}

const keyWhere = (level: Level): string => `project_id = ? AND transaction_name = ? AND op = ? AND environment = ? AND release = ? AND ${level.column} = ?`;

/** Longest name, op, environment or release kept in a row key (Relay's bound on a transaction name, 200). */
export const MAX_AGGREGATE_KEY_CHARS = 200;
const clip = (v: string): string => (v.length > MAX_AGGREGATE_KEY_CHARS ? v.slice(0, MAX_AGGREGATE_KEY_CHARS) : v);

function groupSamples(samples: TransactionSample[], step: number): Pending[] {
  const groups = new Map<string, Pending>();
  for (const s of samples) {
    if (!Number.isFinite(s.ts)) continue; // no minute to count it in; the item itself is the caller's to keep or drop
    const key: Pending['key'] = [s.projectId, clip(s.transaction), clip(s.op), clip(s.environment), clip(s.release), Math.floor(s.ts / step) * step];
    const id = JSON.stringify(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, count: 0, failures: 0, sum: 0, sketch: DurationSketch.create() }));
    const ms = Number.isFinite(s.durationMs) && s.durationMs > 0 ? s.durationMs : 0;
    g.count++;
    if (s.failed) g.failures++;
    g.sum += ms;
    g.sketch.add(ms);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** Adds samples to the aggregates at every level inside the caller's (digest batch) transaction. */
export async function recordTransactionSamples(tx: Db, samples: TransactionSample[]): Promise<void> {
  // Minute rows first, then 10-minute, then hour rows, each in sorted key order: every writer locks in the same order.
  for (const level of Object.values(AGGREGATE_LEVELS)) {
    for (const g of groupSamples(samples, level.step)) await mergeRow(tx, level, g);
  }
}

async function mergeRow(tx: Db, level: Level, g: Pending): Promise<void> {
  const where = keyWhere(level);
  const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
  for (;;) {
    const row = await tx.get<{ sketch: Uint8Array }>(`SELECT sketch FROM ${level.table} WHERE ${where}${lock}`, g.key);
    if (row) {
      g.sketch.mergeBytes(row.sketch);
      await tx.run(
        `UPDATE ${level.table} SET count = count + ?, failures = failures + ?, duration_sum = duration_sum + ?, sketch = ? WHERE ${where}`,
        [g.count, g.failures, g.sum, g.sketch.toBytes(), ...g.key],
      );
      return;
    }
    const inserted = await tx.run(
      `INSERT INTO ${level.table} (project_id, transaction_name, op, environment, release, ${level.column}, count, failures, duration_sum, sketch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [...g.key, g.count, g.failures, g.sum, g.sketch.toBytes()],
    );
    if (inserted.changes > 0) return;
    // Another node inserted this row since our read: read it again, under the lock, and merge.
  }
}
