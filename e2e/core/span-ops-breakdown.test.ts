/**
 * The transaction summary's operation breakdown (`span-ops-breakdown`) on both dialects: segments and child spans
 * of known ops and intervals stored through `insertSpans` (digest's write), and the answer's shares, totals and
 * p50/p95 asserted exactly — parallel spans counted once, spans of other transactions, other segments of the same
 * trace and segments outside the window left out; and the 500 most recent segments sampled, as meta says.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { NormalizedSpan } from '@faultline/pipeline';
import { insertSpans } from '@faultline/store';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';

const MIN = 60_000;
const W0 = Math.floor((Date.now() - 3_600_000) / (10 * MIN)) * 10 * MIN;
const W1 = W0 + 10 * MIN;
const WINDOW = `start=${new Date(W0).toISOString()}&end=${new Date(W1).toISOString()}`;

const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0');

function span(trace: number, id: number, segment: number, op: string, startMs: number, endMs: number, transaction: string): NormalizedSpan {
  const isSegment = id === segment;
  return {
    traceId: hex(trace, 32), spanId: hex(id, 16), parentSpanId: isSegment ? null : hex(segment, 16), segmentId: hex(segment, 16), isSegment, op,
    description: op, status: 'ok', startMs, endMs, durationMs: endMs - startMs, exclusiveMs: null, environment: 'production', release: 'shop@1',
    transaction, eventId: null, data: {}, measurements: null, clamped: false,
  };
}

/** One segment of `transaction` starting at `at`, 1 s long, with children given as [op, from, to] relative to `at`. */
function segment(trace: number, at: number, transaction: string, children: Array<[string, number, number]>, segmentId = trace * 100): NormalizedSpan[] {
  return [
    span(trace, segmentId, segmentId, 'http.server', at, at + 1000, transaction),
    ...children.map(([op, from, to], i) => span(trace, segmentId + i + 1, segmentId, op, at + from, at + to, transaction)),
  ];
}

type Breakdown = { data: Array<{ op: string; share: number; totalMs: number; p50: number; p95: number; segments: number }>; meta: { segments: number; limit: number; sampled: boolean } };

for (const dialect of DIALECTS) {
  describe(`span ops breakdown of a transaction (${dialect})`, () => {
    let t: TestServer;
    const breakdown = async (transaction: string, extra = '') => {
      const r = await t.api<Breakdown>(`/api/0/organizations/faultline/span-ops-breakdown/?project=${t.projectId}&${WINDOW}&query=${encodeURIComponent(`transaction:"${transaction}"`)}${extra}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };

    before(async () => {
      t = await startTestServer(dialect);
      const at = W0 + MIN;
      const spans = [
        // http: 150 (two overlapping calls) + 300 + 50; db 100 + 100; resource 200; browser 40; ui 10; other 50.
        ...segment(1, at, 'GET /shop', [['http.client', 0, 100], ['http.client', 50, 150], ['db.query', 200, 300], ['custom.work', 400, 450]]),
        ...segment(2, at + 1000, 'GET /shop', [['http.client', 0, 300], ['db.sql.query', 300, 400]]),
        ...segment(3, at + 2000, 'GET /shop', [['http', 0, 50], ['resource.script', 0, 200]]),
        ...segment(4, at + 3000, 'GET /shop', [['ui.react.render', 0, 10], ['browser', 0, 40]]),
        // A child segment of another transaction in trace 1, another transaction, and one outside the window.
        ...segment(1, at, 'GET /api/cart', [['db.query', 0, 900]], 150),
        ...segment(5, at, 'GET /other', [['http.client', 0, 900]]),
        ...segment(6, W1 + MIN, 'GET /shop', [['db.query', 0, 900]]),
        // 501 segments of one db span each, i + 1 ms long, later ones ending later.
        ...Array.from({ length: 501 }, (_, i) => segment(1000 + i, at + i * 10, 'GET /many', [['db.query', 0, i + 1]])).flat(),
      ];
      await t.server.app.db.transaction((tx) => insertSpans(tx, t.projectId, spans, Date.now()));
    });
    after(async () => t?.close());

    it('shares the segments’ time by op category exactly, parallel spans once, with p50 and p95 per category', async () => {
      const b = await breakdown('GET /shop');
      assert.deepEqual(b.data, [
        { op: 'http', share: 0.5, totalMs: 500, p50: 150, p95: 300, segments: 3 },
        { op: 'db', share: 0.2, totalMs: 200, p50: 100, p95: 100, segments: 2 },
        { op: 'browser', share: 0.04, totalMs: 40, p50: 40, p95: 40, segments: 1 },
        { op: 'resource', share: 0.2, totalMs: 200, p50: 200, p95: 200, segments: 1 },
        { op: 'ui', share: 0.01, totalMs: 10, p50: 10, p95: 10, segments: 1 },
        { op: 'other', share: 0.05, totalMs: 50, p50: 50, p95: 50, segments: 1 },
      ]);
      assert.deepEqual(b.meta, { segments: 4, limit: 500, sampled: false });
    });

    it('reads only the 500 most recent segments and says so', async () => {
      const b = await breakdown('GET /many');
      assert.deepEqual(b.meta, { segments: 500, limit: 500, sampled: true });
      // Kept: durations 2…501 (the earliest, 1 ms, is left out).
      assert.deepEqual(b.data, [{ op: 'db', share: 1, totalMs: (501 * 502) / 2 - 1, p50: 251, p95: 476, segments: 500 }]);
    });

    it('sorts the slowest list by one op category’s time (spans.<op>), leaving out transactions without it', async () => {
      const rows = async (transaction: string, sort: string, extra = '') => {
        const fields = ['id', 'trace.span', 'transaction.duration', 'spans.http', 'spans.db'].map((f) => `&field=${encodeURIComponent(f)}`).join('');
        const r = await t.api<{ data: Array<Record<string, string | number>>; meta: { fields: Record<string, string>; segments: number; sampled: boolean } }>(
          `/api/0/organizations/faultline/events/?dataset=transactions&project=${t.projectId}&${WINDOW}&query=${encodeURIComponent(`transaction:"${transaction}"`)}${fields}&sort=${encodeURIComponent(sort)}${extra}`,
        );
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      const seg = (trace: number) => hex(trace * 100, 16);
      const http = await rows('GET /shop', '-spans.http');
      assert.deepEqual(http.data.map((r) => [r['trace.span'], r['spans.http'], r['spans.db']]), [[seg(2), 300, 100], [seg(1), 150, 100], [seg(3), 50, 0]]);
      assert.equal(http.meta.fields['spans.http'], 'duration');
      assert.deepEqual([http.meta.segments, http.meta.sampled], [4, false]);
      // Ascending, and paged: the second page of one.
      const asc = await rows('GET /shop', 'spans.http', '&per_page=1&cursor=0:1:0');
      assert.deepEqual(asc.data.map((r) => r['trace.span']), [seg(1)]);
      // With the field but sorted by duration, every transaction is listed (0 where it has no such span).
      const all = await rows('GET /shop', '-transaction.duration');
      assert.equal(all.data.length, 4);
      assert.deepEqual(all.data.find((r) => r['trace.span'] === seg(4))?.['spans.http'], 0);
      // Only the 500 most recent are read: the earliest of GET /many (1 ms of db) is not listed.
      const many = await rows('GET /many', 'spans.db', '&per_page=2');
      assert.deepEqual(many.data.map((r) => r['spans.db']), [2, 3]);
      assert.deepEqual([many.meta.segments, many.meta.sampled], [500, true]);
      const bad = await t.api<{ detail: string }>(`/api/0/organizations/faultline/events/?dataset=transactions&field=id&field=spans.http&sort=-spans.foo`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /spans\.<op>/);
    });

    it('answers an empty breakdown for a transaction without segments, and a 400 for an unknown query key', async () => {
      assert.deepEqual(await breakdown('GET /nothing'), { data: [], meta: { segments: 0, limit: 500, sampled: false } });
      const bad = await t.api<{ detail: string }>(`/api/0/organizations/faultline/span-ops-breakdown/?query=${encodeURIComponent('color:red')}`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /color/);
    });
  });
}
