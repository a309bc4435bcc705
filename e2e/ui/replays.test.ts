/**
 * Session replay in the UI, in Chromium, from a real @sentry/browser session (the replay site: masked text, an
 * input, an image; click, type, navigate, throw): the Replays list shows it with the API's user, URL, errors and
 * browser, and filters by project and search. axe, 390 px and dark checked; screenshots 100–109.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import type { StaticSite } from '../sourcemaps/helpers/browser.ts';
import { recordSession, startReplaySite, stopReplay } from '../helpers/replay-site.ts';
import { adminWithProject, ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, screenshot, seriousA11yViolations, startUiServer, watchErrors, type ContextOptions } from './helpers/ui-harness.ts';

interface Replay {
  id: string;
  project_id: string;
  count_errors: number;
  count_segments: number;
  urls: string[];
}

describe('web UI: replays', () => {
  let server: RunningServer;
  let browser: Browser;
  let site: StaticSite;
  let api: APIRequestContext;
  let replay: Replay;

  const signedIn = async (opts: ContextOptions = {}): Promise<BrowserContext> => {
    const ctx = await newContext(browser, opts);
    await ctx.addCookies((await api.storageState()).cookies);
    return ctx;
  };
  const getJson = async <T,>(path: string): Promise<T> => (await (await api.get(`${server.url}/api/0${path}`)).json()) as T;

  before(async () => {
    ensureWebBuilt();
    server = await startUiServer();
    browser = await launchChromium();
    const admin = await adminWithProject(server, browser, { name: 'Greeter' });
    api = admin.api;
    site = await startReplaySite(admin.dsn);
    const { page } = await recordSession(browser, site, server.url, 'session');
    replay = await eventually(async () => (await getJson<{ data: Replay[] }>('/organizations/faultline/replays/')).data.find((r) => r.count_errors >= 1), 'the replay with its error');
    await stopReplay(page);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  for (const [name, opts] of [
    ['100-replays', {}],
    ['101-replays-mobile-dark', { width: 390, dark: true }],
  ] as const) {
    it(`lists the recorded session with its user, URL, errors and browser (${name})`, async () => {
      const ctx = await signedIn(opts);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      // The nav entry leads there (clicked on the desktop width; the narrow layout goes by URL).
      await page.goto(`${server.url}/issues/`);
      const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replays' });
      assert.equal(await nav.getAttribute('href'), '/replays/');
      if (opts.width) await page.goto(`${server.url}/replays/`);
      else await nav.click();
      const table = page.getByRole('table');
      const row = table.getByRole('row').filter({ hasText: 'agent@example.com' });
      await row.waitFor();
      assert.equal(await table.getByRole('row').count(), 2, 'a header row and one replay');
      const cell = async (label: string) => (await row.locator(`td[data-label="${label}"]`).textContent())?.trim();
      assert.equal(await cell('First URL'), `${site.url}/?mode=session`);
      assert.equal(await cell('Errors'), '1');
      assert.match((await cell('Browser / OS')) ?? '', /Chrome \d+ · Linux$/);
      assert.match((await cell('Duration')) ?? '', /^\d+:\d\d$/);
      assert.equal(await row.getByRole('link', { name: 'agent@example.com' }).getAttribute('href'), `/replays/${replay.id}/`);
      const violations = await seriousA11yViolations(page);
      await screenshot(page, name);
      assert.deepEqual(violations, [], `axe on ${name}`);
      assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
      const hidden = await page.locator('.mainnav').evaluate((n) => n.scrollWidth - n.clientWidth);
      assert.ok(hidden <= 1, `${name}: ${hidden} px of the main navigation scrolled out of view`);
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  }

  it('filters by project and passes the search to the API as `query`', async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/replays/`);
    await page.getByRole('row').filter({ hasText: 'agent@example.com' }).waitFor();
    const search = page.getByRole('searchbox');
    await search.fill('user.email:someone-else@example.com');
    await search.press('Enter');
    await page.getByText('No replay matches').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('query'), 'user.email:someone-else@example.com');
    await search.fill('user.email:agent@example.com count_errors:>0');
    await search.press('Enter');
    await page.getByRole('row').filter({ hasText: 'agent@example.com' }).waitFor();
    await page.getByLabel('Project').selectOption({ label: 'Greeter' });
    await page.waitForURL((u) => u.searchParams.get('project') === replay.project_id);
    await page.getByRole('row').filter({ hasText: 'agent@example.com' }).waitFor();
    await search.fill('free text');
    await search.press('Enter');
    await page.getByText(/free text "free text" is not supported/).waitFor();
    await ctx.close();
  });
});
