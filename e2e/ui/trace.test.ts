/**
 * The trace waterfall in Chromium, from one distributed trace: a browser pageload (an SDK 11 v2 span container in
 * project "web") whose fetch span is the parent of the real @sentry/node handler (project "signaling", continuing
 * the trace) with nested spans and an error captured in the innermost one. The waterfall nests all of it in
 * order, bar widths are proportional to durations, subtrees collapse, a span shows its details, the error marker
 * links to the issue and the issue page links back to the trace. A paged trace loads its next pages with "Load
 * more spans", each page's spans nested under parents from earlier pages. axe, 390 px and dark (screens 115–117, 125).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import type { NormalizedSpan } from '@faultline/pipeline';
import { createProject, ensureDefaults, getProject, insertSpans } from '@faultline/store';
import { runClient } from '../helpers/run-client.ts';
import { formatDuration } from '../../packages/web/src/screens/performance/discover.ts';
import { adminWithProject, assertScreenOk, ensureWebBuilt, eventually, launchChromium, openSignedIn, screenshot, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

const APP = fileURLToPath(new URL('../core/apps/tracing-app.mjs', import.meta.url));
const TRACE = '4c1e5b0a9d2f4e7b8a6c3d2e1f0a9b8c';
const PAGELOAD = '7a00000000000001';
const FETCH = '7a00000000000002';
const ASSETS = '7a00000000000003';

interface Segment { span_id: string; start_timestamp: number; errors: Array<{ issue_id: number; event_id: string; span: string }>; children: Segment[] }
const attr = (value: string | number) => ({ value, type: typeof value === 'number' ? 'double' : 'string' });

/** The browser's pageload (2 s), its fetch (1.3 s) that called the server, and a resource span (0.4 s). */
function pageload(t0: number): string {
  const common = { 'sentry.segment.id': attr(PAGELOAD), 'sentry.segment.name': attr('/rooms/3'), 'sentry.release': attr('web@1.0'), 'sentry.environment': attr('production') };
  const items = [
    { trace_id: TRACE, span_id: PAGELOAD, name: '/rooms/3', start_timestamp: t0, end_timestamp: t0 + 2, is_segment: true, status: 'ok', attributes: { ...common, 'sentry.op': attr('pageload'), 'browser.web_vital.lcp.value': attr(812.5) } },
    { trace_id: TRACE, span_id: FETCH, parent_span_id: PAGELOAD, name: 'GET /api/rooms/3', start_timestamp: t0 + 0.5, end_timestamp: t0 + 1.8, is_segment: false, status: 'ok', attributes: { ...common, 'sentry.op': attr('http.client'), 'http.response.status_code': attr(200) } },
    { trace_id: TRACE, span_id: ASSETS, parent_span_id: PAGELOAD, name: '/assets/app.js', start_timestamp: t0 + 0.1, end_timestamp: t0 + 0.5, is_segment: false, status: 'ok', attributes: { ...common, 'sentry.op': attr('resource.script') } },
  ];
  return `{}\n${JSON.stringify({ type: 'span', content_type: 'application/vnd.sentry.items.span.v2+json', item_count: items.length })}\n${JSON.stringify({ items })}\n`;
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: trace view (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let api: APIRequestContext;
    let ids: Record<string, string>;
    let error: Segment['errors'][number];
    let signalingId = 0;

    const open = (path: string, opts: { width?: number; dark?: boolean } = {}) => openSignedIn(browser, api, `${server.url}${path}`, opts);
    const rowOrder = (page: Page) => page.locator('.wf-row').evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset.depth}:${(r as HTMLElement).dataset.spanId}`));
    const barWidth = async (page: Page, spanId: string) => (await page.locator(`.wf-row[data-span-id="${spanId}"] .wf-bar`).boundingBox())!.width;

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Signaling' });
      api = admin.api;
      signalingId = (await getProject(server.app.db, (await ensureDefaults(server.app.db)).org.id, admin.slug))!.id;
      const { db } = server.app;
      const { org, team } = await ensureDefaults(db);
      const web = await createProject(db, { orgId: org.id, teamId: team.id, slug: 'web', platform: 'javascript' });
      ids = await runClient(process.execPath, [APP], admin.dsn, { SENTRY_TRACE: `${TRACE}-${FETCH}-1` });
      const traceUrl = `${server.url}/api/0/organizations/faultline/trace/${TRACE}/`;
      const handler = await eventually(async () => {
        const r = await api.get(traceUrl);
        const body = (await r.json()) as { transactions: Segment[]; orphan_spans: unknown[] };
        return r.status() === 200 && body.transactions[0]?.errors.length ? body.transactions[0] : undefined;
      }, 'the server transaction and its error');
      // The pageload is placed so that its fetch span encloses the server handler, as in a real page.
      const res = await api.post(`${server.url}/api/${web.project.id}/envelope/?sentry_key=${web.key.public_key}`, { data: pageload(handler.start_timestamp - 0.6) });
      assert.equal(res.status(), 200);
      const trace = await eventually(async () => {
        const body = (await (await api.get(traceUrl)).json()) as { transactions: Segment[] };
        return body.transactions[0]?.span_id === PAGELOAD && body.transactions[0].children.length === 1 ? body : undefined;
      }, 'the pageload as the root');
      error = trace.transactions[0]!.children[0]!.errors[0]!;
      assert.equal(error.span, ids.querySpanId);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const [name, opts] of [
      ['115-trace', {}],
      ['116-trace-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`nests transactions and spans in order with bars to scale (${name})`, async () => {
        const { ctx, page, errors } = await open(`/performance/trace/${TRACE}/`, opts);
        await page.locator(`.wf-row[data-span-id="${ids.querySpanId}"]`).waitFor();
        // Depth-first, siblings by start: the resource span (0.1 s) before the fetch (0.5 s); the server
        // transaction under the fetch that called it; its spans nested under it.
        assert.deepEqual(await rowOrder(page), [`0:${PAGELOAD}`, `1:${ASSETS}`, `1:${FETCH}`, `2:${ids.rootSpanId}`, `3:${ids.dbSpanId}`, `4:${ids.querySpanId}`]);
        const pageW = await barWidth(page, PAGELOAD);
        assert.ok(Math.abs((await barWidth(page, FETCH)) / pageW - 1.3 / 2) < 0.01, 'fetch bar is 65 % of the pageload bar');
        assert.ok(Math.abs((await barWidth(page, ASSETS)) / pageW - 0.4 / 2) < 0.01, 'resource bar is 20 % of the pageload bar');
        const fetchRow = page.locator(`.wf-row[data-span-id="${FETCH}"]`);
        assert.equal((await fetchRow.locator('.wf-dur').textContent())?.trim(), formatDuration(1300));
        assert.match((await fetchRow.locator('.wf-name').textContent()) ?? '', /http\.client\s*GET \/api\/rooms\/3/);
        await assertScreenOk(page, name, errors);
        await ctx.close();
      });
    }

    it("collapses and expands a subtree, and shows a span's details (118)", async () => {
      const { ctx, page, errors } = await open(`/performance/trace/${TRACE}/`);
      await page.locator(`.wf-row[data-span-id="${ids.querySpanId}"]`).waitFor();
      await page.getByRole('button', { name: 'Collapse http.client — GET /api/rooms/3' }).click();
      assert.deepEqual(await rowOrder(page), [`0:${PAGELOAD}`, `1:${ASSETS}`, `1:${FETCH}`]);
      await page.getByRole('button', { name: 'Expand http.client — GET /api/rooms/3' }).click();
      assert.equal((await rowOrder(page)).length, 6);
      await page.locator(`.wf-row[data-span-id="${FETCH}"] .wf-name`).click();
      await page.waitForURL(new RegExp(`span=${FETCH}`));
      const detail = page.getByRole('region', { name: 'Span: http.client' });
      const fact = (list: string, key: string) => detail.getByLabel(list, { exact: true }).locator('.kv-row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${key.replace(/\./g, '\\.')}$`) }) }).locator('dd').textContent();
      assert.equal(await fact('Span', 'Span ID'), FETCH);
      assert.equal(await fact('Span', 'Parent span ID'), PAGELOAD);
      assert.equal(await fact('Span', 'Duration'), formatDuration(1300));
      assert.equal(await fact('Span', 'Starts at'), `+${formatDuration(500)}`);
      assert.equal(await fact('Attributes', 'http.response.status_code'), '200');
      await assertScreenOk(page, '118-trace-span-detail', errors);
      await ctx.close();
    });

    it('marks the error on its span, links it to the issue, and the issue page links back to the trace (117)', async () => {
      const { ctx, page } = await open(`/performance/trace/${TRACE}/`);
      const marker = page.locator(`.wf-row[data-span-id="${ids.querySpanId}"] .wf-error`);
      await marker.waitFor();
      assert.equal(await page.locator('.wf-error').count(), 1, 'one error marker, on the query span');
      assert.equal(await marker.getAttribute('href'), `/issues/${error.issue_id}/events/${error.event_id}/`);
      await marker.click();
      await page.waitForURL(new RegExp(`/issues/${error.issue_id}/events/`));
      await page.getByText('room 3 is full').first().waitFor();
      const view = page.getByRole('link', { name: 'View trace' });
      assert.equal(await view.getAttribute('href'), `/performance/trace/${TRACE}/?span=${ids.querySpanId}`);
      await screenshot(page, '117-issue-view-trace');
      await view.click();
      await page.getByRole('region', { name: 'Span: db.query' }).waitFor();
      assert.equal(await page.locator('.wf-selected').getAttribute('data-span-id'), ids.querySpanId);
      await ctx.close();
    });

    it('loads the next pages of a paged trace into the waterfall, nesting their spans under parents from earlier pages (125)', async () => {
      // A batch job's segment and a chain of 11 spans, each the parent of the next, stored as digest writes them.
      const PAGED = 'ab'.repeat(16);
      const t0 = Date.now() - 60_000;
      const id = (i: number) => `c0${i.toString(16).padStart(14, '0')}`;
      const span = (i: number): NormalizedSpan => ({
        traceId: PAGED, spanId: id(i), parentSpanId: i === 0 ? null : id(i - 1), segmentId: id(0), isSegment: i === 0, op: i === 0 ? 'queue.process' : 'function', description: `step ${i}`,
        status: 'ok', startMs: t0 + i * 100, endMs: t0 + 2000 - i * 10, durationMs: 2000 - i * 110, exclusiveMs: null, environment: 'production', release: 'jobs@1',
        transaction: 'nightly-rooms', eventId: null, data: {}, measurements: null, clamped: false,
      });
      await server.app.db.transaction((tx) => insertSpans(tx, signalingId, Array.from({ length: 12 }, (_, i) => span(i)), Date.now()));
      const { ctx, page, errors } = await open(`/performance/trace/${PAGED}/?limit=5`, { width: 390, dark: true });
      await page.locator(`.wf-row[data-span-id="${id(5)}"]`).waitFor();
      const more = page.getByRole('button', { name: 'Load more spans' });
      assert.match((await page.locator('.wf-more').textContent()) ?? '', /6 of 12 spans shown/);
      assert.deepEqual(await rowOrder(page), Array.from({ length: 6 }, (_, i) => `${i}:${id(i)}`));
      await more.click();
      await page.locator(`.wf-row[data-span-id="${id(10)}"]`).waitFor();
      // Page 2's first span hangs under page 1's last, not under the root as an orphan.
      assert.deepEqual(await rowOrder(page), Array.from({ length: 11 }, (_, i) => `${i}:${id(i)}`));
      assert.equal(await page.locator('.wf-orphan').count(), 0);
      await assertScreenOk(page, '125-trace-paged-mobile-dark', errors);
      await more.click();
      await page.locator(`.wf-row[data-span-id="${id(11)}"]`).waitFor();
      await more.waitFor({ state: 'detached' });
      // All loaded: the same rows as one page of the whole trace.
      const { ctx: whole, page: one } = await open(`/performance/trace/${PAGED}/?limit=100`);
      await one.locator(`.wf-row[data-span-id="${id(11)}"]`).waitFor();
      assert.deepEqual(await rowOrder(page), await rowOrder(one));
      assert.equal(await one.getByRole('button', { name: 'Load more spans' }).count(), 0);
      await whole.close();
      await ctx.close();
    });

    it("lists the handler among the transaction summary's slowest, opening its trace at its span (119)", async () => {
      const { ctx, page, errors } = await open(`/performance/summary/?project=${signalingId}&transaction=${encodeURIComponent('GET /rooms/:id')}&statsPeriod=24h`);
      const slowest = page.getByRole('region', { name: 'Slowest transactions' });
      const link = slowest.getByRole('link', { name: TRACE.slice(0, 8) });
      await link.waitFor();
      assert.equal(await slowest.locator('tbody tr').count(), 1);
      assert.equal(await link.getAttribute('href'), `/performance/trace/${TRACE}/?span=${ids.rootSpanId}`);
      await assertScreenOk(page, '119-transaction-slowest', errors);
      await link.click();
      await page.locator(`.wf-selected[data-span-id="${ids.rootSpanId}"]`).waitFor();
      assert.equal(await page.locator('.wf-selected').count(), 1);
      await ctx.close();
    });
  });
}
