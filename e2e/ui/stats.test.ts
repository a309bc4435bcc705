/**
 * The Stats page in Chromium: real @sentry/node traffic (ordinary, past a key's rate limit, of a filtered release)
 * plus one broken event, and the page's numbers are the stats API's numbers for every outcome, which are what the
 * SDK got back, with storage per project. axe, 390 px and dark checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { fileURLToPath } from 'node:url';
import { runClient } from '../helpers/run-client.ts';
import { adminWithProject, CHECKOUT_APP, ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, runSdkApp, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

const STATS_APP = fileURLToPath(new URL('../core/apps/stats-app.mjs', import.meta.url));

interface Stats {
  groups: Array<{ by: { outcome: string; category: string }; totals: { 'sum(quantity)': number } }>;
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: stats (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let api: APIRequestContext;
    const counted: Record<string, number> = {};

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Checkout' });
      api = admin.api;
      const dsn = new URL(admin.dsn);
      await runSdkApp(CHECKOUT_APP, { DSN: dsn.href, RELEASE: 'checkout@1.0.0' });
      const headers = { 'x-csrftoken': ((await (await api.get(`${server.url}/api/0/auth/`)).json()) as { csrfToken: string }).csrfToken };
      const project = `${server.url}/api/0/projects/faultline/${admin.slug}`;
      const key = (await (await api.post(`${project}/keys/`, { data: { name: 'limited' }, headers })).json()) as { id: string; dsn: { public: string } };
      assert.equal((await api.put(`${project}/keys/${key.id}/`, { data: { rateLimit: { count: 2, window: 3600 } }, headers })).status(), 200);
      assert.equal((await api.put(`${project}/`, { data: { options: { 'filters:releases': 'stats@*-beta*' } }, headers })).status(), 200);
      const limited = await runClient(process.execPath, [STATS_APP], key.dsn.public, { COUNT: '6', RELEASE: 'stats@1.0.0' });
      const filtered = await runClient(process.execPath, [STATS_APP], dsn.href, { COUNT: '3', RELEASE: 'stats@2.0.0-beta.1' });
      // One event whose JSON is broken: accepted by ingest, dropped by digest as invalid.
      const broken = `{"event_id":"${'d'.repeat(32)}"}\n{"type":"event","length":9}\n{"broken"\n`;
      const res = await api.post(`${server.url}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`, { data: broken, headers: { 'content-type': 'application/x-sentry-envelope' } });
      assert.equal(res.status(), 200);
      const stats = await eventually(async () => {
        const s = (await (await api.get(`${server.url}/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=1d`)).json()) as Stats;
        const has = (o: string) => s.groups.some((g) => g.by.category === 'error' && g.by.outcome === o);
        return has('invalid') && has('filtered') && has('client_discard') ? s : undefined;
      }, 'the invalid, filtered and client-discarded outcomes counted');
      for (const g of stats.groups) if (g.by.category === 'error') counted[g.by.outcome] = g.totals['sum(quantity)'];
      assert.ok((counted.accepted ?? 0) >= 2 + 3, `accepted errors: ${counted.accepted}`);
      assert.equal(counted.rate_limited, Number(limited.limited), JSON.stringify(limited));
      // The checkout app may report discards of its own; the exact count is e2e/core/stats-outcomes' job.
      assert.ok((counted.client_discard ?? 0) >= Number(limited.discarded) && Number(limited.discarded) > 0, JSON.stringify(limited));
      assert.equal(counted.filtered, Number(filtered.ok), JSON.stringify(filtered));
      assert.equal(counted.invalid, 1);
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
        for (const [label, outcome] of [['Accepted', 'accepted'], ['Filtered', 'filtered'], ['Rate limited', 'rate_limited'], ['Invalid', 'invalid'], ['Client discard', 'client_discard']]) {
          assert.equal(await value(label!), String(counted[outcome!] ?? 0), label);
        }
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
}
