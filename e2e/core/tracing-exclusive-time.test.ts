/**
 * Exclusive time of SDK 11's streamed spans across containers (issue 12), on both dialects, through the ingest
 * endpoint: a segment's spans split over several v2 containers, in both orders — children arriving after their
 * parent, and a child arriving before its parent — plus a child segment of another service under the same span,
 * which is not the parent segment's time. Exclusive times (read from the trace endpoint) are the durations minus the
 * union of all same-segment children, whichever container they came in; a repeated container changes nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';

const TRACE = '7e'.repeat(16);
const S = '5000000000000001'; // segment root, 0–1000 ms
const C1 = '5000000000000002'; // 100–300 under S (container 1)
const C2 = '5000000000000003'; // 500–900 under S (container 2)
const G = '5000000000000004'; // 600–700 under C2 (container 2)
const C3 = '5000000000000005'; // 200–400 under S, overlapping C1 (container 3)
const X = '6000000000000001'; // another segment's root, 0–500 ms, arriving after its child (container 5)
const XC = '6000000000000002'; // 200–250 under X (container 4)
const R = '7000000000000001'; // a child segment of another service, under S, 300–800 ms (container 6)

const attr = (value: string | number) => ({ value, type: typeof value === 'number' ? 'double' : 'string' });

for (const dialect of DIALECTS) {
  describe(`exclusive time across span containers (${dialect})`, () => {
    let t: TestServer;
    const t0 = Math.floor(Date.now() / 1000) - 60;
    const item = (spanId: string, parent: string | null, segment: string, from: number, to: number, name: string) => ({
      trace_id: TRACE, span_id: spanId, ...(parent ? { parent_span_id: parent } : {}), name, start_timestamp: t0 + from / 1000, end_timestamp: t0 + to / 1000,
      is_segment: spanId === segment, status: 'ok',
      attributes: { 'sentry.segment.id': attr(segment), 'sentry.segment.name': attr(segment === S ? 'GET /rooms' : segment === X ? 'job' : 'POST /signal'), 'sentry.op': attr(spanId === segment ? 'http.server' : 'function') },
    });
    const post = async (...items: ReturnType<typeof item>[]) => {
      const body = `{}\n${JSON.stringify({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: items.length })}\n${JSON.stringify({ version: 2, items })}\n`;
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body });
      assert.equal(res.status, 200, await res.text());
      await waitForDigest(t);
    };
    const exclusive = async (): Promise<Record<string, number | null>> => {
      const r = await t.api<{ transactions: Array<{ spans: unknown[]; children: unknown[] }>; orphan_spans: unknown[] }>(`/api/0/organizations/faultline/trace/${TRACE}/`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const out: Record<string, number | null> = {};
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) return v.forEach(walk);
        if (typeof v !== 'object' || v === null) return;
        const o = v as Record<string, unknown>;
        if (typeof o.span_id === 'string' && 'exclusive_time' in o) out[o.span_id] = o.exclusive_time as number | null;
        Object.values(o).forEach(walk);
      };
      walk(r.body);
      return out;
    };

    before(async () => {
      t = await startTestServer(dialect);
      await post(item(S, null, S, 0, 1000, 'GET /rooms'), item(C1, S, S, 100, 300, 'load room'));
      await post(item(C2, S, S, 500, 900, 'render'), item(G, C2, S, 600, 700, 'template'));
      await post(item(C3, S, S, 200, 400, 'auth'));
      await post(item(XC, X, X, 200, 250, 'step'));
      await post(item(X, null, X, 0, 500, 'job'));
      await post(item(R, S, R, 300, 800, 'POST /signal'));
    });
    after(async () => t?.close());

    it('subtracts same-segment children from every container, in either order, and not child segments', async () => {
      const ex = await exclusive();
      // S: 1000 − (100–400 ∪ 500–900 = 700) = 300; C2: 400 − 100; X: 500 − 50; leaves keep their durations.
      assert.deepEqual(
        [ex[S], ex[C1], ex[C2], ex[G], ex[C3], ex[X], ex[XC], ex[R]].map((v) => (v === null || v === undefined ? v : Math.round(v * 1000) / 1000)),
        [300, 200, 300, 100, 200, 450, 50, 500],
      );
    });

    it('a repeated container changes nothing', async () => {
      const before = await exclusive();
      await post(item(C2, S, S, 500, 900, 'render'), item(G, C2, S, 600, 700, 'template'));
      assert.deepEqual(await exclusive(), before);
    });
  });
}
