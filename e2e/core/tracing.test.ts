/**
 * Tracing in digest (issue 12), on both dialects: the real @sentry/node (SDK 11: v2 span containers) tracing a
 * handler with nested spans and a captured error; the Python SDK's `transaction` event with three spans; the
 * captured SDK 11 browser/node span containers; and bad input — end before start, 10,000 spans, huge attributes,
 * a repeat — each stored bounded or counted as exactly one outcome per thing left out.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_ATTRIBUTE_CHARS, MAX_SPANS_PER_TRANSACTION, transactionSampleOf, type TransactionSampleFields } from '@faultline/pipeline';
import { getTransaction, listTraceErrors, listTraceSpanPage, listTraceSpans, listTransactionSpans } from '@faultline/store';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { newEventId } from '../helpers/send-event.ts';
import { runClient as run } from '../helpers/run-client.ts';
import { transactionBody } from '../helpers/transaction-body.ts';
import { installTracing } from '../../packages/server/src/tracing/install-tracing.ts';

const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/sdk-11.12.0/', import.meta.url));

const item = (headers: Record<string, unknown>, payload: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify({ ...headers, length: payload.byteLength })}\n`), payload, Buffer.from('\n')]);
const envelope = (id: string, ...items: Buffer[]) => Buffer.concat([Buffer.from(`${JSON.stringify({ event_id: id })}\n`), ...items]);
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

for (const dialect of DIALECTS) {
  describe(`tracing processing (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    const post = async (body: Buffer) => {
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body: body as unknown as BodyInit });
      assert.equal(res.status, 200, await res.text());
      await waitForDigest(t);
    };
    const outcomes = async (category: string, reason: string) => {
      await t.server.app.outcomes.flush();
      const row = await t.server.app.db.get<{ n: number | string | null }>('SELECT SUM(quantity) AS n FROM outcomes WHERE category = ? AND reason = ?', [category, reason]);
      return Number(row?.n ?? 0);
    };
    const accepted = async (category: string) => {
      const row = await t.server.app.db.get<{ n: number | string | null }>('SELECT SUM(quantity) AS n FROM accepted_counts WHERE category = ?', [category]);
      return Number(row?.n ?? 0);
    };
    const spans = (traceId: string) => listTraceSpans(t.server.app.db, [t.projectId], traceId, 100_000);

    it('@sentry/node: a handler span with nested spans and a captured error, as streamed v2 spans', async () => {
      const ids = await run(process.execPath, [`${APPS}tracing-app.mjs`], t.dsn);
      await waitForDigest(t);
      const stored = await spans(ids.traceId);
      const by = new Map(stored.map((s) => [s.span_id, s]));
      const root = by.get(ids.rootSpanId);
      const db = by.get(ids.dbSpanId);
      const query = by.get(ids.querySpanId);
      assert.ok(root && db && query, `stored: ${JSON.stringify(stored.map((s) => [s.span_id, s.description]))}`);
      assert.equal(root.is_segment, 1);
      assert.equal(root.op, 'http.server');
      assert.equal(root.description, 'GET /rooms/:id');
      assert.equal(root.release, 'signaling@2.0.0');
      assert.equal(root.environment, 'production');
      assert.equal(db.parent_span_id, root.span_id);
      assert.equal(query.parent_span_id, db.span_id);
      assert.ok([db, query].every((s) => s.segment_id === root.span_id && s.transaction_name === 'GET /rooms/:id'));
      assert.ok(query.duration_ms >= 4, `the query span slept 5 ms: ${query.duration_ms}`);
      assert.ok(root.start_ts <= db.start_ts && db.end_ts <= root.end_ts + 1, 'children inside their parent');
      assert.ok(root.exclusive_ms !== null && root.exclusive_ms <= root.duration_ms - db.duration_ms + 1);
      assert.equal(JSON.parse(root.data)['auth.token'], '[Filtered]', 'attributes are scrubbed');
      const errors = await listTraceErrors(t.server.app.db, [t.projectId], ids.traceId, 10);
      assert.equal(errors.length, 1, 'the captured error carries the trace id');
      assert.equal(errors[0].event_id, ids.errorEventId.replace(/-/g, ''));
      assert.equal(errors[0].span_id, ids.querySpanId, 'and the span it happened in');
      assert.ok(errors[0].issue_id);
    });

    it("Python SDK 1.x: a transaction event with three spans, stored as a transaction and four spans", async () => {
      const ids = await run('/usr/bin/python3', [`${APPS}python-transaction.py`], t.dsn);
      await waitForDigest(t);
      const stored = await spans(ids.traceId);
      assert.equal(stored.length, 4, JSON.stringify(stored.map((s) => s.description)));
      const root = stored.find((s) => s.span_id === ids.rootSpanId);
      assert.ok(root?.event_id);
      assert.equal(root.is_segment, 1);
      assert.equal(root.op, 'task');
      assert.equal(root.transaction_name, 'nightly-invoices');
      const txn = await getTransaction(t.server.app.db, t.projectId, root.event_id);
      assert.equal(txn?.name, 'nightly-invoices');
      assert.equal(txn?.trace_id, ids.traceId);
      const fetchSpan = stored.find((s) => s.op === 'db.fetch');
      const dbSpan = stored.find((s) => s.op === 'db');
      assert.equal(fetchSpan?.parent_span_id, dbSpan?.span_id);
      assert.equal(dbSpan?.parent_span_id, root.span_id);
      assert.ok(stored.every((s) => s.event_id === root.event_id && s.segment_id === root.span_id));
      assert.doesNotMatch(stored.find((s) => s.op === 'http.client')?.description ?? '', /abc123/, 'descriptions are scrubbed');
      assert.equal((await listTransactionSpans(t.server.app.db, t.projectId, ids.traceId, root.event_id)).length, 4);
    });

    it('the captured SDK 11 span containers (node, browser pageload + LCP) land in the same table', async () => {
      for (const f of ['node/01-span.envelope', 'browser/02-span.envelope', 'browser/06-span.envelope']) await post(readFileSync(`${FIXTURES}${f}`));
      const node = await spans('7584d61966db4dea99b98236ad01f1ac');
      assert.equal(node.length, 2);
      const browser = await spans('abc483afc6d8400a9127bf13384b777a');
      assert.equal(browser.length, 15, '14 pageload spans and the later LCP span');
      const pageload = browser.find((s) => s.is_segment === 1);
      assert.equal(pageload?.op, 'pageload');
      assert.ok(JSON.parse(pageload?.measurements ?? '{}').fcp, 'web vitals as measurements');
      assert.ok(browser.every((s) => s.segment_id === pageload?.span_id));
      const email = JSON.parse(pageload?.data ?? '{}')['user.email'];
      assert.equal(email, '[email]', 'attribute values pass the scrubber');
      const acceptedBefore = await accepted('span');
      await post(readFileSync(`${FIXTURES}node/01-span.envelope`));
      assert.equal(await outcomes('span', 'duplicate'), 2, 'a repeated container: each of its spans one duplicate');
      assert.equal(await accepted('span'), acceptedBefore, 'and none of them accepted');
      assert.equal((await spans('7584d61966db4dea99b98236ad01f1ac')).length, 2);
    });

    it('bad input: 10,000 spans are cut to the earliest 1,000, the rest counted; a repeat is one outcome', async () => {
      const traceId = hex(0xbad, 32);
      const eventId = newEventId();
      const many = Array.from({ length: 10_000 }, (_, i) => ({ span_id: hex(0x100000 + i, 16), start_timestamp: 1_795_000_000 + i / 20_000, timestamp: 1_795_000_001 }));
      const body = Buffer.from(JSON.stringify(transactionBody(eventId, traceId, { spans: many })));
      assert.ok(body.byteLength < 1024 * 1024, `fits the item limit: ${body.byteLength}`);
      const before = { tooLarge: await outcomes('span', 'too_large'), dup: await outcomes('transaction', 'duplicate'), spans: await accepted('span'), txns: await accepted('transaction') };
      await post(envelope(eventId, item({ type: 'transaction' }, body)));
      const stored = await spans(traceId);
      assert.equal(stored.length, MAX_SPANS_PER_TRANSACTION + 1, 'the root and the earliest 1,000');
      assert.equal((await accepted('span')) - before.spans, MAX_SPANS_PER_TRANSACTION + 1, 'usage stats count each stored span');
      assert.equal((await accepted('transaction')) - before.txns, 1);
      assert.ok(stored.every((s) => s.span_id === 'a000000000000001' || parseInt(s.span_id, 16) < 0x100000 + MAX_SPANS_PER_TRANSACTION));
      assert.equal((await outcomes('span', 'too_large')) - before.tooLarge, 10_000 - MAX_SPANS_PER_TRANSACTION);
      await post(envelope(eventId, item({ type: 'transaction' }, body)));
      assert.equal((await outcomes('transaction', 'duplicate')) - before.dup, 1, 'a repeated transaction is one outcome');
      assert.equal((await outcomes('span', 'too_large')) - before.tooLarge, 10_000 - MAX_SPANS_PER_TRANSACTION, 'its spans are not counted again');
      assert.equal((await accepted('transaction')) - before.txns, 1, 'a repeat is not also accepted');
      assert.equal((await accepted('span')) - before.spans, MAX_SPANS_PER_TRANSACTION + 1);

      // The trace view of it is bounded: a page of `limit` spans besides the segment, and by the page's stored bytes.
      const page = await t.api<{ meta: { spans: number; spans_returned: number; next_cursor: string | null } }>(`/api/0/organizations/faultline/trace/${traceId}/?limit=300`);
      assert.deepEqual(page.body.meta, { spans: MAX_SPANS_PER_TRANSACTION + 1, segments_returned: 1, spans_returned: 301, next_cursor: '0:300:0' });
      const small = await listTraceSpanPage(t.server.app.db, [t.projectId], traceId, { offset: 0, limit: 10_000, maxSegments: 10, maxBytes: 100 });
      const bytes = small.spans.reduce((n, s) => n + s.data.length + s.description.length, 0);
      assert.ok(small.spans.length > 1 && bytes <= 100, `${small.spans.length} spans, ${bytes} bytes`);
      assert.equal(small.next, small.spans.length);
    });

    it('bad input: an end before its start is clamped to duration 0, huge attributes are clipped', async () => {
      const traceId = hex(0xbad2, 32);
      const eventId = newEventId();
      const odd = { span_id: 'b000000000000001', start_timestamp: 1_795_000_000.5, timestamp: 1_795_000_000.1, description: 'x'.repeat(200_000), data: { blob: 'y'.repeat(300_000) } };
      await post(envelope(eventId, item({ type: 'transaction' }, Buffer.from(JSON.stringify(transactionBody(eventId, traceId, { spans: [odd] }))))));
      const stored = (await spans(traceId)).find((s) => s.span_id === odd.span_id);
      assert.ok(stored);
      assert.equal(stored.duration_ms, 0);
      assert.equal(stored.end_ts, stored.start_ts);
      assert.ok(stored.description.length <= MAX_ATTRIBUTE_CHARS);
      assert.ok((JSON.parse(stored.data).blob as string).length <= MAX_ATTRIBUTE_CHARS);
    });

    it('bad input: a span whose parent is unknown is kept, under its transaction\'s root marked orphan', async () => {
      const traceId = hex(0xbad3, 32);
      const eventId = newEventId();
      const lost = { span_id: 'b000000000000009', parent_span_id: 'ffffffffffffffff', op: 'db', start_timestamp: 1_795_000_000.2, timestamp: 1_795_000_000.3 };
      await post(envelope(eventId, item({ type: 'transaction' }, Buffer.from(JSON.stringify(transactionBody(eventId, traceId, { spans: [lost] }))))));
      const r = await t.api<{ transactions: Array<{ spans: Array<{ span_id: string; children: Array<{ span_id: string; orphan?: boolean }> }> }> }>(`/api/0/organizations/faultline/trace/${traceId}/`);
      assert.equal(r.status, 200);
      const root = r.body.transactions[0]!.spans[0]!;
      assert.equal(root.span_id, 'a000000000000001');
      assert.deepEqual(root.children.map((c) => [c.span_id, c.orphan]), [['b000000000000009', true]]);
    });

    it('a transaction in an `event` item is a transaction; unreadable ones and id-less spans are invalid outcomes', async () => {
      const traceId = hex(0xbee, 32);
      const eventId = newEventId();
      const before = { txn: await outcomes('transaction', 'invalid'), span: await outcomes('span', 'invalid') };
      await post(envelope(eventId, item({ type: 'event' }, Buffer.from(JSON.stringify(transactionBody(eventId, traceId, { spans: [{ span_id: 'zz', start_timestamp: 1 }, { span_id: 'b000000000000002', start_timestamp: 1_795_000_000.2, timestamp: 1_795_000_000.3, parent_span_id: 'cccccccccccccccc' }] }))))));
      const stored = await spans(traceId);
      assert.equal(stored.length, 2);
      assert.equal(stored.find((s) => s.span_id === 'b000000000000002')?.parent_span_id, 'cccccccccccccccc', 'an unknown parent is kept');
      assert.ok(await getTransaction(t.server.app.db, t.projectId, eventId));
      const noTrace = newEventId();
      await post(envelope(noTrace, item({ type: 'transaction' }, Buffer.from(JSON.stringify(transactionBody(noTrace, 'nope'))))));
      await post(envelope(newEventId(), item({ type: 'span' }, Buffer.from(JSON.stringify({ span_id: 'b000000000000003', start_timestamp: 1 })))));
      assert.equal((await outcomes('transaction', 'invalid')) - before.txn, 1);
      assert.equal((await outcomes('span', 'invalid')) - before.span, 2, 'one bad child span, one standalone span without a trace id');
      assert.equal(await getTransaction(t.server.app.db, t.projectId, noTrace), undefined);
    });

    it('hands each newly stored transaction — event or streamed segment — to the aggregates hook once', async () => {
      const samples: TransactionSampleFields[] = [];
      installTracing(t.server.app, async (ctx, txns) => {
        samples.push(...txns.map((x) => transactionSampleOf(ctx.projectId, x)));
      });
      const eventId = newEventId();
      const txn = envelope(eventId, item({ type: 'transaction' }, Buffer.from(JSON.stringify(transactionBody(eventId, hex(0xa66, 32), { contexts: { trace: { trace_id: hex(0xa66, 32), span_id: 'a000000000000001', op: 'http.server', status: 'internal_error' } } })))));
      const segment = { trace_id: hex(0xa67, 32), span_id: 'c000000000000001', name: 'ws.message join', start_timestamp: 1_795_000_000, end_timestamp: 1_795_000_000.25, is_segment: true, status: 'ok', attributes: { 'sentry.op': { type: 'string', value: 'websocket.server' }, 'sentry.environment': { type: 'string', value: 'production' } } };
      const child = { ...segment, span_id: 'c000000000000002', parent_span_id: 'c000000000000001', is_segment: false, name: 'db' };
      const container = Buffer.concat([Buffer.from('{}\n'), item({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: 2 }, Buffer.from(JSON.stringify({ items: [child, segment] })))]);
      for (let i = 0; i < 2; i++) {
        await post(txn);
        await post(container);
      }
      assert.deepEqual(samples, [
        { projectId: t.projectId, transaction: 'GET /bad', op: 'http.server', environment: '', release: 'bad@1', ts: 1_795_000_001_000, durationMs: 1000, failed: true },
        { projectId: t.projectId, transaction: 'ws.message join', op: 'websocket.server', environment: 'production', release: '', ts: 1_795_000_000_250, durationMs: 250, failed: false },
      ], 'once each: repeats are not handed on');
    });
  });
}
