/**
 * The Stats page in Chromium: real @sentry/node traffic plus one broken event, and the page's numbers are the
 * stats API's numbers (accepted and invalid errors), with storage per project. axe, 390 px and dark checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { adminWithProject, CHECKOUT_APP, ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, runSdkApp, screenshot, seriousA11yViolations, startUiServer } from './helpers/ui-harness.ts';

interface Stats {
  groups: Array<{ by: { outcome: string; category: string }; totals: { 'sum(quantity)': number } }>;
}

describe('web UI: stats', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: APIRequestContext;
  let accepted = 0;

  before(async () => {
    ensureWebBuilt();
    server = await startUiServer();
    browser = await launchChromium();
    const admin = await adminWithProject(server, browser, { name: 'Checkout' });
    api = admin.api;
    const dsn = new URL(admin.dsn);
    await runSdkApp(CHECKOUT_APP, { DSN: dsn.href, RELEASE: 'checkout@1.0.0' });
    // One event whose JSON is broken: accepted by ingest, dropped by digest as invalid.
    const broken = `{"event_id":"${'d'.repeat(32)}"}\n{"type":"event","length":9}\n{"broken"\n`;
    const res = await api.post(`${server.url}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`, { data: broken, headers: { 'content-type': 'application/x-sentry-envelope' } });
    assert.equal(res.status(), 200);
    const stats = await eventually(async () => {
      const s = (await (await api.get(`${server.url}/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=1d`)).json()) as Stats;
      const invalid = s.groups.find((g) => g.by.category === 'error' && g.by.outcome === 'invalid');
      return invalid ? s : undefined;
    }, 'the invalid outcome counted');
    accepted = stats.groups.find((g) => g.by.category === 'error' && g.by.outcome === 'accepted')?.totals['sum(quantity)'] ?? 0;
    assert.ok(accepted >= 3, `accepted errors: ${accepted}`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, opts] of [
    ['90-stats', {}],
    ['91-stats-mobile-dark', { width: 390, dark: true }],
  ] as const) {
    it(`shows what the API counts (${name})`, async () => {
      const ctx = await newContext(browser, opts);
      const state = await api.storageState();
      await ctx.addCookies(state.cookies);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/settings/stats/`);
      const errors = page.getByRole('region', { name: 'Errors' });
      await errors.waitFor();
      const totals = errors.getByLabel('Errors totals');
      const value = async (label: string) => (await totals.locator('.stats-total', { hasText: label }).locator('dd').textContent())?.trim();
      assert.equal(await value('Accepted'), String(accepted));
      assert.equal(await value('Invalid'), '1');
      assert.equal(await value('Rate limited'), '0');
      const storage = page.getByRole('region', { name: 'Storage' });
      await storage.getByRole('rowheader', { name: 'checkout' }).waitFor();
      const violations = await seriousA11yViolations(page);
      await screenshot(page, name);
      assert.deepEqual(violations, [], `axe on ${name}`);
      assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
      await ctx.close();
    });
  }
});
