/**
 * @module Transactions list latency over the per-minute aggregates, on a fresh SQLite store (no server: the store
 * calls the `events` handler makes, timed). Fills `--rows` minute rows (default 1,000,000: 2 projects × 100
 * transactions × 2 environments × 2,500 minutes, each row a sketch of ~20 samples; plus the hourly rows), then
 * times, `--runs` times each:
 * the 24-hour list sorted by count (sketches merged for one page of 50), sorted by p95 (every sketch in the window
 * merged), one transaction's 24-hour series in 5-minute buckets with p95, and the totals query alone.
 *
 *   node --import tsx bench/transaction-list.ts [--rows N] [--runs N] [--postgres]
 *
 * `--postgres` runs the same on a database of an embedded PostgreSQL the bench starts (and stops).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DurationSketch } from '@faultline/pipeline';
import { createTestDatabase, startTestPostgres } from '../scripts/test-postgres.ts';
import {
  createProject, ensureDefaults, MINUTE_MS, openStore, transactionKey, transactionSeries, transactionSketches, transactionTotals,
  type SqlValue, type TransactionFilter,
} from '@faultline/store';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, postgres: { type: 'boolean', default: false } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const TRANSACTIONS = 100;
const ENVS = ['production', 'staging'];
const PROJECTS = 2;
const MINUTES = Math.ceil(ROWS / (TRANSACTIONS * ENVS.length * PROJECTS));

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-tx-'));
const pgServer = values.postgres ? await startTestPostgres() : null;
const store = await openStore({ dataDir, databaseUrl: pgServer ? await createTestDatabase(pgServer.url) : undefined });
const { db } = store;
const { org, team } = await ensureDefaults(db);
const projectIds: number[] = [];
for (let p = 0; p < PROJECTS; p++) projectIds.push((await createProject(db, { orgId: org.id, teamId: team.id, slug: `p${p}` })).project.id);

// 64 distinct minute sketches (log-normal around 20–600 ms), reused across rows.
let seed = 7;
const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
const sketches = Array.from({ length: 64 }, (_, i) => {
  const s = DurationSketch.create();
  for (let k = 0; k < 20; k++) s.add((20 + i * 9) * Math.exp(0.7 * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand())));
  return s.toBytes();
});
const HOUR = 60 * MINUTE_MS;
const end = Math.floor(Date.now() / HOUR) * HOUR;
const first = end - Math.ceil(MINUTES / 60) * HOUR;

const t0 = performance.now();
const PER_STATEMENT = 200;
let written = 0;
let hourRows = 0;
await db.transaction(async (tx) => {
  const pending: Record<string, SqlValue[]> = { transaction_aggregates: [], transaction_aggregates_hourly: [] };
  const flush = async (table: string, column: string): Promise<void> => {
    const batch = pending[table]!;
    if (batch.length === 0) return;
    const n = batch.length / 10;
    await tx.run(
      `INSERT INTO ${table} (project_id, transaction_name, op, environment, release, ${column}, count, failures, duration_sum, sketch) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      batch,
    );
    pending[table] = [];
  };
  const add = async (table: string, column: string, row: SqlValue[]): Promise<void> => {
    pending[table]!.push(...row);
    if (pending[table]!.length >= PER_STATEMENT * 10) await flush(table, column);
  };
  // The minute rows as digest writes them, and each hour's row: the merge of its minutes (as recordTransactionSamples keeps it).
  for (let m0 = 0; m0 < MINUTES; m0 += 60) {
    for (const p of projectIds) for (let t = 0; t < TRANSACTIONS; t++) for (const env of ENVS) {
      const hour = { count: 0, failures: 0, sum: 0, sketch: DurationSketch.create() };
      for (let m = m0; m < Math.min(m0 + 60, MINUTES); m++) {
        const sk = (t * 7 + m) % sketches.length;
        const row = { count: 20, failures: (t + m) % 3, sum: 20 * (20 + sk * 9) };
        await add('transaction_aggregates', 'minute', [p, `GET /api/endpoint/${t}`, 'http.server', env, 'app@1.0.0', first + m * MINUTE_MS, row.count, row.failures, row.sum, sketches[sk]!]);
        written++;
        hour.count += row.count;
        hour.failures += row.failures;
        hour.sum += row.sum;
        hour.sketch.mergeBytes(sketches[sk]!);
      }
      await add('transaction_aggregates_hourly', 'hour', [p, `GET /api/endpoint/${t}`, 'http.server', env, 'app@1.0.0', first + m0 * MINUTE_MS, hour.count, hour.failures, hour.sum, hour.sketch.toBytes()]);
      hourRows++;
    }
  }
  await flush('transaction_aggregates', 'minute');
  await flush('transaction_aggregates_hourly', 'hour');
});
const fillMs = performance.now() - t0;

// The last 24 hours as a statsPeriod=24h asks it: not on an hour boundary, so both ends read minute rows.
const day: TransactionFilter = { projectIds, since: end - 1440 * MINUTE_MS + 17 * MINUTE_MS, until: end + 17 * MINUTE_MS };
async function time(what: string, fn: () => Promise<unknown>): Promise<{ what: string; p50: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { what, p50: Math.round(ms[Math.floor((ms.length - 1) / 2)]! * 10) / 10, max: Math.round(ms.at(-1)! * 10) / 10 };
}

const results = [
  await time('totals only (24h, GROUP BY project, transaction)', () => transactionTotals(db, day)),
  await time('list 24h sorted by -count(), p95 for a page of 50', async () => {
    const totals = (await transactionTotals(db, day)).sort((a, b) => b.count - a.count).slice(0, 50);
    const sk = await transactionSketches(db, { ...day, names: totals.map((t) => t.transaction) });
    return totals.map((t) => sk.get(transactionKey(t.projectId, t.transaction))?.quantile(0.95));
  }),
  await time('list 24h sorted by -p95() (every sketch in the window merged)', async () => {
    const sk = await transactionSketches(db, day);
    return [...sk.values()].map((s) => s.quantile(0.95)).sort();
  }),
  await time('series 24h, one transaction, 5m buckets, count + p95 (minute rows)', () => transactionSeries(db, { ...day, names: ['GET /api/endpoint/3'] }, 5 * MINUTE_MS, true)),
  await time('series 24h, one transaction, 1h buckets, count + p95 (hourly rows)', () => transactionSeries(db, { projectIds, since: end - 1440 * MINUTE_MS, until: end, names: ['GET /api/endpoint/3'] }, 60 * MINUTE_MS, true)),
];
const inWindow = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transaction_aggregates WHERE minute >= ?', [day.since]);
console.log(JSON.stringify({ backend: db.dialect, rows: written, hourRows, minutes: MINUTES, rowsIn24h: Number(inWindow!.n), fillSeconds: Math.round(fillMs / 100) / 10, runs: RUNS, results }, null, 2));
await store.close();
await pgServer?.stop();
rmSync(dataDir, { recursive: true, force: true });
