/**
 * Web vitals on the transaction summary (issue 12), on both dialects, through the ingest endpoint with SDK-shaped
 * items: `transaction` events with `measurements` (what @sentry/browser's pageload sends), a v1 standalone
 * `ui.webvital.cls` span item with `measurements` inside one of them, and SDK 11 v2 containers whose pageload
 * segment carries `browser.web_vital.lcp.value` or whose `ui.webvital.*` / `ui.interaction.click` child spans do.
 * `events` with `p75(measurements.<vital>)` and `count_web_vitals(measurements.<vital>, good|meh|poor|any)` answers
 * exact p75s (nearest rank) and good/meh/poor counts at Sentry's thresholds, boundaries included; a segment's own
 * value wins over its child span's; other transactions stay in their own rows; bad fields are a 400.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { newEventId } from '../helpers/send-event.ts';

const VITALS = ['lcp', 'fcp', 'cls', 'ttfb', 'inp'];
const FIELDS = VITALS.flatMap((v) => [`p75(measurements.${v})`, ...['good', 'meh', 'poor'].map((q) => `count_web_vitals(measurements.${v}, ${q})`)]);
const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0');
const attr = (value: string | number) => ({ value, type: typeof value === 'number' ? 'double' : 'string' });

/** A browser pageload transaction event with the given measurements (ms, cls unitless). */
function pageload(trace: number, name: string, t0: number, m: Record<string, number>): string {
  const measurements = Object.fromEntries(Object.entries(m).map(([k, value]) => [k, { value, unit: k === 'cls' ? '' : 'millisecond' }]));
  const body = {
    type: 'transaction', event_id: newEventId(), transaction: name, platform: 'javascript', start_timestamp: t0, timestamp: t0 + 2, release: 'web@1', environment: 'production',
    contexts: { trace: { trace_id: hex(trace, 32), span_id: hex(trace, 16), op: 'pageload', status: 'ok' } },
    measurements, spans: [{ span_id: hex(trace * 16 + 1, 16), parent_span_id: hex(trace, 16), op: 'resource.script', description: '/app.js', start_timestamp: t0, timestamp: t0 + 0.5, trace_id: hex(trace, 32) }],
    sdk: { name: 'sentry.javascript.browser', version: '8.55.0' },
  };
  return `${JSON.stringify({ event_id: body.event_id, sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: 'transaction' })}\n${JSON.stringify(body)}\n`;
}

/** SDK 11: a pageload segment (optionally with its own lcp) and web-vital child spans [op, vital, value]. */
function container(trace: number, name: string, t0: number, own: Record<string, number>, kids: Array<[string, string, number]>): string {
  const seg = hex(trace, 16);
  const common = { 'sentry.segment.id': attr(seg), 'sentry.segment.name': attr(name), 'sentry.release': attr('web@1'), 'sentry.environment': attr('production') };
  const items = [
    { trace_id: hex(trace, 32), span_id: seg, name, start_timestamp: t0, end_timestamp: t0 + 2, is_segment: true, status: 'ok',
      attributes: { ...common, 'sentry.op': attr('pageload'), ...Object.fromEntries(Object.entries(own).map(([k, v]) => [`browser.web_vital.${k}.value`, attr(v)])) } },
    ...kids.map(([op, vital, value], i) => ({
      trace_id: hex(trace, 32), span_id: hex(trace * 16 + i + 1, 16), parent_span_id: seg, name: 'body > main', start_timestamp: t0 + 0.1, end_timestamp: t0 + 0.1 + i * 0.01, is_segment: false, status: 'ok',
      attributes: { ...common, 'sentry.op': attr(op), 'sentry.exclusive_time': attr(0), [`browser.web_vital.${vital}.value`]: attr(value) },
    })),
  ];
  return `{}\n${JSON.stringify({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: items.length })}\n${JSON.stringify({ version: 2, items })}\n`;
}

/** A v1 standalone web-vital span (browser SDK 8/9 `ui.webvital.cls`) inside the pageload `trace`. */
function clsSpan(trace: number, t0: number, value: number): string {
  const span = {
    trace_id: hex(trace, 32), span_id: hex(trace * 16 + 9, 16), parent_span_id: hex(trace, 16), segment_id: hex(trace, 16), op: 'ui.webvital.cls', description: 'body > div',
    start_timestamp: t0 + 1, timestamp: t0 + 1, exclusive_time: 0, measurements: { cls: { value, unit: '' } }, data: { 'sentry.origin': 'auto.http.browser.cls', transaction: '/shop' },
  };
  return `${JSON.stringify({ trace: { trace_id: hex(trace, 32), transaction: '/shop', release: 'web@1', environment: 'production', public_key: 'x' } })}\n${JSON.stringify({ type: 'span' })}\n${JSON.stringify(span)}\n`;
}

type Table = { data: Array<Record<string, string | number | null>>; meta: { fields: Record<string, string>; units: Record<string, string | null>; segments: number; sampled: boolean } };

for (const dialect of DIALECTS) {
  describe(`web vitals of a transaction (${dialect})`, () => {
    let t: TestServer;
    const events = (fields: string[], query: string, extra = '') =>
      t.api<Table>(`/api/0/organizations/faultline/events/?dataset=transactions&project=${t.projectId}&statsPeriod=1h&query=${encodeURIComponent(query)}${fields.map((f) => `&field=${encodeURIComponent(f)}`).join('')}${extra}`);

    before(async () => {
      t = await startTestServer(dialect);
      const post = async (body: string) => {
        const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body });
        assert.equal(res.status, 200, await res.text());
      };
      const t0 = Date.now() / 1000 - 120;
      await post(pageload(1, '/shop', t0, { lcp: 1200, fcp: 900, cls: 0.05, ttfb: 100 }));
      await post(pageload(2, '/shop', t0 + 1, { lcp: 3000, fcp: 2000, cls: 0.3, ttfb: 900 }));
      await post(pageload(3, '/shop', t0 + 2, { lcp: 5000, fcp: 3500 }));
      await post(clsSpan(3, t0 + 2, 0.2));
      // Own lcp 2500 (the meh boundary) wins over the child's 100; cls 0.1 is the meh boundary.
      await post(container(4, '/shop', t0 + 3, { lcp: 2500 }, [['ui.webvital.lcp', 'lcp', 100], ['ui.webvital.cls', 'cls', 0.1], ['ui.interaction.click', 'inp', 250]]));
      // lcp 4000 is the poor boundary.
      await post(container(5, '/shop', t0 + 4, {}, [['ui.webvital.lcp', 'lcp', 4000], ['ui.interaction.click', 'inp', 150]]));
      await post(pageload(6, '/cart', t0 + 5, { lcp: 9999 }));
      await waitForDigest(t);
    });
    after(async () => t?.close());

    it('answers p75 and the good/meh/poor split of each vital exactly, with Sentry’s thresholds', async () => {
      const r = await events(FIELDS, 'transaction:/shop');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.length, 1);
      const row = r.body.data[0]!;
      const expect: Record<string, [number, number, number, number]> = {
        // p75, good, meh, poor
        lcp: [4000, 1, 2, 2], // 1200, 2500, 3000, 4000, 5000
        fcp: [3500, 1, 1, 1], // 900, 2000, 3500
        cls: [0.2, 1, 2, 1], // 0.05, 0.1, 0.2 (the v1 span), 0.3
        ttfb: [900, 1, 1, 0], // 100, 900
        inp: [250, 1, 1, 0], // 150, 250
      };
      for (const [v, [p75, good, meh, poor]] of Object.entries(expect)) {
        assert.deepEqual(
          [row[`p75(measurements.${v})`], row[`count_web_vitals(measurements.${v}, good)`], row[`count_web_vitals(measurements.${v}, meh)`], row[`count_web_vitals(measurements.${v}, poor)`]],
          [p75, good, meh, poor],
          v,
        );
      }
      assert.equal(r.body.meta.fields['p75(measurements.lcp)'], 'duration');
      assert.equal(r.body.meta.units['p75(measurements.lcp)'], 'millisecond');
      assert.equal(r.body.meta.fields['p75(measurements.cls)'], 'number');
      assert.equal(r.body.meta.fields['count_web_vitals(measurements.cls, good)'], 'integer');
      assert.equal(r.body.meta.segments, 5);
      assert.equal(r.body.meta.sampled, false);
    });

    it('keeps each transaction in its own row, sorted as asked', async () => {
      const r = await events(['transaction', 'p75(measurements.lcp)', 'count_web_vitals(measurements.lcp, any)'], 'event.type:transaction', '&sort=-p75(measurements.lcp)');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.data, [
        { transaction: '/cart', 'p75(measurements.lcp)': 9999, 'count_web_vitals(measurements.lcp, any)': 1 },
        { transaction: '/shop', 'p75(measurements.lcp)': 4000, 'count_web_vitals(measurements.lcp, any)': 5 },
      ]);
    });

    it('refuses an unknown vital, an unknown quality and a mix with other aggregates', async () => {
      for (const fields of [['p75(measurements.foo)'], ['count_web_vitals(measurements.lcp, great)'], ['p75(measurements.lcp)', 'count()']]) {
        const r = await events(fields, 'transaction:/shop');
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.match(JSON.stringify(r.body), /measurement|count_web_vitals|mix/);
      }
    });
  });
}
