/**
 * Events from other languages' SDKs in a real browser: a Go message's stack (sent in `threads`) shows as a stack
 * trace, a Python frame's locals read as the reprs Python sent (not JSON-quoted again), and the installed packages
 * are listed. Screens checked with axe-core and saved under artifacts/screenshots.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { adminWithProject, ensureWebBuilt, eventually, launchChromium, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

const run = promisify(execFile);
const clients = fileURLToPath(new URL('../compat/clients/', import.meta.url));

interface Issue {
  id: string;
  title: string;
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: events from Python and Go (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let api: APIRequestContext;
    let page: Page;
    let issues: Issue[];

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Billing', platform: 'python' });
      api = admin.api;
      const dsn = admin.dsn;
      await run('/usr/bin/python3', [`${clients}python_client.py`], { env: { ...process.env, DSN: dsn } });
      await run('go', ['run', `${clients}go_client.go`], {
        env: { ...process.env, DSN: dsn, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: '/tmp/faultline-gocache' },
      });
      issues = await eventually(async () => {
        const list = (await (await api.get(`${server.url}/api/0/organizations/faultline/issues/?query=`)).json()) as Issue[];
        return list.length === 4 ? list : undefined;
      }, 'four issues');
      page = await admin.ctx.newPage();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const open = async (title: RegExp, shot: string) => {
      const issue = issues.find((i) => title.test(i.title))!;
      assert.ok(issue, `an issue matching ${title}`);
      await page.goto(`${server.url}/issues/${issue.id}/`);
      await page.locator('.event-panel').waitFor();
      await page.locator('[role=status] .spinner').first().waitFor({ state: 'detached' });
      const violations = await seriousA11yViolations(page);
      await screenshot(page, shot);
      assert.deepEqual(violations, [], `axe on ${shot}`);
    };

    it("a Go message's stack from threads is shown as its stack trace", async () => {
      await open(/^peer count above threshold$/, '80-go-message-threads');
      const section = page.getByRole('region', { name: 'Stack trace' });
      await section.waitFor();
      assert.match((await section.textContent()) ?? '', /go_client\.go/);
      assert.match((await section.textContent()) ?? '', /current/);
    });

    it("a Python frame's locals read as Python's reprs, and the installed packages are listed", async () => {
      await open(/^RuntimeError: charge failed/, '81-python-locals');
      const vars = page.getByLabel('Local variables of charge').first();
      await vars.waitFor();
      const text = (await vars.textContent()) ?? '';
      assert.match(text, /order_id'ord-1001'/, text);
      assert.ok(!text.includes('"\'ord-1001\'"'), 'not JSON-quoted a second time');
      await page.getByText(/^Installed packages \(\d+\)$/).click();
      assert.match((await page.getByLabel('Installed packages').textContent()) ?? '', /sentry-sdk1\.9\.10/);
    });

    it("searches by the user's email, and an unknown key shows the server's reason instead of an empty list", async () => {
      await page.goto(`${server.url}/issues/?query=${encodeURIComponent('user.email:ada@example.com')}`);
      await eventually(async () => (await page.locator('.issue-row').count()) === 2, 'the two issues of ada@example.com');
      await page.goto(`${server.url}/issues/?query=${encodeURIComponent('is:unresolved colour:blue')}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      assert.match(text, /This search cannot run/);
      assert.match(text, /unknown search key "colour"/);
      assert.equal(await alert.getByRole('button', { name: 'Try again' }).count(), 0, 'the same query would fail again');
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '82-issues-unknown-search-key');
      assert.deepEqual(violations, []);
    });

    it("a Python project's release page tells how the Python SDK names a release, and asks for no source maps", async () => {
      await page.goto(`${server.url}/releases/${encodeURIComponent('billing@2.0.0')}/`);
      const health = page.getByRole('region', { name: 'Release health' });
      await health.getByText('No sessions named this release in the last 90 days.').waitFor();
      const text = (await health.textContent()) ?? '';
      assert.match(text, /sentry_sdk\.init\(/);
      assert.match(text, /release="billing@2\.0\.0"/);
      assert.ok(!text.includes('Sentry.init({'), 'not the JavaScript init');
      await page.getByRole('region', { name: /^Commits/ }).getByText('sentry-cli releases set-commits --auto billing@2.0.0').waitFor();
      assert.equal(await page.getByRole('heading', { name: /Upload source maps|Artifact bundles/ }).count(), 0, 'no source-map sections');
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '83-python-release-instructions');
      assert.deepEqual(violations, []);
    });
  });
}
