/**
 * A release's page in Chromium: real @sentry/node sessions (two clean runs by one user, a handled error, a crashed
 * process, and one clean run of the previous release) give the crash-free numbers the sessions API returns and a
 * Sentry user computes by hand; the commits the real sentry-cli sent with `set-commits --local` are listed. A
 * release with neither shows the empty states. axe, 390 px and dark checked.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Browser } from 'playwright-core';
import { ALL_SCOPES, type RunningServer } from '@faultline/server';
import { createToken } from '@faultline/store';
import { gitRepo } from '../helpers/git-repo.ts';
import { sentryCli } from '../sourcemaps/helpers/sentry-cli.ts';
import { adminWithProject, ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, runSdkApp, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

const SESSION_APP = fileURLToPath(new URL('../core/apps/session-app.mjs', import.meta.url));
const RELEASE = 'shop@1.2.0';
const EMPTY = 'shop@2.0.0';

interface Sessions {
  groups: Array<{ by: Record<string, string>; totals: Record<string, number | null> }>;
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: release health and commits (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let api: APIRequestContext;
    let shas: string[] = [];

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Shop', platform: 'node' });
      api = admin.api;
      const run = (mode: string, user: string, release = RELEASE) => runSdkApp(SESSION_APP, { DSN: admin.dsn, MODE: mode, USER_ID: user, RELEASE: release });
      await run('healthy', 'u1');
      await run('healthy', 'u1');
      await run('errored', 'u2');
      await assert.rejects(run('crashed', 'u3'), /exited 1/, 'the uncaught exception ends the process');
      await run('healthy', 'u4', 'shop@1.1.0');
      await eventually(async () => {
        const s = (await (await api.get(`${server.url}/api/0/organizations/faultline/sessions/?field=sum(session)&statsPeriod=1d`)).json()) as Sessions;
        return s.groups[0]?.totals['sum(session)'] === 5;
      }, 'five sessions');

      const { token } = await createToken(server.app.db, { userId: null, name: 'ci', scopes: [...ALL_SCOPES] });
      const repo = gitRepo();
      shas = repo.shas;
      const cli = { url: server.url, token, project: admin.slug, cwd: repo.dir };
      for (const args of [['releases', 'new', RELEASE], ['releases', 'set-commits', '--local', RELEASE], ['releases', 'new', EMPTY]]) {
        const r = await sentryCli(3, args, cli);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      }
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const [name, opts] of [
      ['120-release-health', {}],
      ['121-release-health-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`shows the sessions API's crash-free numbers and the commits (${name})`, async () => {
        const q = `statsPeriod=90d&interval=1d&query=${encodeURIComponent(`release:${RELEASE}`)}`;
        const apiTotals = ((await (await api.get(`${server.url}/api/0/organizations/faultline/sessions/?${q}&field=crash_free_rate(session)&field=crash_free_rate(user)&field=sum(session)`)).json()) as Sessions).groups[0]!.totals;
        // By hand: 4 sessions, 1 crashed → 3/4; users u1, u2, u3, one crashed → 2/3.
        assert.deepEqual(apiTotals, { 'crash_free_rate(session)': 0.75, 'crash_free_rate(user)': 2 / 3, 'sum(session)': 4 });

        const ctx = await newContext(browser, opts);
        await ctx.addCookies((await api.storageState()).cookies);
        const page = await ctx.newPage();
        await page.goto(`${server.url}/releases/${encodeURIComponent(RELEASE)}/`);
        const health = page.getByRole('region', { name: 'Release health' });
        const totals = health.getByLabel('Release health totals');
        await totals.waitFor();
        const value = async (label: string) => (await totals.locator('.stats-total', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').textContent())?.trim();
        assert.equal(await value('Crash-free sessions'), '75%');
        assert.equal(await value('Crash-free users'), '66.667%');
        assert.equal(await value('Sessions'), '4');
        assert.equal(await value('Users'), '3');
        assert.equal(await value('Errored'), '1');
        assert.equal(await value('Crashed'), '1');
        assert.equal(await value('Abnormal'), '0');
        assert.equal(await value('Adoption'), '80% of 5 sessions');

        const commits = page.getByRole('region', { name: /^Commits/ }).locator('.commit');
        assert.equal(await commits.count(), 2);
        assert.equal((await commits.nth(0).locator('.commit-message').textContent())?.trim(), 'Fix crash on empty cart');
        assert.equal((await commits.nth(1).locator('.commit-message').textContent())?.trim(), 'Add checkout retry');
        assert.equal(await commits.nth(0).locator('code').textContent(), shas[0]!.slice(0, 7));
        assert.match((await commits.nth(1).locator('.commit-meta').textContent()) ?? '', /origin · Ada Lovelace/);

        const violations = await seriousA11yViolations(page);
        await screenshot(page, name);
        assert.deepEqual(violations, [], `axe on ${name}`);
        assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
        await ctx.close();
      });
    }

    for (const [name, opts] of [
      ['122-release-health-empty', {}],
      ['123-release-health-empty-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`a release without sessions or commits says how to send them (${name})`, async () => {
        const ctx = await newContext(browser, opts);
        await ctx.addCookies((await api.storageState()).cookies);
        const page = await ctx.newPage();
        await page.goto(`${server.url}/releases/${encodeURIComponent(EMPTY)}/`);
        const health = page.getByRole('region', { name: 'Release health' });
        await health.getByText('No sessions named this release in the last 90 days.').waitFor();
        assert.match((await health.textContent()) ?? '', /processSession/);
        assert.match((await health.textContent()) ?? '', new RegExp(`release: "${EMPTY}"`));
        const commits = page.getByRole('region', { name: /^Commits/ });
        await commits.getByText(`sentry-cli releases set-commits --auto ${EMPTY}`).waitFor();
        const violations = await seriousA11yViolations(page);
        await screenshot(page, name);
        assert.deepEqual(violations, [], `axe on ${name}`);
        assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
        await ctx.close();
      });
    }
  });
}
