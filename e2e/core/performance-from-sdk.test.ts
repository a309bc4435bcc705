/**
 * Performance figures from real traffic (issue 12), on both dialects: digest adds each new transaction and each new
 * streamed segment span to the per-minute duration aggregates, so the transactions Discover API
 * (`/organizations/{org}/events/`) shows what the SDKs sent. Three runs of the real @sentry/node (SDK 11, v2 span
 * containers) give `count()` 3 and percentiles within the sketch's accuracy of the stored segments' durations; a
 * `transaction` event (the shape Python, Go and older SDKs send) counts once although it arrives twice, and its
 * failed status shows in `failure_rate()`; a span container sent twice counts once too. `transaction.duration`
 * comparisons filter single transactions in the list, in row mode and in `events-stats` (bucketed from segments).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DURATION_SKETCH_RELATIVE_ACCURACY } from '@faultline/pipeline';
import { listTraceSpans } from '@faultline/store';
import { newEventId } from '../helpers/send-event.ts';
import { runClient } from '../helpers/run-client.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { transactionBody } from '../helpers/transaction-body.ts';

const APP = fileURLToPath(new URL('./apps/tracing-app.mjs', import.meta.url));
/** SDK 11.12's captured span container: a `ws.message offer` segment (10.7 ms) and a db span, at 2026-11-22T22:26:40Z. */
const CONTAINER = readFileSync(fileURLToPath(new URL('../../fixtures/sdk-11.12.0/node/01-span.envelope', import.meta.url)), 'utf8');
type Rows = { data: Array<Record<string, number | string>> };

for (const dialect of DIALECTS) {
  describe(`performance figures from SDK traffic (${dialect})`, () => {
    let t: TestServer;
    const durations: number[] = [];
    const traces: string[] = [];
    const post = async (body: string) => {
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body });
      assert.equal(res.status, 200, await res.text());
    };
    const rows = async (query: string, window = 'statsPeriod=24h') => {
      const fields = ['transaction', 'count()', 'p50()', 'p95()', 'failure_rate()'].map((f) => `field=${encodeURIComponent(f)}`).join('&');
      const r = await t.api<Rows>(`/api/0/organizations/faultline/events/?${fields}&dataset=transactions&${window}&query=${encodeURIComponent(query)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.data;
    };

    before(async () => {
      t = await startTestServer(dialect);
      for (let i = 0; i < 3; i++) {
        const ids = await runClient(process.execPath, [APP], t.dsn);
        await waitForDigest(t);
        const root = (await listTraceSpans(t.server.app.db, [t.projectId], ids.traceId!, 100)).find((s) => s.span_id === ids.rootSpanId);
        assert.ok(root, 'the segment span is stored');
        durations.push(root.duration_ms);
        traces.push(ids.traceId!);
      }
    });
    after(() => t?.close());

    it('counts each streamed segment once, with percentiles of the stored durations', async () => {
      const [row, ...others] = await rows('transaction:"GET /rooms/:id"');
      assert.equal(others.length, 0);
      assert.equal(row!['count()'], 3);
      assert.equal(row!['failure_rate()'], 0);
      const sorted = [...durations].sort((a, b) => a - b);
      const p50 = row!['p50()'] as number;
      assert.ok(Math.abs(p50 - sorted[1]!) <= DURATION_SKETCH_RELATIVE_ACCURACY * sorted[1]! + 1e-9, `p50 ${p50} vs ${sorted.join(', ')}`);
      assert.ok((row!['p95()'] as number) >= p50);
    });

    it('counts a transaction event once although it arrives twice, with its failed status', async () => {
      const now = Date.now() / 1000;
      const eventId = newEventId();
      const body = transactionBody(eventId, 'c'.repeat(32), { transaction: 'charge card', start_timestamp: now - 0.25, timestamp: now });
      (body.contexts.trace as Record<string, unknown>).status = 'internal_error';
      const envelope = [JSON.stringify({ event_id: eventId }), JSON.stringify({ type: 'transaction' }), JSON.stringify(body)].join('\n');
      await post(envelope);
      await post(envelope);
      await waitForDigest(t);
      const [row] = await rows('transaction:"charge card"');
      assert.equal(row!['count()'], 1);
      assert.equal(row!['failure_rate()'], 1);
      const p50 = row!['p50()'] as number;
      assert.ok(Math.abs(p50 - 250) <= DURATION_SKETCH_RELATIVE_ACCURACY * 250 + 1, `p50 ${p50}`);
    });
  
    it('counts a span container sent twice once', async () => {
      await post(CONTAINER);
      await post(CONTAINER);
      await waitForDigest(t);
      const [row, ...others] = await rows('transaction:"ws.message offer"', 'start=2026-11-22T22:00:00Z&end=2026-11-22T23:00:00Z');
      assert.equal(others.length, 0);
      assert.equal(row!['count()'], 1);
      const p50 = row!['p50()'] as number;
      assert.ok(Math.abs(p50 - 10.7) <= DURATION_SKETCH_RELATIVE_ACCURACY * 10.7 + 0.01, `p50 ${p50}`);
    });
  
    it('lists single transactions, slowest first, for the summary page (row mode)', async () => {
      const fields = ['id', 'trace', 'transaction.duration', 'timestamp', 'project'].map((f) => `field=${encodeURIComponent(f)}`).join('&');
      const q = `${fields}&dataset=transactions&statsPeriod=24h&query=${encodeURIComponent('transaction:"GET /rooms/:id"')}`;
      const r = await t.api<{ data: Array<Record<string, string | number>>; meta: { fields: Record<string, string> } }>(`/api/0/organizations/faultline/events/?${q}&sort=-transaction.duration`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.meta.fields['transaction.duration'], 'duration');
      const byDuration = [...durations.map((d, i) => ({ d, trace: traces[i] }))].sort((a, b) => b.d - a.d);
      assert.deepEqual(r.body.data.map((row) => row.trace), byDuration.map((x) => x.trace));
      assert.deepEqual(r.body.data.map((row) => row['transaction.duration']), byDuration.map((x) => x.d));
      assert.ok(r.body.data.every((row) => row.project === t.projectSlug && /^[0-9a-f]{16}$/.test(String(row.id))), 'a streamed segment is named by its span id');
      const oldestFirst = await t.api<{ data: Array<Record<string, string>> }>(`/api/0/organizations/faultline/events/?${q}&sort=timestamp&per_page=1`);
      assert.equal(oldestFirst.body.data.length, 1);
      assert.equal(oldestFirst.body.data[0]!.trace, traces[0]);
      const mixed = await t.api<{ detail: string }>(`/api/0/organizations/faultline/events/?field=id&field=count()&dataset=transactions`);
      assert.equal(mixed.status, 400);
      assert.match(mixed.body.detail, /cannot be mixed with aggregates/);
    });

    it('transaction.duration comparisons (and their negation) filter single transactions, in the list and in row mode', async () => {
      const now = Date.now() / 1000;
      const durationsMs = [200, 800, 1500, 3000];
      let envelope = '';
      for (const [i, ms] of durationsMs.entries()) {
        const eventId = newEventId();
        const body = transactionBody(eventId, `${i + 1}`.repeat(32), { transaction: 'GET /dur', start_timestamp: now - 5 - ms / 1000, timestamp: now - 5 });
        if (ms === 3000) (body.contexts.trace as Record<string, unknown>).status = 'deadline_exceeded';
        envelope = [JSON.stringify({ event_id: eventId }), JSON.stringify({ type: 'transaction' }), JSON.stringify(body)].join('\n');
        await post(envelope);
      }
      await waitForDigest(t);
      const countOf = async (query: string) => (await rows(`transaction:"GET /dur" ${query}`)).map((r) => [r['count()'], r['failure_rate()']]);
      assert.deepEqual(await countOf(''), [[4, 0.25]]);
      assert.deepEqual(await countOf('transaction.duration:>1s'), [[2, 0.5]]);
      assert.deepEqual(await countOf('!transaction.duration:>1s'), [[2, 0]]);
      assert.deepEqual(await countOf('transaction.duration:>=700ms transaction.duration:<0.04m'), [[2, 0]]);
      assert.deepEqual(await countOf('transaction.duration:>1h'), []);
      const [slow] = await rows('transaction:"GET /dur" transaction.duration:>1s');
      assert.ok(Math.abs((slow!['p50()'] as number) - 1500) <= DURATION_SKETCH_RELATIVE_ACCURACY * 1500, `p50 ${slow!['p50()']}`);
      const q = `field=id&field=transaction.duration&dataset=transactions&statsPeriod=24h&sort=-transaction.duration&query=${encodeURIComponent('transaction:"GET /dur" transaction.duration:>300ms')}`;
      const single = await t.api<{ data: Array<Record<string, number>> }>(`/api/0/organizations/faultline/events/?${q}`);
      assert.deepEqual(single.body.data.map((r) => Math.round(r['transaction.duration']!)), [3000, 1500, 800], 'durations come from float seconds: to the ms');

      // events-stats with the same comparisons: series bucketed from the segments, not the aggregates.
      type Series = { data: Array<[number, [{ count: number }]]> };
      const stats = async (query: string) => {
        const r = await t.api<Record<string, Series>>(
          `/api/0/organizations/faultline/events-stats/?dataset=transactions&statsPeriod=1h&interval=1m&yAxis=count()&yAxis=failure_count()&yAxis=p50()&query=${encodeURIComponent(`transaction:"GET /dur" ${query}`)}`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const sum = (y: string) => r.body[y]!.data.reduce((a, [, [v]]) => a + v.count, 0);
        const filled = r.body['count()']!.data.findIndex(([, [v]]) => v.count > 0);
        return { count: sum('count()'), failures: sum('failure_count()'), p50: filled < 0 ? null : r.body['p50()']!.data[filled]![1][0].count };
      };
      const slowStats = await stats('transaction.duration:>1s');
      assert.deepEqual([slowStats.count, slowStats.failures], [2, 1]);
      assert.ok(Math.abs(slowStats.p50! - 1500) <= DURATION_SKETCH_RELATIVE_ACCURACY * 1500, `p50 ${slowStats.p50}`);
      assert.deepEqual([(await stats('!transaction.duration:>1s')).count, (await stats('!transaction.duration:>1s')).failures], [2, 0]);
      assert.equal((await stats('transaction.duration:>1h')).count, 0);
      assert.equal((await stats('')).count, 4);
    });
  });
}
