/**
 * Who may see what, and the session's edges: a member cannot open another team's project or issue (the UI shows
 * "not found" and the API answers 404), an expired session goes to login and back to where the user was, login is
 * rate-limited, cookie-authenticated writes need the CSRF token, and the cookie carries the right flags.
 */
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIRequestContext, Browser } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import { CHECKOUT_APP, ensureWebBuilt, eventually, launchChromium, newContext, runSdkApp, screenshot, seriousA11yViolations, startUiServer, UI_DIALECTS } from './helpers/ui-harness.ts';

interface Issue {
  id: string;
  title: string;
  project: { slug: string };
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: access control and sessions (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let admin: APIRequestContext;
    let csrf = '';
    let widgetIssue: Issue;

    const write = (method: 'post' | 'put', path: string, data: unknown) => admin[method](`${server.url}/api/0${path}`, { data, headers: { 'x-csrftoken': csrf } });

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const ctx = await newContext(browser);
      admin = ctx.request;
      const setup = await admin.post(`${server.url}/api/0/auth/setup/`, { data: { email: 'admin@example.com', password: 'admin password 1' } });
      csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
      // Two teams, a project each; the member belongs to the default team only.
      assert.equal((await write('post', '/organizations/faultline/teams/', { name: 'Widget' })).status(), 201);
      assert.equal((await write('post', '/teams/faultline/default/projects/', { name: 'Checkout' })).status(), 201);
      assert.equal((await write('post', '/teams/faultline/widget/projects/', { name: 'Widget App' })).status(), 201);
      assert.equal(
        (await write('post', '/organizations/faultline/members/', { email: 'member@example.com', password: 'member password 1', role: 'member', teams: ['default'] })).status(),
        201,
      );
      for (const slug of ['checkout', 'widget-app']) {
        const keys = (await (await admin.get(`${server.url}/api/0/projects/faultline/${slug}/keys/`)).json()) as Array<{ dsn: { public: string } }>;
        await runSdkApp(CHECKOUT_APP, { DSN: keys[0]!.dsn.public, RELEASE: `${slug}@1.0.0` });
      }
      const all = await eventually(async () => {
        const list = (await (await admin.get(`${server.url}/api/0/organizations/faultline/issues/?query=`)).json()) as Issue[];
        return list.length === 6 ? list : undefined;
      }, 'issues in both projects');
      widgetIssue = all.find((i) => i.project.slug === 'widget-app')!;
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const signIn = async (email: string, password: string, width = 1280) => {
      const ctx = await newContext(browser, { width });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/issues/`);
      await page.waitForURL(/\/login\/\?next=%2Fissues%2F$/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/issues\/$/);
      return { ctx, page };
    };

    it('a member sees only their team’s projects and issues; another team’s project is refused by UI and API', async () => {
      const { ctx, page } = await signIn('member@example.com', 'member password 1');
      await page.getByRole('link', { name: 'Projects' }).click();
      await page.locator('.project-card').first().waitFor();
      assert.deepEqual(await page.locator('.project-name').allTextContents(), ['Checkout']);
      await page.goto(`${server.url}/issues/?query=`);
      await eventually(async () => (await page.locator('.issue-row').count()) === 3, "the member's three issues");
      assert.ok(!((await page.locator('.issue-list').textContent()) ?? '').includes('WIDGET-APP'));

      await page.goto(`${server.url}/projects/widget-app/`);
      await page.getByRole('alert').getByText('Not found').waitFor();
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '30-member-other-team-project');
      assert.deepEqual(violations, []);
      await page.goto(`${server.url}/issues/${widgetIssue.id}/`);
      await page.getByRole('alert').getByText('Not found').waitFor();
      await page.goto(`${server.url}/projects/widget-app/keys/`);
      await page.getByRole('alert').getByText('Not found').waitFor();

      const api = (path: string) => ctx.request.get(`${server.url}/api/0${path}`).then((r) => r.status());
      assert.equal(await api('/projects/faultline/widget-app/'), 404);
      assert.equal(await api('/projects/faultline/widget-app/keys/'), 404);
      assert.equal(await api('/projects/faultline/widget-app/issues/'), 404);
      assert.equal(await api(`/issues/${widgetIssue.id}/`), 404);
      assert.equal(await api(`/issues/${widgetIssue.id}/events/latest/`), 404);
      assert.equal(await api('/projects/faultline/checkout/'), 200);
      // Bulk writes skip what the member cannot see, and member-management is for admins.
      const memberCsrf = ((await (await ctx.request.get(`${server.url}/api/0/auth/`)).json()) as { csrfToken: string }).csrfToken;
      const bulk = await ctx.request.put(`${server.url}/api/0/organizations/faultline/issues/?id=${widgetIssue.id}`, { data: { status: 'resolved' }, headers: { 'x-csrftoken': memberCsrf } });
      assert.equal(bulk.status(), 404);
      const invite = await ctx.request.post(`${server.url}/api/0/organizations/faultline/members/`, {
        data: { email: 'x@example.com', password: 'whatever123' },
        headers: { 'x-csrftoken': memberCsrf },
      });
      assert.equal(invite.status(), 403);
      await page.goto(`${server.url}/settings/members/`);
      await page.locator('.member').first().waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Add a member' }).count(), 0, 'members get a read-only list');
      await ctx.close();
    });

    it('an expired session goes to login, then back to where the user was', async () => {
      const { ctx, page } = await signIn('admin@example.com', 'admin password 1');
      await page.goto(`${server.url}/issues/?query=is%3Aunresolved+PaymentGateway&sort=freq`);
      await page.locator('.issue-row').first().waitFor();
      await server.app.db.run('DELETE FROM user_sessions');
      await page.getByLabel('Sort by').selectOption('new');
      await page.waitForURL(/\/login\/\?next=/);
      await page.getByText('Your session expired').waitFor();
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '31-login-session-expired');
      assert.deepEqual(violations, []);
      await page.getByLabel('Email').fill('admin@example.com');
      await page.getByLabel('Password').fill('admin password 1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/issues\/\?query=is%3Aunresolved\+PaymentGateway&sort=new$/);
      await eventually(async () => (await page.locator('.issue-row').count()) === 2, 'the filtered list again');
      await ctx.close();
    });

    it('signs out from the UI and the session stops working', async () => {
      const { ctx, page } = await signIn('admin@example.com', 'admin password 1', 390);
      const sid = (await ctx.cookies()).find((c) => c.name === 'faultline_session')!.value;
      const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname === '/api/0/auth/');
      await page.getByRole('button', { name: 'Sign out' }).click();
      assert.equal((await deleted).status(), 204, 'the server ended the session');
      await page.waitForURL(/\/login\/$/);
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '32-login-mobile');
      assert.deepEqual(violations, []);
      const me = await fetch(`${server.url}/api/0/organizations/`, { headers: { cookie: `faultline_session=${sid}` } });
      assert.equal(me.status, 401);
      await ctx.close();
    });

    it('a sign-out the server refuses says so and keeps the user signed in', async () => {
      const { ctx, page } = await signIn('admin@example.com', 'admin password 1', 390);
      const sid = (await ctx.cookies()).find((c) => c.name === 'faultline_session')!.value;
      // The server now expects another CSRF token for this session, so it answers the UI's DELETE with 403.
      await server.app.db.run('UPDATE user_sessions SET csrf_token = ? WHERE id = ?', ['rotated', createHash('sha256').update(sid).digest('hex')]);
      const refused = page.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname === '/api/0/auth/');
      await page.getByRole('button', { name: 'Sign out' }).click();
      assert.equal((await refused).status(), 403);
      await page.getByRole('alert').getByText('Sign-out failed, you are still signed in').waitFor();
      assert.match(new URL(page.url()).pathname, /^\/issues\/$/);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '33-signout-refused-mobile');
      assert.deepEqual(violations, []);
      const me = await fetch(`${server.url}/api/0/organizations/`, { headers: { cookie: `faultline_session=${sid}` } });
      assert.equal(me.status, 200, 'the session still works, as the UI says');
      await ctx.close();
    });

    it('rate-limits login attempts per account', async () => {
      const login = (email: string, password: string) =>
        fetch(`${server.url}/api/0/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      for (let i = 0; i < 10; i++) assert.equal((await login('admin@example.com', `wrong ${i}`)).status, 401);
      const limited = await login('admin@example.com', 'admin password 1');
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal((await login('member@example.com', 'member password 1')).status, 200, 'another email is not limited');
    });

    it('refuses cookie-authenticated writes without the CSRF token; sets the cookie flags; closes setup', async () => {
      const res = await fetch(`${server.url}/api/0/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: 'member@example.com', password: 'member password 1' }),
      });
      const cookie = res.headers.get('set-cookie')!;
      assert.match(cookie, /^faultline_session=[\w-]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+; Secure$/);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const session = cookie.split(';')[0]!;
      const put = (headers: Record<string, string>) =>
        fetch(`${server.url}/api/0/organizations/faultline/issues/?id=1`, { method: 'PUT', headers: { cookie: session, 'content-type': 'application/json', ...headers }, body: '{"status":"resolved"}' });
      assert.equal((await put({})).status, 403);
      assert.equal((await put({ 'x-csrftoken': 'forged' })).status, 403);
      assert.equal((await put({ 'x-csrftoken': csrfToken })).status, 200);
      const plain = await fetch(`${server.url}/api/0/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'member@example.com', password: 'member password 1' }),
      });
      assert.ok(!/Secure/.test(plain.headers.get('set-cookie')!), 'no Secure flag over plain http');
      const form = await fetch(`${server.url}/api/0/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' });
      assert.equal(form.status, 415, 'a cross-site form post cannot log anyone in');
      const again = await fetch(`${server.url}/api/0/auth/setup/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'evil@example.com', password: 'evil password' }) });
      assert.equal(again.status, 409);
    });

    it('serves the UI with an SPA fallback, long-cached assets, and JSON 404s under /api/', async () => {
      const deep = await fetch(`${server.url}/issues/123/events/latest/`);
      assert.equal(deep.status, 200);
      assert.match(deep.headers.get('content-type')!, /text\/html/);
      assert.match(deep.headers.get('content-security-policy')!, /script-src 'self'/);
      const html = await deep.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const js = await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(js.status, 200);
      assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal((await fetch(`${server.url}/assets/missing-123.js`)).status, 404);
      const api404 = await fetch(`${server.url}/api/0/nope/`);
      assert.equal(api404.status, 404);
      assert.match(api404.headers.get('content-type')!, /application\/json/);
      // Encoded dot-dot segments stay inside the UI folder: the repository's package.json is never served.
      const traversal = await fetch(`${server.url}/..%2f..%2f..%2fpackage.json`);
      assert.equal(traversal.status, 404);
      assert.ok(!(await traversal.text()).includes('workspaces'));
      assert.equal((await fetch(`${server.url}/%E0%A4%A`)).status, 400, 'a malformed escape is a 400, not a crash');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    });
  });
}
