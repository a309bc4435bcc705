/**
 * Settings in a real browser: project keys (a disabled key is refused at ingest, rotation issues a new DSN),
 * a project's error retention, members and teams, API tokens (shown once, last use recorded, revocation is immediate; the
 * CLI's instance tokens listed and revocable too), and alerts (a rule made
 * in the form fires for a new issue; its notification and attempt are listed).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHttpReceiver } from '../alerts/helpers/http-receiver.ts';
import { ensureWebBuilt, eventually, horizontalOverflow, launchChromium, newContext, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS, watchErrors } from './helpers/ui-harness.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../packages/cli/bin/faultline.js', import.meta.url));

for (const dialect of UI_DIALECTS) {
  describe(`web UI: settings (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];

    const checkScreen = async (name: string) => {
      await page.locator('[role=status] .spinner').first().waitFor({ state: 'detached' });
      const violations = await seriousA11yViolations(page);
      await screenshot(page, name);
      assert.deepEqual(violations, [], `axe on ${name}`);
    };
    /** Sends one event straight to the store endpoint, as an SDK would; returns the HTTP status ingest answers. */
    const ingest = async (dsn: string) => {
      const u = new URL(dsn);
      const res = await fetch(`${u.protocol}//${u.host}/api${u.pathname}/store/?sentry_key=${u.username}&sentry_version=7`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'key check', level: 'info', platform: 'node' }),
      });
      await res.arrayBuffer();
      return res.status;
    };

    before(async () => {
      ensureWebBuilt();
      // The webhook receiver listens on loopback, which alert notifications refuse unless allowed.
      server = await startUiServer(['--alert-allow-hosts', '127.0.0.1'], dialect);
      browser = await launchChromium();
      ctx = await newContext(browser);
      page = await ctx.newPage();
      errors = watchErrors(page);
      // Setup through the API with the browser's own cookie jar, then create a project from the UI's API.
      const auth = await ctx.request.post(`${server.url}/api/0/auth/setup/`, { data: { email: 'admin@example.com', password: 'admin password 1' } });
      assert.equal(auth.status(), 200);
      const { csrfToken } = (await auth.json()) as { csrfToken: string };
      const created = await ctx.request.post(`${server.url}/api/0/teams/faultline/default/projects/`, { data: { name: 'Dashboard' }, headers: { 'x-csrftoken': csrfToken } });
      assert.equal(created.status(), 201);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('disables, enables and rotates a project key; ingest refuses a disabled key', async () => {
      await page.goto(`${server.url}/settings/`);
      await page.waitForURL(/\/settings\/members\/$/);
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL(/\/projects\/dashboard\/keys\/$/);
      const card = page.locator('.key-card').first();
      const dsn = (await card.locator('.dsn').textContent())!;
      assert.equal(await ingest(dsn), 200);
      await checkScreen('20-settings-keys');

      await card.getByRole('button', { name: 'Disable' }).click();
      await card.getByText('disabled', { exact: true }).waitFor();
      assert.equal(await eventually(async () => ((await ingest(dsn)) === 403 ? 403 : undefined), 'ingest to refuse the disabled key'), 403);
      await card.getByRole('button', { name: 'Enable' }).click();
      await card.getByText('active', { exact: true }).waitFor();
      assert.equal(await eventually(async () => ((await ingest(dsn)) === 200 ? 200 : undefined), 'ingest to accept the key again'), 200);

      await card.getByRole('button', { name: 'Rotate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rotate Default?' });
      await dialog.waitFor();
      await checkScreen('21-settings-keys-rotate-dialog');
      await dialog.getByRole('button', { name: 'Rotate key' }).click();
      await eventually(async () => (await page.locator('.key-card').count()) === 2, 'a second key');
      const active = page.locator('.key-card:not(.is-disabled) .dsn');
      const fresh = (await active.textContent())!;
      assert.notEqual(fresh, dsn);
      assert.equal(await eventually(async () => ((await ingest(dsn)) === 403 ? 403 : undefined), 'the rotated-out key to be refused'), 403);
      assert.equal(await ingest(fresh), 200);
    });

    it("sets a project's error retention in days, refuses 0, and goes back to the server default", async () => {
      await page.goto(`${server.url}/projects/dashboard/keys/`);
      await page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Retention' }).click();
      await page.waitForURL(/\/projects\/dashboard\/retention\/$/);
      const form = page.getByRole('form', { name: 'Error retention' });
      await form.getByText("Kept for the server's default").waitFor();
      await checkScreen('27-settings-retention');
      const days = form.getByLabel(/Days to keep error events/);
      await days.fill('0');
      assert.equal(await days.evaluate((el) => (el as HTMLInputElement).checkValidity()), false, 'the browser refuses 0 days before sending');
      await days.fill('7');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText('Kept for 7 days.').waitFor();
      const project = await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/`);
      assert.equal(((await project.json()) as { retentionDays: number | null }).retentionDays, 7);
      await days.fill('');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText("Kept for the server's default").waitFor();

      // The project's own disk budget, in MB; below the API's 64 KiB the browser refuses it before sending.
      const budget = page.getByRole('form', { name: 'Disk budget' });
      const mb = budget.getByLabel(/Disk budget in MB/);
      const maxDiskBytes = async () => ((await (await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/`)).json()) as { maxDiskBytes: number | null }).maxDiskBytes;
      await mb.fill('0.01');
      assert.equal(await mb.evaluate((el) => (el as HTMLInputElement).checkValidity()), false);
      await mb.fill('0.07');
      await budget.getByRole('button', { name: 'Save' }).click();
      await budget.getByText('Holds at most 0.07 MB').waitFor();
      assert.equal(await maxDiskBytes(), 70_000);
      await mb.fill('500');
      await budget.getByRole('button', { name: 'Save' }).click();
      await budget.getByText('Holds at most 500 MB').waitFor();
      assert.equal(await maxDiskBytes(), 500_000_000);
      await mb.fill('');
      await budget.getByRole('button', { name: 'Save' }).click();
      await budget.getByText('No disk budget of its own').waitFor();
      assert.equal(await maxDiskBytes(), null);
    });

    it('switches inbound filters and saves their patterns and allowed domains; a localhost event is then filtered', async () => {
      await page.goto(`${server.url}/projects/dashboard/keys/`);
      const dsn = (await page.locator('.key-card:not(.is-disabled) .dsn').first().textContent())!;
      await page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Filters' }).click();
      await page.waitForURL(/\/projects\/dashboard\/filters\/$/);
      const switches = page.getByRole('region', { name: 'Filters' });
      const localhost = switches.getByRole('checkbox', { name: /events coming from localhost/ });
      await localhost.waitFor();
      assert.equal(await localhost.isChecked(), false, 'off by default');
      await checkScreen('180-settings-filters');
      await localhost.click();
      const filterList = async () => (await (await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/filters/`)).json()) as Array<{ id: string; active: boolean }>;
      await eventually(async () => (await filterList()).find((f) => f.id === 'localhost')?.active === true, 'the localhost filter to be on');
      await eventually(() => localhost.isChecked(), 'the switch to show it on');

      const form = page.getByRole('form', { name: 'Patterns and allowed domains' });
      await form.getByLabel(/Error messages to drop/).fill('NoiseError: *\n*ResizeObserver loop*');
      await form.getByLabel(/Releases to drop/).fill('*-beta*');
      await form.getByLabel(/Allowed domains/).fill('*.example.com\nlocalhost');
      await form.getByRole('button', { name: 'Save' }).click();
      const saved = async () => (await (await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/`)).json()) as { options: Record<string, string>; allowedDomains: string[] };
      await eventually(async () => (await saved()).options['filters:releases'] === '*-beta*', 'the patterns to be saved');
      assert.deepEqual(await saved(), { ...(await saved()), options: { 'filters:error_messages': 'NoiseError: *\n*ResizeObserver loop*', 'filters:releases': '*-beta*' }, allowedDomains: ['*.example.com', 'localhost'] });
      // A bad pattern list is refused with the API's reason, and nothing of it is saved.
      await form.getByLabel(/Releases to drop/).fill('x'.repeat(600));
      await form.getByRole('button', { name: 'Save' }).click();
      await form.locator('.form-error').waitFor();
      assert.equal((await saved()).options['filters:releases'], '*-beta*');

      // The filter works: an event from a localhost page is not stored, one filtered outcome is counted.
      const u = new URL(dsn);
      const send = await fetch(`${u.protocol}//${u.host}/api${u.pathname}/store/?sentry_key=${u.username}&sentry_version=7`, {
        method: 'POST',
        body: JSON.stringify({ message: 'from my laptop', level: 'error', platform: 'javascript', request: { url: 'http://localhost:3000/' } }),
      });
      assert.equal(send.status, 200);
      const filtered = async () => {
        await server.app.outcomes.flush();
        const r = await ctx.request.get(`${server.url}/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=reason&statsPeriod=1d`);
        const body = (await r.json()) as { groups: Array<{ by: { outcome: string; reason: string }; totals: Record<string, number> }> };
        return body.groups.find((g) => g.by.outcome === 'filtered' && g.by.reason === 'localhost')?.totals['sum(quantity)'];
      };
      assert.equal(await eventually(filtered, 'the filtered outcome'), 1);
      await localhost.click();
      await eventually(async () => (await filterList()).find((f) => f.id === 'localhost')?.active === false, 'the localhost filter to be off');
      await form.getByLabel(/Releases to drop/).fill('');
      await form.getByLabel(/Error messages to drop/).fill('');
      await form.getByLabel(/Allowed domains/).fill('*');
      await form.getByRole('button', { name: 'Save' }).click();
      await eventually(async () => (await saved()).allowedDomains[0] === '*', 'the defaults back');
    });

    it('saves fingerprint rules on the Grouping tab; a rule that does not parse shows its line and is not saved', async () => {
      await page.goto(`${server.url}/projects/dashboard/keys/`);
      await page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Grouping' }).click();
      await page.waitForURL(/\/projects\/dashboard\/grouping\/$/);
      const form = page.getByRole('form', { name: 'Fingerprint rules' });
      const rules = form.getByLabel('Fingerprint rules');
      const stored = async () => ((await (await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/`)).json()) as { fingerprintingRules: string }).fingerprintingRules;
      await rules.fill('type:PaymentDeclined -> payments\nfunktion:charge -> charge');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText('fingerprintingRules line 2: unknown matcher "funktion"', { exact: false }).waitFor();
      assert.equal(await stored(), '');
      await checkScreen('182-settings-grouping-error');
      const good = 'type:PaymentDeclined -> payments, {{ tags.region }}\nmessage:"disk full*" -> disk-full title="Disk full"';
      await rules.fill(good);
      await form.getByRole('button', { name: 'Save' }).click();
      await eventually(async () => (await stored()) === good, 'the rules saved');
      await page.reload();
      assert.equal(await page.getByRole('form', { name: 'Fingerprint rules' }).getByLabel('Fingerprint rules').inputValue(), good, 'the saved rules load back');
    });

    it('adds a member with a team, changes their role, and creates a team', async () => {
      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('heading', { name: 'Add a member' }).waitFor();
      await checkScreen('22-settings-members');
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a member' }) });
      await form.getByLabel('Email').fill('grace@example.com');
      await form.getByLabel('Name').fill('Grace Hopper');
      await form.getByLabel('First password').fill('member password 1');
      await form.getByLabel('Role').selectOption('member');
      await form.getByRole('button', { name: 'Add member' }).click();
      const row = page.locator('.member', { hasText: 'grace@example.com' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /member.*Default/);
      await row.getByRole('button', { name: 'Edit grace@example.com' }).click();
      await row.getByLabel('Role').selectOption('admin');
      await row.getByRole('button', { name: 'Save' }).click();
      await row.locator('.role-admin').waitFor();

      await page.getByLabel('New team').fill('Widget');
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.locator('.team-list', { hasText: 'Widget' }).waitFor();
      const members = await (await ctx.request.get(`${server.url}/api/0/organizations/faultline/members/`)).json();
      assert.deepEqual(
        (members as Array<{ email: string; role: string; teams: string[] }>).map((m) => [m.email, m.role, m.teams]),
        [
          ['admin@example.com', 'admin', ['default']],
          ['grace@example.com', 'admin', ['default']],
        ],
      );
    });

    it('creates an API token shown once, records its last use, and revokes it', async () => {
      await page.getByRole('link', { name: 'API tokens' }).click();
      await page.getByText('No tokens yet').waitFor();
      await page.getByLabel('Token name').fill('CI source maps');
      await page.getByRole('button', { name: 'Create token' }).click();
      const token = (await page.getByTestId('new-token').textContent())!.trim();
      assert.match(token, /^sntryu_[0-9a-f]{64}$/);
      const row = page.locator('tbody tr', { hasText: 'CI source maps' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /never/);
      await checkScreen('23-settings-tokens');

      const call = () => fetch(`${server.url}/api/0/organizations/`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      assert.equal(await call(), 200);
      await eventually(async () => {
        await page.reload();
        await row.waitFor();
        return !/never/.test((await row.textContent()) ?? '');
      }, 'last used to be recorded');
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('No tokens yet').waitFor();
      assert.equal(await call(), 401);
    });

    it('lists a token made with `faultline token create` and revokes it from the page; the CLI no longer lists it', async () => {
      const { dataDir, databaseUrl } = server.app.config;
      const cli = (args: string[]) => run(process.execPath, [CLI, 'token', ...args, '--data-dir', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])]);
      const made = await cli(['create', '--name', 'deploy bot', '--scopes', 'project:releases,org:read']);
      const token = made.stdout.trim();
      const call = () => fetch(`${server.url}/api/0/organizations/`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      assert.equal(await call(), 200);
      await page.goto(`${server.url}/settings/tokens/`);
      const row = page.locator('tbody tr', { hasText: 'deploy bot' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /instance token \(CLI\)/);
      assert.match((await row.textContent()) ?? '', /project:releases/);
      await checkScreen('27-settings-tokens-cli');
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('No tokens yet').waitFor();
      assert.equal(await call(), 401);
      assert.ok(!(await cli(['list'])).stdout.includes('deploy bot'));
    });

    it('alerts: creates a webhook rule in the form; its notification and attempt show up', async () => {
      const rx = await startHttpReceiver();
      try {
        await page.goto(`${server.url}/projects/dashboard/keys/`);
        await page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Alerts' }).click();
        await page.waitForURL(/\/projects\/dashboard\/alerts\/$/);
        await page.getByText('No alert rules').waitFor();
        await checkScreen('60-settings-alerts-empty');

        await page.getByRole('link', { name: 'New alert rule' }).click();
        const form = page.getByRole('form', { name: 'New alert rule' });
        await form.getByLabel('Name').fill('New issues to the hook');
        assert.equal(await form.getByLabel('A new issue is created').isChecked(), true);
        await form.getByRole('button', { name: 'Remove Email' }).click();
        await form.getByRole('button', { name: '+ Webhook' }).click();
        await form.getByLabel('URL').fill(`${rx.url}/hook`);
        await checkScreen('61-settings-alert-rule-form');
        await form.getByRole('button', { name: 'Create rule' }).click();
        await page.waitForURL(/\/projects\/dashboard\/alerts\/$/);
        const card = page.locator('.rule-card', { hasText: 'New issues to the hook' });
        await card.getByText(/When a new issue or a resolved issue comes back → call 127\.0\.0\.1/).waitFor();

        const keys = (await (await ctx.request.get(`${server.url}/api/0/projects/faultline/dashboard/keys/`)).json()) as Array<{ isActive: boolean; dsn: { public: string } }>;
        const u = new URL(keys.find((k) => k.isActive)!.dsn.public);
        const sent = await fetch(`${u.protocol}//${u.host}/api${u.pathname}/store/?sentry_key=${u.username}&sentry_version=7`, {
          method: 'POST',
          body: JSON.stringify({ message: 'Alert me', level: 'error', platform: 'node' }),
        });
        assert.equal(sent.status, 200);
        await eventually(async () => rx.requests.length === 1, 'the webhook call');
        const delivery = page.locator('.delivery', { hasText: 'Webhook' });
        await eventually(async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return (await delivery.locator('.status').textContent().catch(() => null)) === 'sent';
        }, 'the delivery to show as sent');
        await delivery.locator('summary .status').click();
        await delivery.getByRole('cell', { name: 'delivered' }).waitFor();
        await checkScreen('62-settings-alerts-delivered');
      } finally {
        await rx.close();
      }
    });

    it('fits 390 px wide (and the dark theme passes axe) on every settings screen', async () => {
      const c = await newContext(browser, { width: 390, dark: true });
      await c.addCookies(await ctx.cookies());
      const p = await c.newPage();
      for (const [path, name, ready] of [
        ['/projects/dashboard/keys/', '24-settings-keys-mobile-dark', '.key-card'],
        ['/settings/members/', '25-settings-members-mobile-dark', '.member'],
        ['/settings/tokens/', '26-settings-tokens-mobile-dark', 'form'],
        ['/projects/dashboard/retention/', '28-settings-retention-mobile-dark', 'form'],
        ['/projects/dashboard/filters/', '181-settings-filters-mobile-dark', '.filter-switch'],
        ['/projects/dashboard/grouping/', '183-settings-grouping-mobile-dark', 'textarea'],
        ['/projects/dashboard/alerts/', '63-settings-alerts-mobile-dark', '.rule-card'],
        ['/projects/dashboard/alerts/new/', '64-settings-alert-rule-mobile-dark', '.alert-form'],
      ] as const) {
        await p.goto(`${server.url}${path}`);
        await p.locator(ready).first().waitFor();
        const overflow = await horizontalOverflow(p);
        const violations = await seriousA11yViolations(p);
        await screenshot(p, name);
        assert.equal(overflow, '', `${path} fits 390 px`);
        assert.deepEqual(violations, [], `axe on ${name}`);
      }
      await c.close();
    });

    it('has no uncaught errors in the page', () => {
      assert.deepEqual(errors, []);
    });
  });
}
