/**
 * Per-minute transaction aggregates on both dialects: `recordTransactionSamples` inside store transactions (several
 * batches hitting the same rows), the totals, merged sketches and time series read back, and — on PostgreSQL —
 * two digest transactions writing the same row at once lose no sample.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DURATION_SKETCH_RELATIVE_ACCURACY } from '@faultline/pipeline';
import {
  createProject, deleteExpiredTransactionAggregates, ensureDefaults, recordTransactionSamples, transactionKey, transactionSeries, transactionSketches, transactionTotals,
  type StoreHandle, type TransactionSample,
} from '../src/index.ts';
import { DIALECTS, openTestStore } from './dialects.ts';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MIN = 60_000;

function sample(projectId: number, over: Partial<TransactionSample> = {}): TransactionSample {
  return { projectId, transaction: 'GET /calls', op: 'http.server', environment: 'production', release: 'app@1.0.0', ts: T0, durationMs: 100, failed: false, ...over };
}

const exactQuantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!;

for (const dialect of DIALECTS) {
  describe(`transaction aggregates: ${dialect}`, () => {
    let store: StoreHandle;
    let p1 = 0;
    let p2 = 0;
    before(async () => {
      store = await openTestStore(dialect);
      const { org, team } = await ensureDefaults(store.db);
      p1 = (await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'web' })).project.id;
      p2 = (await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'api' })).project.id;
    });
    after(async () => store.close());

    it('groups a batch by row key and merges later batches into the same minute rows', async () => {
      const durations: number[] = [];
      const batch = (n: number, offset: number): TransactionSample[] =>
        Array.from({ length: n }, (_, i) => {
          const d = 5 + ((i + offset) * 37) % 900 + ((i + offset) % 50 === 0 ? 4000 : 0);
          durations.push(d);
          return sample(p1, { ts: T0 + ((i + offset) % 3) * MIN + 1234, durationMs: d, failed: (i + offset) % 10 === 0 });
        });
      await store.db.transaction((tx) => recordTransactionSamples(tx, batch(300, 0)));
      await store.db.transaction((tx) => recordTransactionSamples(tx, batch(300, 300)));
      // Another project, environment and op land in rows of their own.
      await store.db.transaction((tx) =>
        recordTransactionSamples(tx, [sample(p2, { durationMs: 7 }), sample(p1, { environment: 'staging', durationMs: 9 }), sample(p1, { op: 'http.client', durationMs: 11 })]),
      );
      const rows = await store.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM transaction_aggregates WHERE project_id = ? AND environment = ? AND op = ?', [p1, 'production', 'http.server']);
      assert.equal(Number(rows[0]!.n), 3, 'one row per minute');

      const window = { projectIds: [p1], environments: ['production'], since: T0, until: T0 + 10 * MIN };
      const totals = await transactionTotals(store.db, window);
      assert.equal(totals.length, 1);
      assert.equal(totals[0]!.count, 601, '600 in production plus the http.client one');
      assert.equal(totals[0]!.failures, 60);
      assert.equal(totals[0]!.durationSum, durations.reduce((a, b) => a + b, 0) + 11);
      const sketch = (await transactionSketches(store.db, window)).get(transactionKey(p1, 'GET /calls'))!;
      assert.equal(sketch.count, 601);
      const sorted = [...durations, 11].sort((a, b) => a - b);
      for (const q of [0.5, 0.75, 0.95, 0.99]) {
        const exact = exactQuantile(sorted, q);
        assert.ok(Math.abs(sketch.quantile(q)! - exact) <= DURATION_SKETCH_RELATIVE_ACCURACY * exact, `q=${q}: ${sketch.quantile(q)} vs ${exact}`);
      }

      const all = await transactionTotals(store.db, { projectIds: [p1, p2], since: T0, until: T0 + 10 * MIN });
      assert.deepEqual(all.map((t) => [t.projectId, t.count]).sort(), [[p1, 602], [p2, 1]].sort());
      assert.equal((await transactionTotals(store.db, { projectIds: [p1], since: T0 + MIN, until: T0 + 2 * MIN, environments: ['production'] }))[0]!.count, 200, 'the window selects minute rows');
      assert.deepEqual(await transactionTotals(store.db, { ...window, nameContains: 'post' }), []);
      assert.equal((await transactionTotals(store.db, { ...window, nameContains: 'get /CA' })).length, 1, 'name substring, case-insensitive');
      assert.deepEqual(await transactionTotals(store.db, { ...window, releases: ['app@2.0.0'] }), []);

      const series = await transactionSeries(store.db, window, 2 * MIN, true);
      assert.deepEqual(series.map((b) => b.count), [401, 200, 0, 0, 0]);
      assert.equal(series[0]!.sketch!.count, 401);
      assert.equal((await transactionSeries(store.db, window, 2 * MIN, false))[0]!.sketch, null);
    });

    it('clips long key strings and leaves out samples without a time', async () => {
      const long = `GET /${'x'.repeat(5000)}`;
      await store.db.transaction((tx) => recordTransactionSamples(tx, [sample(p2, { transaction: long, release: 'r'.repeat(3000) }), sample(p2, { transaction: long, ts: Number.NaN })]));
      const [t] = await transactionTotals(store.db, { projectIds: [p2], names: [long.slice(0, 200)], since: T0, until: T0 + MIN });
      assert.equal(t!.count, 1);
      assert.equal(t!.transaction.length, 200);
    });

    it('a window across hours reads whole hours from the hourly rows and the partial ends from minute rows', async () => {
      const base = T0 + 5 * 60 * MIN; // clear of the other tests' rows
      const samples = Array.from({ length: 1200 }, (_, i) => sample(p1, { transaction: 'GET /long', ts: base + i * 12_000, durationMs: 10 + (i % 97) * 3, failed: i % 4 === 0 }));
      await store.db.transaction((tx) => recordTransactionSamples(tx, samples));
      const hourly = await store.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM transaction_aggregates_hourly WHERE transaction_name = 'GET /long'");
      assert.equal(Number(hourly!.n), 4, 'one hourly row per hour');
      for (const [since, until] of [[base + 17 * MIN, base + 203 * MIN], [base, base + 240 * MIN], [base + 60 * MIN, base + 121 * MIN], [base + 3 * MIN, base + 50 * MIN]] as const) {
        const inside = samples.filter((x) => x.ts >= since && x.ts < until);
        const f = { projectIds: [p1], names: ['GET /long'], since, until };
        const [t] = await transactionTotals(store.db, f);
        assert.equal(t!.count, inside.length, `[${since - base}, ${until - base})`);
        assert.equal(t!.failures, inside.filter((x) => x.failed).length);
        const sketch = (await transactionSketches(store.db, f)).get(transactionKey(p1, 'GET /long'))!;
        assert.equal(sketch.count, inside.length);
        const sorted = inside.map((x) => x.durationMs).sort((a, b) => a - b);
        assert.ok(Math.abs(sketch.quantile(0.95)! - exactQuantile(sorted, 0.95)) <= DURATION_SKETCH_RELATIVE_ACCURACY * exactQuantile(sorted, 0.95));
      }
      const perHour = (await transactionSeries(store.db, { projectIds: [p1], names: ['GET /long'], since: base, until: base + 240 * MIN }, 60 * MIN, true)).map((b) => [b.count, b.sketch!.count]);
      const perHourMin = (await transactionSeries(store.db, { projectIds: [p1], names: ['GET /long'], since: base, until: base + 240 * MIN }, 30 * MIN, false)).map((b) => b.count);
      const exact = (step: number) => Array.from({ length: (240 * MIN) / step }, (_, i) => samples.filter((x) => Math.floor((x.ts - base) / step) === i).length);
      assert.deepEqual(perHour, exact(60 * MIN).map((n) => [n, n]));
      assert.deepEqual(perHourMin, exact(30 * MIN));
    });

    it('partial hours read whole 10 minutes from the 10-minute rows; an upgraded store reads them only from the rollup start', async () => {
      const base = T0 + 12 * 60 * MIN; // clear of the other tests' rows
      // One sample every 7 s for 3 hours: each minute row holds 8 or 9, none equal.
      const samples = Array.from({ length: 1543 }, (_, i) => sample(p1, { transaction: 'GET /tens', ts: base + i * 7000, durationMs: 10 + (i % 89) * 5, failed: i % 5 === 0 }));
      await store.db.transaction((tx) => recordTransactionSamples(tx, samples));
      const tens = await store.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM transaction_aggregates_10m WHERE transaction_name = 'GET /tens'");
      assert.equal(Number(tens!.n), 18, 'one row per 10 minutes');
      const f = (since: number, until: number) => ({ projectIds: [p1], names: ['GET /tens'], since, until });
      const check = async (since: number, until: number, what: string): Promise<void> => {
        const inside = samples.filter((x) => x.ts >= since && x.ts < until);
        const [t] = await transactionTotals(store.db, f(since, until));
        assert.equal(t?.count ?? 0, inside.length, `${what}: count over [${(since - base) / MIN}, ${(until - base) / MIN}) min`);
        assert.equal(t?.failures ?? 0, inside.filter((x) => x.failed).length, what);
        assert.equal((await transactionSketches(store.db, f(since, until))).get(transactionKey(p1, 'GET /tens'))?.count ?? 0, inside.length, what);
      };
      const windows: Array<[number, number]> = [[3, 177], [17, 163], [0, 180], [61, 119], [4, 9], [13, 47], [20, 30], [59, 121]];
      for (const [a, b] of windows) await check(base + a * MIN, base + b * MIN, 'fresh store');
      const series = await transactionSeries(store.db, f(base + 20 * MIN, base + 170 * MIN), 10 * MIN, true);
      assert.deepEqual(series.map((b) => [b.count, b.sketch!.count]), Array.from({ length: 15 }, (_, i) => {
        const n = samples.filter((x) => Math.floor((x.ts - base - 20 * MIN) / (10 * MIN)) === i).length;
        return [n, n];
      }), '10-minute buckets');

      // As if migration 15 ran 95 minutes in: no 10-minute rows before then, and the rollup start set there.
      await store.db.run("DELETE FROM transaction_aggregates_10m WHERE transaction_name = 'GET /tens' AND ten_minute < ?", [base + 95 * MIN]);
      await store.db.run("UPDATE kv SET value = ? WHERE key = 'transaction_rollup_since'", [String(base + 95 * MIN)]);
      for (const [a, b] of windows) await check(base + a * MIN, base + b * MIN, 'upgraded store');
    });

    it('retention deletes expired minute and hourly rows in bounded batches, per project and resolution', async () => {
      const old = T0 - 48 * 60 * MIN;
      await store.db.transaction((tx) => recordTransactionSamples(tx, Array.from({ length: 30 }, (_, i) => sample(p2, { transaction: 'GET /old', ts: old + i * MIN }))));
      const count = async (table: string) => Number((await store.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE transaction_name = 'GET /old'`))!.n);
      assert.equal(await count('transaction_aggregates'), 30);
      assert.equal(await deleteExpiredTransactionAggregates(store.db, 'minute', p1, T0, 100), 0, 'another project is untouched');
      assert.equal(await deleteExpiredTransactionAggregates(store.db, 'minute', p2, old + 25 * MIN, 20), 20, 'a batch is bounded');
      assert.equal(await deleteExpiredTransactionAggregates(store.db, 'minute', p2, old + 25 * MIN, 20), 5, 'only rows older than the cut');
      assert.equal(await count('transaction_aggregates'), 5);
      assert.equal(await count('transaction_aggregates_hourly'), 1, 'hourly rows have their own age');
      assert.equal(await deleteExpiredTransactionAggregates(store.db, 'hour', p2, old + 60 * MIN, 20), 1);
      assert.equal(await count('transaction_aggregates_hourly'), 0);
      assert.ok((await transactionTotals(store.db, { projectIds: [p1], since: T0, until: T0 + 10 * MIN })).length > 0, 'newer rows stay');
    });

    if (dialect === 'postgres') {
      /** A records 5 samples of 1 s and holds its transaction open until B (7 samples of 2 s) waits on a lock. */
      async function race(name: string): Promise<void> {
        const key = sample(p2, { transaction: name, ts: T0 + 30 * MIN });
        let releaseA!: () => void;
        const aMayCommit = new Promise<void>((r) => (releaseA = r));
        let aRecorded!: () => void;
        const aHasRecorded = new Promise<void>((r) => (aRecorded = r));
        const a = store.db.transaction(async (tx) => {
          await recordTransactionSamples(tx, Array.from({ length: 5 }, () => ({ ...key, durationMs: 1000 })));
          aRecorded();
          await aMayCommit;
        });
        await aHasRecorded;
        const b = store.db.transaction((tx) => recordTransactionSamples(tx, Array.from({ length: 7 }, () => ({ ...key, durationMs: 2000 }))));
        for (;;) {
          const w = await store.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          if (Number(w!.n) > 0) break;
          await new Promise((r) => setImmediate(r));
        }
        releaseA();
        await Promise.all([a, b]);
      }
      const read = async (name: string) => {
        const f = { projectIds: [p2], names: [name], since: T0, until: T0 + 60 * MIN };
        return { totals: (await transactionTotals(store.db, f))[0]!, sketch: (await transactionSketches(store.db, f)).get(transactionKey(p2, name))! };
      };

      it('two concurrent digest transactions updating the same row lose no sample (locked read)', async () => {
        await store.db.transaction((tx) => recordTransactionSamples(tx, [sample(p2, { transaction: 'POST /offer', ts: T0 + 30 * MIN, durationMs: 100 })]));
        await race('POST /offer');
        const { totals, sketch } = await read('POST /offer');
        assert.equal(totals.count, 13);
        assert.equal(sketch.count, 13, 'every sample is in the sketch too');
        assert.ok(Math.abs(sketch.quantile(0.3)! - 1000) <= 10 && Math.abs(sketch.quantile(1)! - 2000) <= 20, 'both writers\' samples');
      });

      it('two concurrent digest transactions creating the same row lose no sample (insert conflict)', async () => {
        await race('POST /answer');
        const { totals, sketch } = await read('POST /answer');
        assert.equal(totals.count, 12);
        assert.equal(sketch.count, 12);
        assert.ok(Math.abs(sketch.quantile(0.3)! - 1000) <= 10 && Math.abs(sketch.quantile(1)! - 2000) <= 20, 'both writers\' samples');
      });
    }
  });
}
