/**
 * @module The span model from every tracing input: a `transaction` event (root from contexts.trace, children from
 * spans[], measurements, exclusive time), SDK 11's v2 span containers as captured in fixtures/sdk-11.12.0, a v1
 * standalone span, and the bounds (end before start, 10,000 spans, huge attributes, bad ids), plus the
 * aggregate sample of a transaction.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  MAX_ATTRIBUTE_CHARS,
  MAX_SPAN_ATTRIBUTES,
  MAX_SPANS_PER_TRANSACTION,
  normalizeSpanContainer,
  normalizeSpanV1,
  normalizeTransaction,
  spanDefaultsOf,
  transactionSampleOf,
  type NormalizedTransaction,
} from '../src/index.ts';

const DIR = fileURLToPath(new URL('../../../fixtures/sdk-11.12.0/', import.meta.url));
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const ctx = { receivedAt: 1_700_000_100 };

/** The span containers of a captured envelope: [envelope header, payload]. */
function spanContainer(file: string): [Record<string, unknown>, unknown] {
  const lines = readFileSync(`${DIR}${file}`, 'utf8').split('\n');
  const header = JSON.parse(lines[0]) as Record<string, unknown>;
  const i = lines.findIndex((l) => l.includes('"type":"span"'));
  return [header, JSON.parse(lines[i + 1])];
}

export function pythonLikeTransaction(extra: Record<string, unknown> = {}) {
  return {
    type: 'transaction',
    event_id: 'a'.repeat(32),
    transaction: 'GET /rooms/{id}',
    start_timestamp: 1_700_000_000.0,
    timestamp: 1_700_000_000.5,
    platform: 'python',
    release: 'api@1.0',
    environment: 'prod',
    contexts: { trace: { trace_id: TRACE, span_id: '1000000000000001', op: 'http.server', status: 'ok', data: { 'http.method': 'GET' } } },
    measurements: { ttfb: { value: 12.5, unit: 'millisecond' }, bad: { value: 'x' } },
    request: { url: 'https://api.example/rooms/3', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36' } },
    spans: [
      { span_id: '2000000000000002', parent_span_id: '1000000000000001', op: 'db', description: 'SELECT 1', start_timestamp: 1_700_000_000.1, timestamp: 1_700_000_000.3, status: 'ok' },
      { span_id: '3000000000000003', parent_span_id: '2000000000000002', op: 'db.fetch', start_timestamp: 1_700_000_000.15, timestamp: 1_700_000_000.2 },
      { span_id: '4000000000000004', parent_span_id: 'ffffffffffffffff', op: 'orphan', start_timestamp: 1_700_000_000.2, timestamp: 1_700_000_000.25 },
    ],
    ...extra,
  };
}

const ok = (raw: unknown): NormalizedTransaction => {
  const r = normalizeTransaction(raw, ctx);
  assert.ok(r.ok, r.ok ? '' : r.detail);
  return r.txn;
};

describe('normalizeTransaction', () => {
  it('turns contexts.trace into the root span and spans[] into children, with measurements, exclusive time and the event body', () => {
    const t = ok(pythonLikeTransaction());
    assert.equal(t.root.traceId, TRACE);
    assert.equal(t.root.spanId, '1000000000000001');
    assert.equal(t.root.isSegment, true);
    assert.equal(t.root.op, 'http.server');
    assert.equal(t.root.transaction, 'GET /rooms/{id}');
    assert.equal(t.root.durationMs, 500);
    assert.deepEqual(t.root.measurements, { ttfb: { value: 12.5, unit: 'millisecond' } });
    assert.equal(t.spans.length, 3);
    const [db, fetch, orphan] = t.spans;
    assert.equal(db.parentSpanId, t.root.spanId);
    assert.equal(db.segmentId, t.root.spanId);
    assert.equal(db.eventId, 'a'.repeat(32));
    assert.equal(db.environment, 'prod');
    assert.ok(Math.abs(db.durationMs - 200) < 1e-3);
    assert.ok(Math.abs((db.exclusiveMs ?? -1) - 150) < 1e-3, `db has 50 ms of child time: ${db.exclusiveMs}`);
    assert.ok(Math.abs((t.root.exclusiveMs ?? -1) - 300) < 1e-3, 'the root minus its only known child');
    assert.equal(fetch.parentSpanId, db.spanId);
    assert.equal(orphan.parentSpanId, 'ffffffffffffffff', 'an unknown parent is kept as sent');
    assert.equal(t.body?.spans, undefined, 'spans are rows of their own, not part of the body');
    assert.equal((t.body?.contexts as Record<string, Record<string, unknown>>).browser?.name, 'Chrome', 'browser context from the User-Agent');
    assert.equal(t.body?.type, 'transaction');
  });

  it('refuses a transaction without trace id, span id or start, with a detail', () => {
    for (const bad of [
      pythonLikeTransaction({ contexts: {} }),
      pythonLikeTransaction({ contexts: { trace: { trace_id: 'xyz', span_id: '1000000000000001' } } }),
      pythonLikeTransaction({ start_timestamp: undefined }),
      [],
    ]) {
      const r = normalizeTransaction(bad, ctx);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.detail.length > 0);
    }
  });

  it('clamps an end before its start to duration 0, counts children without an id or start', () => {
    const t = ok(pythonLikeTransaction({
      timestamp: 1_699_999_999,
      spans: [
        { span_id: '2000000000000002', start_timestamp: 1_700_000_000.3, timestamp: 1_700_000_000.1 },
        { span_id: 'nothex', start_timestamp: 1_700_000_000.1, timestamp: 1_700_000_000.2 },
        { span_id: '3000000000000003', timestamp: 1_700_000_000.2 },
        { span_id: '1000000000000001', start_timestamp: 1_700_000_000.1, timestamp: 1_700_000_000.2 },
      ],
    }));
    assert.equal(t.root.durationMs, 0);
    assert.equal(t.root.clamped, true);
    assert.equal(t.spans.length, 1);
    assert.equal(t.spans[0].durationMs, 0);
    assert.equal(t.spans[0].endMs, t.spans[0].startMs);
    assert.equal(t.invalidSpans, 3, 'bad id, no start, and a child claiming the root span id');
  });

  it('keeps the earliest 1,000 of 10,000 spans and counts the rest', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => ({ span_id: (0x1000000000000 + 10_000 - i).toString(16).padStart(16, '0'), start_timestamp: 1_700_000_000 + (10_000 - i) / 100_000, timestamp: 1_700_000_000.4 }));
    const t = ok(pythonLikeTransaction({ spans }));
    assert.equal(t.spans.length, MAX_SPANS_PER_TRANSACTION);
    assert.equal(t.droppedSpans, 10_000 - MAX_SPANS_PER_TRANSACTION);
    const latestKept = Math.max(...t.spans.map((s) => s.startMs));
    assert.ok(latestKept <= (1_700_000_000 + 1000 / 100_000) * 1000 + 1e-3, 'the earliest by start are kept');
  });

  it('clips huge attributes: long strings, many keys, deep nesting', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    const t = ok(pythonLikeTransaction({ spans: [{ span_id: '2000000000000002', start_timestamp: 1_700_000_000.1, timestamp: 1_700_000_000.2, description: 'x'.repeat(100_000), data: { big: 'y'.repeat(1_000_000), deep } }, { span_id: '3000000000000003', start_timestamp: 1_700_000_000.1, timestamp: 1_700_000_000.2, data: many }] }));
    const [a, b] = t.spans;
    assert.ok(a.description.length <= MAX_ATTRIBUTE_CHARS);
    assert.ok((a.data.big as string).length <= MAX_ATTRIBUTE_CHARS);
    assert.match(JSON.stringify(a.data.deep), /depth limit/);
    assert.equal(Object.keys(b.data).length, MAX_SPAN_ATTRIBUTES + 1);
    assert.equal(b.data._dropped_attributes, 500 - MAX_SPAN_ATTRIBUTES);
  });
});

describe('span items', () => {
  it('reads the node fixture v2 container: a segment and its child, typed attributes unwrapped', () => {
    const [header, payload] = spanContainer('node/01-span.envelope');
    const b = normalizeSpanContainer(payload, spanDefaultsOf(header));
    assert.equal(b.invalid, 0);
    assert.equal(b.spans.length, 2);
    const seg = b.spans.find((s) => s.isSegment);
    const child = b.spans.find((s) => !s.isSegment);
    assert.ok(seg && child);
    assert.equal(seg.segmentId, seg.spanId);
    assert.equal(child.segmentId, seg.spanId, 'sentry.segment.id names the segment');
    assert.equal(child.parentSpanId, seg.spanId);
    assert.equal(seg.op, 'websocket.server');
    assert.equal(child.op, 'db');
    assert.equal(seg.transaction, 'ws.message offer');
    assert.equal(seg.release, 'signaling@1.4.2');
    assert.equal(seg.environment, 'production');
    assert.equal(child.data['sentry.origin'], 'manual', 'typed attributes are stored as their values');
    assert.ok(seg.exclusiveMs !== null && seg.exclusiveMs < seg.durationMs);
  });

  it('reads the browser pageload container with web vitals as measurements, and the later LCP span', () => {
    const [header, payload] = spanContainer('browser/02-span.envelope');
    const b = normalizeSpanContainer(payload, spanDefaultsOf(header));
    assert.equal(b.spans.length, 14);
    const seg = b.spans.find((s) => s.isSegment);
    assert.equal(seg?.op, 'pageload');
    assert.equal(seg?.measurements?.fcp?.unit, 'millisecond');
    assert.equal(typeof seg?.measurements?.ttfb?.value, 'number');
    assert.ok(b.spans.every((s) => s.segmentId === seg?.spanId));
    const [h2, p2] = spanContainer('browser/06-span.envelope');
    const lcp = normalizeSpanContainer(p2, spanDefaultsOf(h2)).spans[0];
    assert.equal(lcp.op, 'ui.webvital.lcp');
    assert.equal(lcp.segmentId, seg?.spanId);
  });

  it('counts spans without ids in a container as invalid, and bounds a container', () => {
    const good = (i: number) => ({ trace_id: TRACE, span_id: (0x1000000000000 + i).toString(16).padStart(16, '0'), name: 'n', start_timestamp: 1_700_000_000 + i / 1e6, end_timestamp: 1_700_000_001, is_segment: false, status: 'error', attributes: {} });
    const b = normalizeSpanContainer({ items: [{ trace_id: TRACE, name: 'no id' }, 'x', ...Array.from({ length: 1_005 }, (_, i) => good(i))] }, {});
    assert.equal(b.invalid, 2);
    assert.equal(b.dropped, 5);
    assert.equal(b.spans.length, MAX_SPANS_PER_TRANSACTION);
    assert.equal(b.spans[0].status, 'unknown_error');
    assert.deepEqual(normalizeSpanContainer({ nope: 1 }, {}), { spans: [], invalid: 1, dropped: 0 });
  });

  it('reads a v1 standalone span (browser web vital) with envelope defaults', () => {
    const s = normalizeSpanV1({ trace_id: TRACE, span_id: '5000000000000005', parent_span_id: '1000000000000001', segment_id: '1000000000000001', op: 'ui.webvital.cls', description: 'body', start_timestamp: 1_700_000_000, timestamp: 1_700_000_000, measurements: { cls: { value: 0.1 } }, data: {} }, { release: 'web@1', environment: 'staging', transaction: '/home' });
    assert.ok(s);
    assert.equal(s.release, 'web@1');
    assert.equal(s.transaction, '/home');
    assert.equal(s.segmentId, '1000000000000001');
    assert.deepEqual(s.measurements, { cls: { value: 0.1 } });
    assert.equal(normalizeSpanV1({ trace_id: TRACE, start_timestamp: 1 }, {}), null);
  });
});

describe('transactionSampleOf', () => {
  it('has the aggregate fields; failed follows Sentry failure_rate()', () => {
    const t = ok(pythonLikeTransaction());
    assert.deepEqual(transactionSampleOf(7, t), { projectId: 7, transaction: 'GET /rooms/{id}', op: 'http.server', environment: 'prod', release: 'api@1.0', ts: 1_700_000_000_500, durationMs: 500, failed: false });
    const status = (s: string | undefined) => transactionSampleOf(1, ok(pythonLikeTransaction({ contexts: { trace: { trace_id: TRACE, span_id: '1000000000000001', status: s } } }))).failed;
    assert.equal(status(undefined), false);
    assert.equal(status('cancelled'), false);
    assert.equal(status('unknown'), false);
    assert.equal(status('internal_error'), true);
    assert.equal(status('deadline_exceeded'), true);
  });
});
