/**
 * The Performance page in Chromium over the transactions Discover API: samples go through the store's real write
 * path (`recordTransactionSamples` in a store transaction, as digest does) for two projects, and the page's table
 * shows exactly the rows, order and numbers the API returns; clicking headers re-sorts as the API sorts; period,
 * project, environment and name search filter; a project without transactions gets the tracesSampleRate help.
 * The summary's operation breakdown shows the rows and shares the API gives for stored child spans, and its web
 * vitals the p75s, ratings and good/meh/poor counts the API gives for the segments' measurements.
 * The slowest list's Operation filter sorts by one op category's time as the API's `sort=-spans.<op>` does.
 * axe, 390 px and dark checked (screens 110–114, 124).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import type { NormalizedSpan } from '@faultline/pipeline';
import { createProject, ensureDefaults, insertSpans, recordTransactionSamples, type TransactionSample } from '@faultline/store';
import { formatCount, formatDuration, formatPercent, formatRate } from '../../packages/web/src/screens/performance/discover.ts';
import type { SpanOpsBreakdown } from '../../packages/web/src/screens/performance/span-ops-breakdown.tsx';
import { adminWithProject, assertScreenOk, ensureWebBuilt, launchChromium, openSignedIn, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

const MIN = 60_000;
const FIELDS = ['transaction', 'project', 'tpm()', 'p50()', 'p95()', 'failure_rate()', 'count()', 'project.id'];
type Row = Record<string, string | number>;

/** n samples ending over the 20 minutes before `end`, durations spread around `median` (deterministic). */
function samples(projectId: number, transaction: string, environment: string, n: number, median: number, failEvery: number, end: number): TransactionSample[] {
  return Array.from({ length: n }, (_, i) => ({
    projectId, transaction, op: 'http.server', environment, release: 'shop@1.0.0',
    ts: end - ((i * 7919) % (20 * MIN)), durationMs: median * (0.5 + ((i * 37) % 100) / 100), failed: i % failEvery === 0,
  }));
}

/** A production 'POST /api/checkout' segment starting at `at` with children [op, from, to] (ms after `at`). */
function summarySpans(n: number, at: number, children: ReadonlyArray<readonly [string, number, number]>, vitals: Record<string, number> = {}): NormalizedSpan[] {
  const traceId = n.toString(16).padStart(32, '0');
  const root = `${n}`.padStart(16, '0');
  const one = (spanId: string, op: string, from: number, to: number): NormalizedSpan => ({
    traceId, spanId, parentSpanId: spanId === root ? null : root, segmentId: root, isSegment: spanId === root, op, description: op, status: 'ok',
    startMs: at + from, endMs: at + to, durationMs: to - from, exclusiveMs: null, environment: 'production', release: 'shop@1.0.0',
    transaction: 'POST /api/checkout', eventId: null, data: {}, measurements: null, clamped: false,
  });
  const measurements = Object.fromEntries(Object.entries(vitals).map(([k, value]) => [k, { value }]));
  return [{ ...one(root, 'http.server', 0, 1500), measurements: Object.keys(measurements).length > 0 ? measurements : null }, ...children.map(([op, from, to], i) => one(`${n}${i + 1}`.padStart(16, 'a'), op, from, to))];
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: performance (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let api: APIRequestContext;
    const ids: Record<string, string> = {};

    const apiRows = async (qs: string): Promise<Row[]> => {
      const fields = FIELDS.map((f) => `field=${encodeURIComponent(f)}`).join('&');
      const r = await api.get(`${server.url}/api/0/organizations/faultline/events/?dataset=transactions&${fields}&${qs}`);
      assert.equal(r.status(), 200, await r.text());
      return ((await r.json()) as { data: Row[] }).data;
    };
    /** The table as the user reads it: one array of cell texts per row. */
    const tableText = (page: Page) =>
      page.locator('.perf-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));
    const expectedText = (rows: Row[]) =>
      rows.map((r) => [String(r.transaction), String(r.project), formatRate(r['tpm()']!), formatDuration(r['p50()']!), formatDuration(r['p95()']!), formatPercent(r['failure_rate()']!), formatCount(r['count()']!)]);
    const open = (path: string, opts: { width?: number; dark?: boolean } = {}) => openSignedIn(browser, api, `${server.url}${path}`, opts);

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Checkout' });
      api = admin.api;
      const { db } = server.app;
      const { org, team } = await ensureDefaults(db);
      const signal = (await createProject(db, { orgId: org.id, teamId: team.id, slug: 'signal', name: 'Signal' })).project.id;
      await createProject(db, { orgId: org.id, teamId: team.id, slug: 'quiet', name: 'Quiet' });
      const projects = (await (await api.get(`${server.url}/api/0/organizations/faultline/projects/`)).json()) as Array<{ id: string; slug: string }>;
      for (const p of projects) ids[p.slug] = p.id;
      const checkout = Number(ids.checkout);
      const end = Date.now() - 5 * MIN;
      const all = [
        ...samples(checkout, 'GET /api/cart', 'production', 240, 80, 10, end),
        ...samples(checkout, 'POST /api/checkout', 'production', 60, 1500, 4, end),
        ...samples(checkout, 'GET /api/cart', 'staging', 30, 300, 3, end),
        ...samples(signal, 'WS /signal', 'production', 500, 12, 50, end),
      ];
      for (let i = 0; i < all.length; i += 200) await db.transaction((tx) => recordTransactionSamples(tx, all.slice(i, i + 200)));
      // Two stored checkouts with child spans, for the summary's operation breakdown: http 900 + 300, db 200 + 100, other 100.
      // Their web vitals as measurements (lcp good and poor, fcp good twice, cls meh and good).
      const checkoutSpans = [
        [1, [['http.client', 0, 900], ['db.query', 900, 1100], ['payment.authorize', 1100, 1200]], { lcp: 1800, fcp: 700, cls: 0.12 }],
        [2, [['http.client', 0, 300], ['db.query', 300, 400]], { lcp: 4200, fcp: 800, cls: 0.02 }],
      ] as const;
      await db.transaction((tx) => insertSpans(tx, checkout, checkoutSpans.flatMap(([n, children, vitals]) => summarySpans(n, end - n * MIN, children, vitals)), Date.now()));
      assert.equal(signal, Number(ids.signal));
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const [name, opts] of [
      ['110-performance', {}],
      ['111-performance-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`shows the rows, order and numbers the API returns, and the charts (${name})`, async () => {
        const { ctx, page, errors } = await open('/performance/', opts);
        const rows = await apiRows('statsPeriod=24h&sort=-tpm()&per_page=25');
        assert.deepEqual(rows.map((r) => r.transaction), ['WS /signal', 'GET /api/cart', 'POST /api/checkout']);
        await page.getByRole('rowheader', { name: 'POST /api/checkout' }).waitFor();
        assert.deepEqual(await tableText(page), expectedText(rows));
        assert.equal(await page.getByRole('columnheader', { name: 'TPM' }).getAttribute('aria-sort'), 'descending');
        // The charts are drawn from events-stats: the throughput bars exist and the p95 line has a point per bucket.
        const charts = page.getByRole('region', { name: 'Over time' });
        assert.ok((await charts.locator('.perf-chart-bar').count()) >= 1, 'throughput bars');
        assert.match((await charts.getByRole('img').first().getAttribute('aria-label')) ?? '', /^Throughput \(tpm\): highest \d/);
        await assertScreenOk(page, name, errors);
        await ctx.close();
      });
    }

    it('sorts by a clicked header as the API sorts, descending first then ascending', async () => {
      const { ctx, page } = await open('/performance/');
      await page.getByRole('rowheader', { name: 'WS /signal' }).waitFor();
      const names = () => page.locator('.perf-table tbody th').allTextContents();
      await page.getByRole('button', { name: 'p95', exact: true }).click();
      await page.waitForURL(/sort=-p95/);
      await page.getByRole('columnheader', { name: 'p95' }).and(page.locator('[aria-sort="descending"]')).waitFor();
      const desc = await apiRows('statsPeriod=24h&sort=-p95()');
      assert.deepEqual(desc.map((r) => r.transaction), ['POST /api/checkout', 'GET /api/cart', 'WS /signal']);
      await page.locator('.perf-table tbody tr').first().getByText('POST /api/checkout').waitFor();
      assert.deepEqual(await tableText(page), expectedText(desc));
      await page.getByRole('button', { name: 'p95', exact: true }).click();
      await page.waitForURL(/sort=p95/);
      await page.locator('.perf-table tbody tr').first().getByText('WS /signal').waitFor();
      assert.deepEqual(await names(), (await apiRows('statsPeriod=24h&sort=p95()')).map((r) => r.transaction));
      await page.getByRole('button', { name: 'Failure rate' }).click();
      await page.waitForURL(/sort=-failure_rate/);
      const byFailures = (await apiRows('statsPeriod=24h&sort=-failure_rate()')).map((r) => r.transaction);
      await page.locator('.perf-table tbody tr').first().getByText(String(byFailures[0])).waitFor();
      assert.deepEqual(await names(), byFailures);
      await ctx.close();
    });

    it('filters by name, project, environment and period through the URL', async () => {
      const { ctx, page } = await open('/performance/');
      await page.getByRole('rowheader', { name: 'WS /signal' }).waitFor();
      await page.getByRole('searchbox', { name: 'Transaction' }).fill('cart');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/query=cart/);
      await page.getByRole('rowheader', { name: 'WS /signal' }).waitFor({ state: 'detached' });
      assert.deepEqual(await tableText(page), expectedText(await apiRows('statsPeriod=24h&sort=-tpm()&query=cart')));
      assert.equal((await tableText(page)).length, 1);
      await page.getByRole('combobox', { name: 'Project' }).selectOption({ label: 'signal' });
      await page.waitForURL(new RegExp(`project=${ids.signal}`));
      await page.getByText('No transaction matches these filters').waitFor();
      await page.goto(`${server.url}/performance/?environment=staging&statsPeriod=7d`);
      await page.getByRole('rowheader', { name: 'GET /api/cart' }).waitFor();
      const staging = await apiRows('statsPeriod=7d&sort=-tpm()&environment=staging');
      assert.deepEqual(staging.map((r) => r['count()']), [30]);
      assert.deepEqual(await tableText(page), expectedText(staging));
      assert.equal(await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: '7d' }).getAttribute('aria-pressed'), 'true');
      await ctx.close();
    });

    for (const [name, opts] of [
      ['113-transaction-summary', {}],
      ['114-transaction-summary-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`opens a transaction's summary from the table with the API's percentiles, count, failure rate and operation breakdown (${name})`, async () => {
        const { ctx, page, errors } = await open('/performance/?environment=production', opts);
        await page.getByRole('link', { name: 'POST /api/checkout' }).click();
        await page.waitForURL(/\/performance\/summary\/\?/);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('transaction'), 'POST /api/checkout');
        assert.equal(url.searchParams.get('project'), ids.checkout);
        assert.equal(url.searchParams.get('environment'), 'production');
        const figures = page.getByRole('definition');
        await figures.first().waitFor();
        const r = await api.get(
          `${server.url}/api/0/organizations/faultline/events/?dataset=transactions&field=p50()&field=p75()&field=p95()&field=p99()&field=count()&field=tpm()&field=failure_rate()` +
            `&project=${ids.checkout}&environment=production&statsPeriod=24h&query=${encodeURIComponent('transaction:"POST /api/checkout"')}`,
        );
        const row = ((await r.json()) as { data: Row[] }).data[0]!;
        assert.equal(row['count()'], 60);
        assert.deepEqual(await figures.allTextContents(), [
          ...['p50()', 'p75()', 'p95()', 'p99()'].map((f) => formatDuration(row[f]!)),
          formatCount(row['count()']!), formatRate(row['tpm()']!), formatPercent(row['failure_rate()']!),
        ]);
        assert.deepEqual(await page.getByRole('term').allTextContents(), ['p50', 'p75', 'p95', 'p99', 'Count', 'TPM', 'Failure rate']);
        const charts = page.getByRole('region', { name: 'Over time' });
        await charts.locator('.perf-chart-line').first().waitFor();
        assert.match((await charts.getByRole('img').nth(1).getAttribute('aria-label')) ?? '', new RegExp(`^p95 duration: highest \\d`));
        const ops = page.getByRole('region', { name: 'Operation breakdown' });
        await ops.locator('.perf-ops-row').first().waitFor();
        const b = await api.get(
          `${server.url}/api/0/organizations/faultline/span-ops-breakdown/?project=${ids.checkout}&environment=production&statsPeriod=24h&query=${encodeURIComponent('transaction:"POST /api/checkout"')}`,
        );
        const breakdown = (await b.json()) as SpanOpsBreakdown;
        assert.deepEqual(breakdown.data.map((r) => [r.op, r.totalMs]), [['http', 1200], ['db', 300], ['other', 100]]);
        assert.deepEqual(
          await ops.locator('.perf-ops-row').evaluateAll((lis) => lis.map((li) => [...li.children].map((c) => c.textContent?.trim() ?? ''))),
          breakdown.data.map((r) => [r.op, '', formatPercent(r.share), `${formatDuration(r.totalMs)} total · p50 ${formatDuration(r.p50)} · p95 ${formatDuration(r.p95)}`]),
        );
        assert.equal(await ops.locator('.perf-ops-share').first().textContent(), formatPercent(0.75));
        // Web vitals: p75 and the good/meh/poor counts the API gives, the vitals without values left out.
        const vitals = page.getByRole('region', { name: 'Web vitals' });
        await vitals.locator('.perf-vital').first().waitFor();
        const vf = ['lcp', 'fcp', 'cls'].flatMap((v) => [`p75(measurements.${v})`, ...['good', 'meh', 'poor'].map((q) => `count_web_vitals(measurements.${v}, ${q})`)]);
        const vr = await api.get(
          `${server.url}/api/0/organizations/faultline/events/?dataset=transactions&project=${ids.checkout}&environment=production&statsPeriod=24h&query=${encodeURIComponent('transaction:"POST /api/checkout"')}${vf.map((f) => `&field=${encodeURIComponent(f)}`).join('')}`,
        );
        const vrow = ((await vr.json()) as { data: Row[] }).data[0]!;
        assert.deepEqual([vrow['p75(measurements.lcp)'], vrow['count_web_vitals(measurements.lcp, good)'], vrow['count_web_vitals(measurements.lcp, poor)']], [4200, 1, 1]);
        const counts = (v: string) => ['good', 'meh', 'poor'].map((q) => `${formatCount(vrow[`count_web_vitals(measurements.${v}, ${q})`]!)} ${q}`).join(' · ');
        assert.deepEqual(
          await vitals.locator('.perf-vital').evaluateAll((lis) => lis.map((li) => [...li.children].map((c) => c.textContent?.trim() ?? ''))),
          [
            ['LCP', `p75 ${formatDuration(vrow['p75(measurements.lcp)']!)} · poor`, '', counts('lcp')],
            ['FCP', `p75 ${formatDuration(vrow['p75(measurements.fcp)']!)} · good`, '', counts('fcp')],
            ['CLS', `p75 ${Number(vrow['p75(measurements.cls)']).toFixed(3)} · meh`, '', counts('cls')],
          ],
        );
        await assertScreenOk(page, name, errors);
        await ctx.close();
      });
    }

    it('sorts the slowest transactions by one operation’s time with the Operation filter, as the API does (124)', async () => {
      const q = `project=${ids.checkout}&transaction=${encodeURIComponent('POST /api/checkout')}&environment=production`;
      const { ctx, page, errors } = await open(`/performance/summary/?${q}`, { width: 390, dark: true });
      const slowest = page.getByRole('region', { name: 'Slowest transactions' });
      await slowest.locator('tbody tr').first().waitFor();
      await slowest.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'http time' });
      await page.waitForURL(/breakdown=http/);
      await slowest.getByRole('columnheader', { name: 'http time' }).waitFor();
      const r = await api.get(
        `${server.url}/api/0/organizations/faultline/events/?dataset=transactions&field=trace&field=spans.http&field=transaction.duration&sort=-spans.http&per_page=10` +
          `&project=${ids.checkout}&environment=production&statsPeriod=24h&query=${encodeURIComponent('transaction:"POST /api/checkout"')}`,
      );
      const rows = ((await r.json()) as { data: Row[] }).data;
      assert.deepEqual(rows.map((x) => x['spans.http']), [900, 300]);
      const cells = await slowest.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].slice(0, 3).map((c) => c.textContent?.trim() ?? '')));
      assert.deepEqual(cells, rows.map((x) => [String(x.trace).slice(0, 8), formatDuration(x['spans.http']!), formatDuration(x['transaction.duration']!)]));
      await assertScreenOk(page, '124-transaction-summary-op-filter-mobile-dark', errors);
      // Back to the whole transaction: the column goes, the URL forgets the filter.
      await slowest.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Whole transaction' });
      await slowest.getByRole('columnheader', { name: 'http time' }).waitFor({ state: 'detached' });
      assert.equal(new URL(page.url()).searchParams.get('breakdown'), null);
      await ctx.close();
    });

    it('tells how to turn tracing on when a project has no transactions (112)', async () => {
      const { ctx, page } = await open(`/performance/?project=${ids.quiet}`);
      await page.getByText('No transactions yet').waitFor();
      assert.match((await page.locator('.state-empty').textContent()) ?? '', /tracesSampleRate/);
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '112-performance-empty');
      assert.deepEqual(violations, []);
      await ctx.close();
    });
  });
}
