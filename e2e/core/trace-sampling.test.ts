/**
 * A project's trace sample rate at digest (issue 12), on both dialects: with `tracesSampleRate` 0.5, 40 traces each
 * sent as a transaction event (3 child spans) and an SDK 11 span container of 2 more spans of the same trace, in
 * separate envelopes. Every trace is kept whole or dropped whole (transaction and both span items alike), about half
 * are kept, and each dropped item is one `sample_rate` outcome per transaction and per span (root included); what
 * is kept is accepted and in the aggregates. A rate of 0 keeps nothing, null keeps all, and a rate outside 0–1 is a
 * 400 that changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listTraceSpans } from '@faultline/store';
import { newEventId } from '../helpers/send-event.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { transactionBody } from '../helpers/transaction-body.ts';

const TRACES = 40;
const attr = (value: string) => ({ value, type: 'string' });
/** Trace ids spread over the id space (the sampling reads their last 13 hex digits). */
const traceId = (i: number): string => (((i + 1) * 2654435761) % 2 ** 32).toString(16).padStart(8, '0').repeat(4);

for (const dialect of DIALECTS) {
  describe(`trace sampling at digest (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(() => t?.close());

    const post = async (body: string) => {
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body });
      assert.equal(res.status, 200, await res.text());
    };
    const setRate = (rate: unknown) => t.api<{ tracesSampleRate: number | null; detail?: string }>(`/api/0/projects/faultline/${t.projectSlug}/`, { method: 'PUT', body: JSON.stringify({ tracesSampleRate: rate }) });
    const counted = async (table: 'outcomes' | 'accepted_counts', category: string) => {
      await t.server.app.outcomes.flush();
      const where = table === 'outcomes' ? " AND reason = 'sample_rate'" : '';
      const row = await t.server.app.db.get<{ n: number | string | null }>(`SELECT SUM(quantity) AS n FROM ${table} WHERE category = ?${where}`, [category]);
      return Number(row?.n ?? 0);
    };
    /** Sends trace `i` of a run: a transaction event with 3 spans, then a container of 2 spans. */
    const sendTrace = async (run: string, i: number) => {
      const trace = traceId(i);
      const eventId = newEventId();
      const now = Date.now() / 1000;
      const spans = [1, 2, 3].map((k) => ({ span_id: `${run}${k}`.padEnd(16, '0'), parent_span_id: 'a000000000000001', op: 'db', start_timestamp: now - 0.5, timestamp: now - 0.4 }));
      const body = transactionBody(eventId, trace, { transaction: `GET /sampled/${run}`, start_timestamp: now - 1, timestamp: now, spans });
      await post([JSON.stringify({ event_id: eventId }), JSON.stringify({ type: 'transaction' }), JSON.stringify(body)].join('\n'));
      const items = [4, 5].map((k) => ({
        trace_id: trace, span_id: `${run}${k}`.padEnd(16, '0'), parent_span_id: 'a000000000000001', name: 'SELECT', start_timestamp: now - 0.3, end_timestamp: now - 0.2,
        is_segment: false, status: 'ok', attributes: { 'sentry.op': attr('db'), 'sentry.segment.id': attr('a000000000000001') },
      }));
      await post(`{}\n${JSON.stringify({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: 2 })}\n${JSON.stringify({ items })}\n`);
    };
    const storedSpans = async (i: number) => (await listTraceSpans(t.server.app.db, [t.projectId], traceId(i), 100)).length;

    it('keeps or drops each trace whole, about the rate, each dropped transaction and span one sample_rate outcome', async () => {
      const put = await setRate(0.5);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.tracesSampleRate, 0.5);
      for (let i = 0; i < TRACES; i++) await sendTrace('b', i);
      await waitForDigest(t);
      const perTrace = await Promise.all(Array.from({ length: TRACES }, (_, i) => storedSpans(i)));
      assert.ok(perTrace.every((n) => n === 0 || n === 6), `each trace whole (root + 3 + 2 spans) or not at all: ${perTrace.join(' ')}`);
      const kept = perTrace.filter((n) => n === 6).length;
      assert.ok(kept >= 12 && kept <= 28, `about half of ${TRACES} kept: ${kept}`);
      assert.equal(await counted('outcomes', 'transaction'), TRACES - kept);
      assert.equal(await counted('outcomes', 'span'), (TRACES - kept) * 6, 'the root, 3 child spans and the 2 streamed spans');
      assert.equal(await counted('accepted_counts', 'transaction'), kept);
      assert.equal(await counted('accepted_counts', 'span'), kept * 6);
      const list = await t.api<{ data: Array<Record<string, number>> }>(`/api/0/organizations/faultline/events/?field=transaction&field=count()&dataset=transactions&statsPeriod=1h&query=${encodeURIComponent('transaction:"GET /sampled/b"')}`);
      assert.equal(list.body.data[0]?.['count()'], kept, 'the aggregates count only kept transactions');
      const stats = await t.api<{ groups: Array<{ by: { outcome: string }; totals: Record<string, number> }> }>('/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&category=transaction&statsPeriod=1h&interval=1h');
      assert.equal(stats.body.groups.find((g) => g.by.outcome === 'filtered')?.totals['sum(quantity)'], TRACES - kept, "Sentry's filtered outcome in stats");
    });

    it('a rate of 0 keeps nothing, null keeps everything, and a bad rate is a 400 that changes nothing', async () => {
      const before = await counted('outcomes', 'transaction');
      assert.equal((await setRate(0)).status, 200);
      for (let i = 100; i < 104; i++) await sendTrace('c', i);
      await waitForDigest(t);
      for (let i = 100; i < 104; i++) assert.equal(await storedSpans(i), 0);
      assert.equal(await counted('outcomes', 'transaction'), before + 4);
      const bad = await setRate(1.5);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail ?? '', /tracesSampleRate must be a number from 0 to 1/);
      assert.equal((await t.api<{ tracesSampleRate: number | null }>(`/api/0/projects/faultline/${t.projectSlug}/`)).body.tracesSampleRate, 0, 'unchanged');
      assert.equal((await setRate(null)).body.tracesSampleRate, null);
      for (let i = 200; i < 204; i++) await sendTrace('d', i);
      await waitForDigest(t);
      for (let i = 200; i < 204; i++) assert.equal(await storedSpans(i), 6);
      assert.equal(await counted('outcomes', 'transaction'), before + 4, 'nothing more dropped');
    });
  });
}
