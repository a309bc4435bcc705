/**
 * The triage story in a real browser: first-run setup, a project and its DSN, real @sentry/node traffic, then
 * find the issue by search, read its frames and breadcrumbs, resolve it and watch it leave the unresolved list.
 * Every screen is checked with axe-core (no serious or critical violations) and saved under artifacts/screenshots.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import {
  CHECKOUT_APP,
  ensureWebBuilt,
  eventually,
  horizontalOverflow,
  launchChromium,
  newContext,
  runSdkApp,
  screenshot,
  seriousA11yViolations,
  startUiServer,
  UI_DIALECTS,
  watchErrors,
} from './helpers/ui-harness.ts';

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';

for (const dialect of UI_DIALECTS) {
  describe(`web UI: triage an issue (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    let dsn = '';
    let issueUrl = '';

    /** axe-core plus a screenshot: every screen a test reaches goes through this. */
    const checkScreen = async (name: string, p: Page = page) => {
      await p.locator('[role=status] .spinner').first().waitFor({ state: 'detached' });
      const violations = await seriousA11yViolations(p);
      await screenshot(p, name);
      assert.deepEqual(violations, [], `axe on ${name}`);
    };
    const issuesJson = async (query: string) => {
      const r = await page.request.get(`${server.url}/api/0/organizations/faultline/issues/?query=${encodeURIComponent(query)}`);
      return (await r.json()) as Array<{ id: string; title: string; status: string; count: string }>;
    };

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      ctx = await newContext(browser);
      page = await ctx.newPage();
      errors = watchErrors(page);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('first run sends the visitor to setup, which creates the admin and signs in', async () => {
      await page.goto(`${server.url}/`);
      await page.waitForURL(/\/setup\/$/);
      await page.getByRole('heading', { name: 'Welcome to Faultline' }).waitFor();
      await checkScreen('01-setup');
      await page.getByLabel('Name').fill('Ada Lovelace');
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create admin account' }).click();
      await page.waitForURL(/\/projects\/\?welcome=1$/);
      await page.getByText('No projects yet').waitFor();
      await checkScreen('02-projects-empty');
      const cookie = (await ctx.cookies()).find((c) => c.name === 'faultline_session');
      assert.ok(cookie?.httpOnly, 'session cookie is HttpOnly');
      assert.equal(cookie?.sameSite, 'Lax');
    });

    it('creates a project and lands on its setup page with the DSN and SDK snippets', async () => {
      await page.getByRole('button', { name: 'Create your first project' }).click();
      await page.getByLabel('Name').fill('Checkout');
      await page.getByLabel('Platform').selectOption('node');
      await page.getByRole('button', { name: 'Create project' }).click();
      await page.waitForURL(/\/projects\/checkout\/\?created=1$/);
      dsn = (await page.getByTestId('dsn').textContent())!.trim();
      assert.match(dsn, /^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
      assert.ok(await page.getByRole('button', { name: 'Copy DSN' }).isVisible());
      await page.getByText("import * as Sentry from '@sentry/node';").waitFor();
      await checkScreen('03-project-setup-node');
      await page.getByRole('tab', { name: 'Next.js' }).click();
      for (const file of ['instrumentation-client.ts', 'sentry.server.config.ts', 'sentry.edge.config.ts', 'instrumentation.ts']) {
        await page.locator('.code-title', { hasText: new RegExp(`^${file.replace(/\./g, '\\.')}$`) }).waitFor();
      }
      const panel = (await page.getByRole('tabpanel').textContent()) ?? '';
      assert.match(panel, /export const onRequestError = Sentry\.captureRequestError/);
      assert.match(panel, /replayIntegration\(\{ maskAllText: true, blockAllMedia: true \}\)/);
      assert.ok(panel.includes(dsn), 'snippets carry the DSN');
      await checkScreen('04-project-setup-nextjs');
      await page.getByRole('tab', { name: 'Browser' }).click();
      await page.getByText("import * as Sentry from '@sentry/browser';").waitFor();
    });

    it('receives real @sentry/node events and lists them with counts and sparklines', async () => {
      await runSdkApp(CHECKOUT_APP, { DSN: dsn, RELEASE: 'checkout@2.3.0', ENVIRONMENT: 'production' });
      await runSdkApp(CHECKOUT_APP, { DSN: dsn, RELEASE: 'checkout@2.4.0', ENVIRONMENT: 'staging' });
      await eventually(async () => (await issuesJson('')).length === 3 && (await issuesJson('PaymentGatewayError'))[0]?.count === '2', 'three issues from the SDK');
      await page.getByRole('link', { name: 'Projects' }).click();
      await page.getByText('events in 24 h').waitFor();
      assert.match((await page.locator('.project-stats').textContent()) ?? '', /6\s*events in 24 h/);
      await checkScreen('05-projects');
      await page.getByRole('link', { name: 'Issues', exact: true }).first().click();
      await page.waitForURL(/\/issues\/$/);
      await page.locator('.issue-row').nth(2).waitFor();
      assert.equal(await page.locator('.issue-row').count(), 3);
      await checkScreen('06-issues');
    });

    it('suggests search keys and values, and finds the issue by search (the URL keeps the query)', async () => {
      await page.keyboard.press('/');
      const search = page.getByRole('combobox', { name: 'Search issues' });
      assert.ok(await search.evaluate((el) => el === document.activeElement), '/ focuses the search bar');
      await search.fill('is:unresolved lev');
      await page.getByRole('option', { name: 'level:' }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('option', { name: 'level:error' }).waitFor();
      await page.getByRole('option', { name: 'level:warning' }).waitFor();
      await search.fill('is:unresolved env');
      await page.getByRole('option', { name: 'environment:' }).click();
      await page.getByRole('option', { name: 'environment:staging' }).waitFor();
      await checkScreen('07-issues-search-suggestions');
      await search.fill('is:unresolved PaymentGateway');
      await search.press('Enter');
      await page.waitForURL(/query=is%3Aunresolved\+PaymentGateway/);
      await eventually(async () => (await page.locator('.issue-row').count()) === 1, 'one matching issue');
      assert.match((await page.locator('.issue-row .issue-title').textContent()) ?? '', /PaymentGatewayError: charge failed for cart c-1\d/);
      // The URL is the state: Back returns to the unfiltered list.
      await page.goBack();
      await eventually(async () => (await page.locator('.issue-row').count()) === 3, 'back to three issues');
      await page.goForward();
      await eventually(async () => (await page.locator('.issue-row').count()) === 1, 'forward to one issue');
    });

    it('opens the issue with j and Enter and shows the exception chain with in-app frames open', async () => {
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('j');
      assert.match((await page.evaluate(() => document.activeElement?.textContent)) ?? '', /PaymentGatewayError/);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/issues\/\d+\/$/);
      issueUrl = page.url();
      await page.getByRole('heading', { level: 1, name: /PaymentGatewayError/ }).waitFor();
      const exceptions = page.locator('.exception');
      await exceptions.first().waitFor();
      assert.equal(await exceptions.count(), 2, 'primary exception and its cause');
      assert.match((await exceptions.nth(0).locator('.exception-title').textContent()) ?? '', /^PaymentGatewayError: charge failed/);
      assert.match((await exceptions.nth(1).textContent()) ?? '', /Caused by\s*SyntaxError/);
      // The most recent in-app frame is open and shows the throwing line highlighted.
      const top = exceptions.nth(0).locator('.frame-app').first();
      assert.match((await top.locator('summary').textContent()) ?? '', /checkout-app\.mjs in chargeCard at line \d+/);
      assert.ok(await top.locator('details').evaluate((d) => (d as HTMLDetailsElement).open), 'in-app frame is expanded');
      assert.match((await top.locator('li.is-current').textContent()) ?? '', /throw new PaymentGatewayError/);
      // Library frames are folded away until asked for.
      const fold = exceptions.nth(0).locator('.frame-fold button');
      assert.match((await fold.first().textContent()) ?? '', /Show \d+ library frames/);
      assert.equal(await exceptions.nth(0).locator('.frame-lib').count(), 0);
      await fold.first().click();
      assert.ok((await exceptions.nth(0).locator('.frame-lib').count()) > 0);
      assert.equal(await exceptions.nth(0).locator('.frame-lib details').first().evaluate((d) => (d as HTMLDetailsElement).open), false, 'library frames stay collapsed');
      await checkScreen('08-issue-detail');
      await page.getByRole('button', { name: 'Raw', exact: true }).click();
      assert.match((await page.locator('.exception').first().locator('pre').textContent()) ?? '', /^PaymentGatewayError: charge failed for cart c-1\d\n\s+at chargeCard \(/);
      await page.getByRole('button', { name: 'Raw', exact: true }).click();
    });

    it('shows breadcrumbs as a filterable timeline, and the request, user, contexts, tags and release', async () => {
      const crumbs = page.locator('.crumb');
      assert.ok((await crumbs.count()) >= 4);
      assert.ok(((await page.locator('.crumbs').textContent()) ?? '').includes('card declined by issuer, retrying'));
      await page.getByLabel('Filter breadcrumbs').fill('SELECT');
      await eventually(async () => (await crumbs.count()) === 1, 'one breadcrumb after filtering');
      assert.match((await crumbs.first().textContent()) ?? '', /db\.query.*SELECT \* FROM carts/);
      await page.getByLabel('Filter breadcrumbs').fill('');
      await page.getByLabel('Breadcrumb level').selectOption('warning');
      await eventually(async () => (await crumbs.count()) === 1, 'one warning breadcrumb');
      assert.match((await crumbs.first().textContent()) ?? '', /payment/);
      await page.getByLabel('Breadcrumb level').selectOption('');

      const text = (await page.locator('.event-panel').textContent()) ?? '';
      assert.ok(text.includes('https://shop.example.com/api/checkout?cart=c-19&step=pay'), 'request URL');
      assert.ok(text.includes('grace@example.com'), 'user');
      assert.ok(/Runtime\s*node v\d+/.test(text), 'runtime context');
      assert.ok(/Operating system/.test(text), 'os context');
      assert.ok(text.includes('checkout@2.4.0') && text.includes('staging'), 'release and environment of the latest event');
      assert.match(text, /sentry\.javascript\.node \d+\.\d+/);
      const side = (await page.locator('.issue-side').textContent()) ?? '';
      assert.match(side, /environment · 2 values/);
      assert.match(side, /production\s*50%/);
      // First and last seen carry their releases.
      const stats = (await page.locator('.issue-stats').textContent()) ?? '';
      assert.match(stats, /First seen.*in checkout@2\.3\.0/);
      assert.match(stats, /Last seen.*in checkout@2\.4\.0/);
    });

    it('navigates oldest / next / latest events and shows the events and tags tabs', async () => {
      await page.getByRole('link', { name: 'Oldest event' }).click();
      await page.waitForURL(/\/events\/oldest\/$/);
      await page.getByRole('button', { name: 'Previous event' }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Previous event' }).isDisabled());
      assert.ok(((await page.locator('.event-panel').textContent()) ?? '').includes('checkout@2.3.0'));
      await page.getByRole('link', { name: 'Next event' }).click();
      await page.waitForURL(/\/events\/[0-9a-f]{32}\/$/);
      await page.getByRole('button', { name: 'Next event' }).waitFor();
      await page.getByRole('link', { name: /^Events/ }).click();
      await page.getByRole('table').waitFor();
      assert.equal(await page.locator('tbody tr').count(), 2);
      assert.match((await page.locator('tbody').textContent()) ?? '', /checkout@2\.4\.0.*staging/s);
      await checkScreen('09-issue-events');
      await page.getByRole('link', { name: 'Tags', exact: true }).click();
      await page.getByRole('heading', { name: /^release/ }).waitFor();
      await checkScreen('10-issue-tags');
    });

    it('resolves the issue; it leaves the unresolved list and the activity says who did it', async () => {
      await page.goto(issueUrl);
      await page.getByRole('button', { name: 'Resolve', exact: true }).click();
      await page.locator('.issue-badges .status-resolved').waitFor();
      await page.getByRole('button', { name: 'Unresolve' }).waitFor();
      await page.getByRole('link', { name: /^Activity/ }).click();
      await page.getByText(`${EMAIL} marked this issue as resolved`).waitFor();
      await checkScreen('11-issue-activity');
      await page.goto(`${server.url}/issues/`);
      await eventually(async () => (await page.locator('.issue-row').count()) === 2, 'two unresolved issues left');
      assert.ok(!((await page.locator('.issue-list').textContent()) ?? '').includes('PaymentGatewayError'));
      await page.getByLabel('Status').selectOption('resolved');
      await page.waitForURL(/query=is%3Aresolved/);
      await eventually(async () => (await page.locator('.issue-row').count()) === 1, 'one resolved issue');
      assert.match((await page.locator('.issue-row').textContent()) ?? '', /PaymentGatewayError/);
    });

    it('bulk-ignores the remaining issues and shows the empty state', async () => {
      await page.goto(`${server.url}/issues/`);
      await eventually(async () => (await page.locator('.issue-row').count()) === 2, 'two unresolved issues');
      await page.getByLabel('Select all issues on this page').check();
      await page.getByRole('button', { name: 'Ignore' }).click();
      await page.getByText('No unresolved issues').waitFor();
      assert.equal((await issuesJson('is:ignored')).length, 2);
      await checkScreen('12-issues-empty');
      await page.getByLabel('Status').selectOption('ignored');
      await eventually(async () => (await page.locator('.issue-row').count()) === 2, 'two ignored issues');
      await page.getByLabel('Select all issues on this page').check();
      await page.getByRole('button', { name: 'Unresolve' }).click();
      await eventually(async () => (await page.locator('.issue-row').count()) === 0, 'ignored list emptied');
      assert.equal((await issuesJson('is:unresolved')).length, 2);
    });

    it('works at 390 px wide and in the dark theme', async () => {
      for (const [label, opts] of [
        ['mobile', { width: 390 }],
        ['dark', { width: 1280, dark: true }],
        ['mobile-dark', { width: 390, dark: true }],
      ] as const) {
        const c = await newContext(browser, opts);
        await c.addCookies(await ctx.cookies());
        const p = await c.newPage();
        const errs = watchErrors(p);
        await p.goto(`${server.url}/issues/?query=`);
        await p.locator('.issue-row').first().waitFor();
        assert.equal(await p.locator('.issue-row').count(), 3, 'an empty query lists every status');
        const overflowList = await horizontalOverflow(p);
        await checkScreen(`13-issues-${label}`, p);
        assert.equal(overflowList, '', `${label}: issues list fits the width`);
        await p.goto(issueUrl);
        await p.locator('.exception').first().waitFor();
        const overflowIssue = await horizontalOverflow(p);
        await checkScreen(`14-issue-${label}`, p);
        assert.equal(overflowIssue, '', `${label}: issue page fits the width`);
        await p.goto(`${server.url}/projects/checkout/`);
        await p.getByTestId('dsn').waitFor();
        const overflowSetup = await horizontalOverflow(p);
        await checkScreen(`15-project-setup-${label}`, p);
        assert.equal(overflowSetup, '', `${label}: setup page fits the width`);
        assert.deepEqual(errs, []);
        await c.close();
      }
    });

    it('has no uncaught errors in the page', () => {
      assert.deepEqual(errors, []);
    });
  });
}
