/**
 * Source maps in the UI, end to end: esbuild builds the agent-console app, the real sentry-cli 3.x injects debug
 * IDs and uploads the maps with a token made in the UI's API, Chromium loads the page (maps not served) and throws.
 * Then, in the browser: an issue whose frames resolved (badge, per-frame original ↔ minified switch); a second build
 * whose map was not uploaded (processing-errors banner naming the debug ID, "why didn't this frame resolve?" with
 * every lookup step); its map uploaded afterwards and the issue reprocessed (the event moves to the resolved issue,
 * the emptied one is gone and the UI follows); the release page listing the bundle and its files with debug IDs.
 * axe-core on every new screen; screenshots in artifacts/screenshots/4x-*.png (also at 390 px and dark).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { buildApp, writePage, type BuiltApp } from '../sourcemaps/helpers/build-app.ts';
import { clickThrough, serveStatic } from '../sourcemaps/helpers/browser.ts';
import { sentryCli } from '../sourcemaps/helpers/sentry-cli.ts';
import { ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS, watchErrors } from './helpers/ui-harness.ts';

const RESOLVED_RELEASE = 'console@1.0.0';
const LATE_RELEASE = 'console@1.1.0';

interface IssueJson {
  id: string;
  shortId: string;
  title: string;
  count: string;
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: source maps (resolved frames, processing errors, reprocessing, releases) (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    let csrf = '';
    let dsn = '';
    let token = '';
    let resolvedIssue: IssueJson;
    let lateIssue: IssueJson;
    let lateBuild: BuiltApp;
    let lateDebugId = '';

    const checkScreen = async (name: string, p: Page = page) => {
      await p.locator('[role=status] .spinner').first().waitFor({ state: 'detached' });
      const violations = await seriousA11yViolations(p);
      await screenshot(p, name);
      assert.deepEqual(violations, [], `axe on ${name}`);
    };
    const apiGet = async <T>(path: string): Promise<T> => {
      const r = await ctx.request.get(`${server.url}/api/0${path}`);
      assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
      return (await r.json()) as T;
    };
    const typeErrors = async () => (await apiGet<IssueJson[]>('/organizations/faultline/issues/?query=')).filter((i) => i.title.startsWith('TypeError'));
    const cli = (args: string[]) => sentryCli(3, args, { url: server.url, token, project: 'console' });

    /** A build of the app (debug IDs injected), optionally uploaded, loaded in Chromium and clicked. */
    async function deploy(buildId: string, release: string, upload: boolean): Promise<BuiltApp> {
      const app = await buildApp({ buildId });
      const inject = await cli(['sourcemaps', 'inject', app.dist]);
      assert.equal(inject.code, 0, inject.stderr);
      if (upload) await uploadMaps(app, release);
      writePage(app, { dsn, release });
      const site = await serveStatic(app.dir);
      try {
        await clickThrough(browser, site.url, server.url, ['accept']);
      } finally {
        await site.close();
      }
      return app;
    }
    async function uploadMaps(app: BuiltApp, release: string): Promise<void> {
      const up = await cli(['sourcemaps', 'upload', '--release', release, '--url-prefix', '~/dist', app.dist]);
      assert.equal(up.code, 0, up.stderr);
    }
    /** The same screen at 390 px, in the dark theme, and both: axe, a screenshot, nothing sticking out sideways. */
    async function variants(name: string, open: (p: Page) => Promise<void>): Promise<void> {
      for (const [label, opts] of [
        ['mobile', { width: 390 }],
        ['dark', { width: 1280, dark: true }],
        ['mobile-dark', { width: 390, dark: true }],
      ] as const) {
        const c = await newContext(browser, opts);
        await c.addCookies(await ctx.cookies());
        const p = await c.newPage();
        const errs = watchErrors(p);
        await open(p);
        const overflow = await horizontalOverflow(p);
        // The top bar's sections must all be visible (the nav scrolls rather than overflow, which would hide one).
        const hidden = await p.locator('.mainnav').evaluate((n) => n.scrollWidth - n.clientWidth);
        assert.ok(hidden <= 1, `${name} ${label}: ${hidden} px of the main navigation scrolled out of view`);
        await checkScreen(`${name}-${label}`, p);
        assert.equal(overflow, '', `${name} ${label}: fits the width`);
        assert.deepEqual(errs, []);
        await c.close();
      }
    }

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      ctx = await newContext(browser);
      page = await ctx.newPage();
      errors = watchErrors(page);
      const auth = await ctx.request.post(`${server.url}/api/0/auth/setup/`, { data: { email: 'grace@example.com', password: 'source maps please' } });
      assert.equal(auth.status(), 200);
      csrf = ((await auth.json()) as { csrfToken: string }).csrfToken;
      const headers = { 'x-csrftoken': csrf };
      const created = await ctx.request.post(`${server.url}/api/0/teams/faultline/default/projects/`, { data: { name: 'Console', platform: 'javascript' }, headers });
      assert.equal(created.status(), 201);
      dsn = (await apiGet<Array<{ dsn: { public: string } }>>('/projects/faultline/console/keys/'))[0]!.dsn.public;
      // The CI token, made the way a user would: a personal API token.
      const tok = await ctx.request.post(`${server.url}/api/0/api-tokens/`, { data: { name: 'ci' }, headers });
      assert.equal(tok.status(), 201);
      token = ((await tok.json()) as { token: string }).token;
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows resolved frames with a source-map badge and switches one frame to minified and back', async () => {
      await deploy('ui-build-1', RESOLVED_RELEASE, true);
      [resolvedIssue] = await eventually(async () => {
        const list = await typeErrors();
        return list.length === 1 ? list : null;
      }, 'the resolved TypeError issue');
      await page.goto(`${server.url}/issues/${resolvedIssue!.id}/`);
      const top = page.locator('.exception').first().locator('.frame-app').first();
      await top.waitFor();
      const summary = top.locator('summary');
      assert.match((await summary.textContent()) ?? '', /^src\/call-panel\.js in formatCaller at line 7/);
      assert.equal(await top.locator('.badge-sourcemap').textContent(), 'source map');
      assert.match((await top.locator('li.is-current').textContent()) ?? '', /return call\.visitor\.name\.toUpperCase\(\);/);
      assert.match((await top.locator('.frame-resolved-note').textContent()) ?? '', /Resolved by source map via debug ID/);
      await checkScreen('4x-01-issue-resolved-frames');

      const toggle = top.getByRole('group', { name: /Location shown for src\/call-panel\.js in formatCaller/ });
      await toggle.getByRole('button', { name: 'Minified' }).click();
      assert.equal(await toggle.getByRole('button', { name: 'Minified' }).getAttribute('aria-pressed'), 'true');
      assert.match((await summary.textContent()) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/dist\/app-[A-Z0-9]+\.js:\d+:\d+ in \w+/, 'the minified location as it arrived');
      assert.match((await top.locator('.frame-minified').textContent()) ?? '', /As it arrived: http:\/\/127\.0\.0\.1:\d+\/dist\/app-[A-Z0-9]+\.js:\d+:\d+/);
      assert.equal(await top.locator('.frame-source').count(), 0, 'no original context while minified');
      // Only this frame switched.
      const second = page.locator('.exception').first().locator('.frame-app').nth(1);
      assert.match((await second.locator('summary').textContent()) ?? '', /^src\/call-panel\.js in renderCallPanel/);
      await checkScreen('4x-02-frame-minified');
      await toggle.getByRole('button', { name: 'Original' }).click();
      assert.match((await summary.textContent()) ?? '', /^src\/call-panel\.js in formatCaller at line 7/);
      await top.locator('li.is-current').waitFor();
      assert.equal(await page.locator('.processing-errors').count(), 0, 'no banner when everything resolved');
    });

    it('shows the processing-errors banner for a build whose map is missing, and explains a frame step by step', async () => {
      lateBuild = await deploy('ui-build-2', LATE_RELEASE, false);
      const both = await eventually(async () => {
        const list = await typeErrors();
        return list.length === 2 ? list : null;
      }, 'a second TypeError issue, minified');
      lateIssue = both.find((i) => i.id !== resolvedIssue.id)!;
      await page.goto(`${server.url}/issues/${lateIssue.id}/`);
      const banner = page.locator('.processing-errors');
      await banner.waitFor();
      assert.match((await banner.getByRole('heading').textContent()) ?? '', /^Source maps: \d+ frames? could not be resolved$/);
      const text = (await banner.textContent()) ?? '';
      assert.match(text, /No source map found/);
      assert.match(text, /js_no_source/);
      lateDebugId = /Debug ID([0-9a-f-]{36})/.exec(text)?.[1] ?? '';
      assert.match(lateDebugId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, text);
      assert.match(text, /http:\/\/127\.0\.0\.1:\d+\/dist\/app-[A-Z0-9]+\.js/);
      assert.match(text, /frames? not resolved/);
      // The frames themselves say so too.
      const top = page.locator('.exception').first().locator('.frame').first();
      await top.locator('.badge-unresolved').waitFor();
      assert.match((await top.locator('summary').textContent()) ?? '', /\/dist\/app-[A-Z0-9]+\.js/);
      await checkScreen('4x-03-processing-errors');

      const why = banner.getByRole('button', { name: "Why didn't this frame resolve?" }).first();
      await why.click();
      assert.equal(await why.getAttribute('aria-expanded'), 'true');
      const panel = page.locator(`[id="${await why.getAttribute('aria-controls')}"]`);
      const steps = panel.locator('.smdebug-step');
      await steps.first().waitFor();
      const all = (await steps.allTextContents()).join('\n');
      assert.match(all, /passed: Debug ID in the event \(debug_meta\)\?/);
      assert.match(all, /failed: Source map uploaded with that debug ID\?/);
      assert.match(all, new RegExp(`no source map with debug ID ${lateDebugId} has been uploaded`));
      assert.match(all, new RegExp(`release ${LATE_RELEASE.replace(/[.@]/g, '\\$&')}`), 'the release was searched too');
      const facts = (await panel.locator('.kv').textContent()) ?? '';
      assert.ok(facts.includes(lateDebugId) && facts.includes(LATE_RELEASE), facts);
      assert.match((await panel.locator('.smdebug-verdict').textContent()) ?? '', /Not resolved/);
      assert.match((await panel.locator('.smdebug-tip').textContent()) ?? '', /then reprocess/);
      await checkScreen('4x-04-why-not-resolved');

      // The same explanation from the frame itself.
      await top.getByRole('button', { name: "Why didn't this frame resolve?" }).click();
      await top.locator('.smdebug-step').first().waitFor();

      await variants('4x-05-processing-errors', async (p) => {
        await p.goto(`${server.url}/issues/${lateIssue.id}/`);
        await p.locator('.processing-errors').getByRole('button', { name: "Why didn't this frame resolve?" }).first().click();
        await p.locator('.processing-errors .smdebug-step').first().waitFor();
      });
    });

    it('reprocesses the issue after the upload: the event resolves, moves to the resolved issue, and the UI follows it', async () => {
      await uploadMaps(lateBuild, LATE_RELEASE);
      await page.goto(`${server.url}/issues/${lateIssue.id}/`);
      await page.locator('.processing-errors').waitFor();
      await page.getByRole('group', { name: 'Issue actions' }).getByRole('button', { name: 'Reprocess', exact: true }).click();
      await page.waitForURL(new RegExp(`/issues/${resolvedIssue.id}/\\?reprocessed=1&from=${lateIssue.shortId}$`));
      const notice = page.getByRole('status').filter({ hasText: 'Reprocessing moved 1 event here' });
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? '', new RegExp(`from ${lateIssue.shortId}.*was removed`));
      // The moved event is the newest: its frames now read as the source, with no banner left.
      await page.locator('.exception').first().locator('.frame-app .badge-sourcemap').first().waitFor();
      const top = page.locator('.exception').first().locator('.frame-app').first();
      assert.match((await top.locator('summary').textContent()) ?? '', /^src\/call-panel\.js in formatCaller at line 7/);
      assert.equal(await page.locator('.processing-errors').count(), 0);
      assert.ok(((await page.locator('.event-panel').textContent()) ?? '').includes(LATE_RELEASE), 'the moved event is shown');
      assert.match((await page.locator('.issue-stats').textContent()) ?? '', /Events\s*2/);
      await checkScreen('4x-06-reprocessed');
      assert.equal((await typeErrors()).length, 1, 'one TypeError issue left');
      const gone = await ctx.request.get(`${server.url}/api/0/issues/${lateIssue.id}/`);
      assert.equal(gone.status(), 404);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await page.waitForURL(new RegExp(`/issues/${resolvedIssue.id}/$`));
    });

    it('links the release to its page, which lists the artifact bundle and its files with debug IDs', async () => {
      await page.getByLabel('Event facts').getByRole('link', { name: LATE_RELEASE }).click();
      await page.waitForURL(new RegExp(`/releases/${encodeURIComponent(LATE_RELEASE)}/$`));
      await page.getByRole('heading', { level: 1, name: LATE_RELEASE }).waitFor();
      const bundle = page.locator('.bundle-card');
      await bundle.first().waitFor();
      assert.equal(await bundle.count(), 1);
      const rows = bundle.locator('.files-table tbody tr');
      assert.equal(await rows.count(), 2, 'the minified bundle and its map');
      const table = (await bundle.locator('.files-table tbody').textContent()) ?? '';
      assert.match(table, /minified source~\/dist\/app-[A-Z0-9]+\.js/);
      assert.match(table, /source map~\/dist\/app-[A-Z0-9]+\.js\.map/);
      assert.equal(table.split(lateDebugId).length - 1, 2, 'both files carry the debug ID the event named');
      assert.match((await bundle.locator('.bundle-debug-ids').textContent()) ?? '', new RegExp(lateDebugId));
      const stats = (await page.locator('.release-stats').textContent()) ?? '';
      assert.match(stats, /Released\s*not finalized/);
      assert.match((await page.locator('.release-projects').textContent()) ?? '', /Console/);
      await checkScreen('4x-07-release');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Releases' }).click();
      await page.waitForURL(/\/releases\/$/);
      const list = page.locator('.releases-table tbody tr');
      await eventually(async () => (await list.count()) === 2, 'two releases');
      const listText = (await page.locator('.releases-table').textContent()) ?? '';
      assert.ok(listText.includes(RESOLVED_RELEASE) && listText.includes(LATE_RELEASE));
      assert.match(listText, /Console/);
      await checkScreen('4x-08-releases');
      await page.getByLabel('Filter releases by version').fill('1.0.0');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/\/releases\/\?query=1\.0\.0$/);
      await eventually(async () => (await list.count()) === 1, 'one matching release');
      await page.getByRole('link', { name: RESOLVED_RELEASE }).click();
      await page.getByRole('heading', { level: 1, name: RESOLVED_RELEASE }).waitFor();
      await page.locator('.bundle-card').first().waitFor();

      // The issue header links its releases too.
      await page.goto(`${server.url}/issues/${resolvedIssue.id}/`);
      await page.locator('.issue-stats').getByRole('link', { name: RESOLVED_RELEASE }).click();
      await page.waitForURL(new RegExp(`/releases/${encodeURIComponent(RESOLVED_RELEASE)}/$`));

      await variants('4x-09-release', async (p) => {
        await p.goto(`${server.url}/releases/${encodeURIComponent(LATE_RELEASE)}/`);
        await p.locator('.bundle-card').first().waitFor();
      });
      await variants('4x-10-releases', async (p) => {
        await p.goto(`${server.url}/releases/`);
        await p.locator('.releases-table tbody tr').nth(1).waitFor();
      });
    });

    it('has no uncaught errors in the page', () => {
      assert.deepEqual(errors, []);
    });
  });
}
