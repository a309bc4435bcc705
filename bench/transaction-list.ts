/**
 * @module Transactions list and summary latency over the transaction aggregates, on a fresh store (no server: the
 * store calls the `events` / `events-stats` handlers make, timed). The data goes in through digest's own writer:
 * `--spans N` spans (default 2,000,000) as transactions of 20–50 spans through the transaction processor (spans,
 * `transactions` rows, and the aggregates at every level, 50 transactions per store transaction as digest batches),
 * spread evenly over 25 hours: 2 projects × 100 transaction names (Zipf-weighted) × 2 environments. `--dense` then
 * adds one sample for every (project, name, environment) in every minute through `recordTransactionSamples`, so
 * every aggregate row of the window exists: the most rows a read can meet, whatever the number of spans.
 * Then times, `--runs` times each, over the last 24 hours starting 17 minutes past an hour (as a
 * `statsPeriod=24h` request asks it): the list sorted by count (sketches merged for a page of 50), sorted by p95
 * (every sketch merged), one transaction's summary (its percentiles, a 24-hour series in 10- and 5-minute buckets,
 * its 10 slowest single transactions) and the totals query alone.
 *
 *   node --import tsx bench/transaction-list.ts [--spans N] [--dense] [--runs N] [--postgres]
 *
 * Each read is timed twice: as it is, and (`before10m`) as a store before migration 15 read it — hours and minute
 * rows only — by moving the 10-minute rows' start past the window.
 *
 * `--postgres` runs the same on a database of an embedded PostgreSQL the bench starts (and stops).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase, startTestPostgres } from '../scripts/test-postgres.ts';
import {
  createProject, ensureDefaults, listSegments, MINUTE_MS, openStore, recordTransactionSamples, segmentChildSpans, segmentDurations, transactionKey, transactionSeries,
  transactionSeriesByGroup, transactionSketches, webVitalSegments,
  transactionTotals, type TransactionFilter, type TransactionSample,
} from '@faultline/store';
import { recordAggregates } from '../packages/server/src/tracing/install-tracing.ts';
import { createTracingProcessors } from '../packages/server/src/tracing/tracing-processors.ts';
import { seededRandom, zipfSampler } from './random.ts';
import { transactionPayloads } from './transaction-payload.ts';

const { values } = parseArgs({
  options: { spans: { type: 'string', default: '2000000' }, dense: { type: 'boolean', default: false }, runs: { type: 'string', default: '20' }, postgres: { type: 'boolean', default: false } },
});
const SPANS = Number(values.spans);
const RUNS = Number(values.runs);
const NAMES = 100;
const ENVS = ['production', 'staging'];
const PROJECTS = 2;
const BATCH = 50;
const HOUR = 60 * MINUTE_MS;

const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-tx-'));
const pgServer = values.postgres ? await startTestPostgres() : null;
const store = await openStore({ dataDir, databaseUrl: pgServer ? await createTestDatabase(pgServer.url) : undefined, withoutQueue: true });
const { db } = store;
const { org, team } = await ensureDefaults(db);
const projectIds: number[] = [];
for (let p = 0; p < PROJECTS; p++) projectIds.push((await createProject(db, { orgId: org.id, teamId: team.id, slug: `p${p}` })).project.id);

const end = Math.floor(Date.now() / HOUR) * HOUR;
const first = end - 25 * HOUR + 17 * MINUTE_MS;
const last = end + 17 * MINUTE_MS;
const rng = seededRandom(7);
const zipf = zipfSampler(NAMES, 0.8);
const nameOf = (i: number): string => `GET /api/endpoint/${i}`;
/** Log-normal around a median that grows with the name's rank (20–900 ms). */
const durationOf = (rank: number): number => (20 + rank * 9) * Math.exp(0.7 * Math.sqrt(-2 * Math.log(rng() || 1e-9)) * Math.cos(2 * Math.PI * rng()));

const t0 = performance.now();
const { transaction: processTransaction } = createTracingProcessors(recordAggregates);
const makeTransaction = transactionPayloads(3);
const perSpan = 36; // 20–50 children plus the root, on average
const transactions = Math.max(1, Math.round(SPANS / perSpan));
let spans = 0;
for (let i = 0; i < transactions; i += BATCH) {
  await db.transaction(async (tx) => {
    for (let k = i; k < Math.min(i + BATCH, transactions); k++) {
      const rank = zipf(rng());
      const t = makeTransaction({ end: (first + ((last - first) * k) / transactions) / 1000, name: nameOf(rank), environment: rng() < 0.8 ? ENVS[0]! : ENVS[1]!, durationMs: durationOf(rank), failed: rng() < 0.03 });
      await processTransaction({ tx, projectId: projectIds[k % PROJECTS]!, orgId: org.id }, { headers: { type: 'transaction' }, payload: t.payload, envelopeHeaders: {}, received: Date.now() });
      spans += t.spans;
    }
  });
}
const fillSpansSeconds = (performance.now() - t0) / 1000;

let denseSamples = 0;
const t1 = performance.now();
if (values.dense) {
  for (let m = first; m < last; m += MINUTE_MS) {
    const samples: TransactionSample[] = [];
    for (const projectId of projectIds) for (let n = 0; n < NAMES; n++) for (const environment of ENVS) {
      samples.push({ projectId, transaction: nameOf(n), op: 'http.server', environment, release: 'bench@1', ts: m + 1000, durationMs: durationOf(n), failed: rng() < 0.03 });
    }
    await db.transaction((tx) => recordTransactionSamples(tx, samples));
    denseSamples += samples.length;
  }
}
const fillDenseSeconds = (performance.now() - t1) / 1000;

const day: TransactionFilter = { projectIds, since: end - 1440 * MINUTE_MS + 17 * MINUTE_MS, until: end + 17 * MINUTE_MS };
const one: TransactionFilter = { ...day, names: [nameOf(3)] };
/** Wall p50/p95/max (ms) and this process's CPU per read (µs; on PostgreSQL the server's CPU is not in it). */
async function time(what: string, fn: () => Promise<unknown>): Promise<{ what: string; p50: number; p95: number; max: number; cpuUsPerRead: number }> {
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpu0);
  ms.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]! * 10) / 10;
  return { what, p50: at(0.5), p95: at(0.95), max: at(1), cpuUsPerRead: Math.round((cpu.user + cpu.system) / RUNS) };
}

const reads = async () => [
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
  await time('summary: one transaction, count + p50/p95/p99 (24h)', async () => [await transactionTotals(db, one), await transactionSketches(db, one)]),
  await time('summary: series 24h, 10m buckets, count + p95', () => transactionSeries(db, { ...one, since: end - 1440 * MINUTE_MS + 20 * MINUTE_MS, until: end + 20 * MINUTE_MS }, 10 * MINUTE_MS, true)),
  await time('summary: series 24h, 5m buckets, count + p95 (minute rows)', () => transactionSeries(db, one, 5 * MINUTE_MS, true)),
  await time('summary: 10 slowest single transactions (segment spans)', () => listSegments(db, one, { by: 'duration', desc: true }, 10, 0)),
  await time('summary: slowest by spans.<op> (500 most recent segments and their child spans)', async () => segmentChildSpans(db, await listSegments(db, one, { by: 'end', desc: true }, 501, 0))),
  await time('summary: web vitals (5,000 most recent segments and their web-vital spans)', () => webVitalSegments(db, one, 5001)),
  await time('events-stats topEvents=5 by transaction: 24h, 10m buckets, count + p95 (ranked from totals, top 5 + Other bucketed)', async () => {
    const w = { ...day, since: end - 1440 * MINUTE_MS + 20 * MINUTE_MS, until: end + 20 * MINUTE_MS };
    const topNames = new Set((await transactionTotals(db, w)).sort((a, b) => b.count - a.count).slice(0, 5).map((t) => t.transaction));
    return transactionSeriesByGroup(db, w, 10 * MINUTE_MS, true, (_p, name) => (topNames.has(name) ? name : 'Other'));
  }),
  await time('events-stats transaction.duration:>1s: one transaction 24h, segment spans', () => segmentDurations(db, { ...one, durations: [{ op: '>', ms: 1000 }] }, 200_001)),
];
const results = await reads();
await db.run("UPDATE kv SET value = '9000000000000000' WHERE key = 'transaction_rollup_since'");
const before10m = await reads();
const count = async (sql: string, params: number[] = []): Promise<number> => Number((await db.get<{ n: number | string }>(sql, params))!.n);
console.log(JSON.stringify({
  backend: db.dialect, spans, transactions, storedSpans: await count('SELECT COUNT(*) AS n FROM spans'), denseSamples,
  fillSpansSeconds: Math.round(fillSpansSeconds), fillDenseSeconds: Math.round(fillDenseSeconds),
  rowsIn24h: {
    minute: await count('SELECT COUNT(*) AS n FROM transaction_aggregates WHERE minute >= ?', [day.since]),
    tenMinutes: await count('SELECT COUNT(*) AS n FROM transaction_aggregates_10m WHERE ten_minute >= ?', [day.since]),
    hour: await count('SELECT COUNT(*) AS n FROM transaction_aggregates_hourly WHERE hour >= ?', [day.since]),
  },
  runs: RUNS, results, before10m,
}, null, 2));
await store.close();
await pgServer?.stop();
rmSync(dataDir, { recursive: true, force: true });
