/**
 * The Ghost-Greeter dashboard (examples/dashboard: Next.js 16, @sentry/nextjs 11 set up as the project page's
 * Next.js snippet, the widget with @faultline/reporter) against a real Faultline: `npm ci` if needed, one
 * `next build` whose withSentryConfig uploads the source maps to Faultline (and deletes them from the build),
 * `next start`, Chromium clicking through every error source; then everything is read back through the API.
 *
 * SQLite only: a production build takes a minute or more here, and every scenario runs against the one build
 * (the DSN is compiled into the browser bundle, so a second Faultline would need a second build). The store's
 * behaviour on PostgreSQL is covered by the suites each row of examples/README.md names beside this one.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StackFrame } from '@faultline/protocol';
import { createProject, ensureDefaults } from '@faultline/store';
import { dsnOf } from '@faultline/server';
import { freePort } from '../../scripts/free-port.ts';
import { startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { filesUnder } from '../helpers/stored-text.ts';
import { launchChromium } from '../sourcemaps/helpers/browser.ts';
import { buildDashboard, installDashboardDeps, startDashboard, type RunningDashboard } from './helpers/dashboard-app.ts';
import { DASHBOARD_DIR } from './helpers/dashboard-sentry-files.ts';

const RELEASE = 'dashboard@1.4.0';
const PASSWORD = 'hunter2-Gh0st';
const EMAIL = 'jane.visitor@example.com';

interface Issue {
  id: string;
  title: string;
  count: string;
  culprit: string;
}

interface Breadcrumb {
  category?: string;
  message?: string;
  data?: Record<string, unknown>;
}

interface StoredEvent {
  id: string;
  eventID: string;
  environment?: string;
  release?: { version: string } | null;
  user?: { id?: string } | null;
  contexts: Record<string, Record<string, unknown>>;
  tags: Array<{ key: string; value: string }>;
  errors: Array<Record<string, unknown>>;
  entries: Array<{ type: string; data: Record<string, unknown> }>;
}

describe('Ghost-Greeter dashboard: Next.js with @sentry/nextjs, built and run against Faultline (sqlite)', () => {
  let t: TestServer;
  let app: RunningDashboard;
  let browser: Browser;
  let context: BrowserContext;
  let buildOutput = '';
  let traceId = '';
  let statsPort = 0;
  const chunkUrls: string[] = [];
  const project = { dashboard: 'dashboard', widget: 'widget' };

  const issuesOf = async (slug: string): Promise<Issue[]> => {
    await waitForDigest(t);
    return (await t.api<Issue[]>(`/api/0/projects/faultline/${slug}/issues/?query=&statsPeriod=14d`)).body;
  };
  const issue = (prefix: string, slug = project.dashboard) =>
    waitFor(async () => (await issuesOf(slug)).find((i) => i.title.startsWith(prefix)), `an issue "${prefix}…" in ${slug}`, 30_000);
  const latest = async (issueId: string) => (await t.api<StoredEvent>(`/api/0/issues/${issueId}/events/latest/`)).body;
  const entry = (ev: StoredEvent, type: string) => ev.entries.find((e) => e.type === type)?.data;
  const frames = (ev: StoredEvent): StackFrame[] => {
    const values = entry(ev, 'exception')!.values as Array<{ stacktrace?: { frames: StackFrame[] } }>;
    return values[values.length - 1]!.stacktrace!.frames;
  };
  const tag = (ev: StoredEvent, key: string) => ev.tags.find((x) => x.key === key)?.value;

  /** Clicks `#id` and waits until the dashboard's SDK has delivered an envelope that mentions `text`. */
  async function clickAndReport(page: Page, id: string, text: string): Promise<void> {
    const sent = envelopeSent(page, text);
    await page.click(`#${id}`);
    assert.equal((await sent).status(), 200);
  }
  /** The response to the first envelope sent to Faultline from now on whose bytes contain `text`. */
  const envelopeSent = (page: Page, text: string) =>
    page.waitForResponse((r) => r.url().startsWith(t.url) && r.url().includes('/envelope/') && (r.request().postDataBuffer() ?? Buffer.alloc(0)).includes(text), { timeout: 30_000 });

  before(async () => {
    t = await startTestServer('sqlite');
    const { db } = t.server.app;
    const { org, team } = await ensureDefaults(db);
    const keys: Record<string, string> = {};
    for (const [slug, platform] of [[project.dashboard, 'javascript-nextjs'], [project.widget, 'javascript']] as const) {
      const { key } = await createProject(db, { orgId: org.id, teamId: team.id, slug, platform });
      keys[slug] = dsnOf(t.url, key);
    }
    statsPort = await freePort(); // nothing listens there: the "live stats" fetch fails as a network error
    const env = {
      NEXT_PUBLIC_SENTRY_DSN: keys[project.dashboard]!,
      NEXT_PUBLIC_WIDGET_DSN: keys[project.widget]!,
      NEXT_PUBLIC_STATS_URL: `http://127.0.0.1:${statsPort}/stats`,
      SENTRY_URL: `${t.url}/`,
      SENTRY_ORG: 'faultline',
      SENTRY_PROJECT: project.dashboard,
      SENTRY_AUTH_TOKEN: t.token,
      SENTRY_RELEASE: RELEASE,
    };
    await installDashboardDeps();
    buildOutput = (await buildDashboard(env)).output;
    app = await startDashboard(await freePort(), env);
    browser = await launchChromium();
    context = await browser.newContext();
    await context.addCookies([{ name: 'gg_agent', value: 'agent-7', url: app.url }]);

    const page = await context.newPage();
    page.on('response', (r) => {
      if (r.url().startsWith(`${app.url}/_next/static/`) && r.url().endsWith('.js')) chunkUrls.push(r.url());
    });
    // The page load's trace continues into GET /api/calls (the fetch carries sentry-trace).
    const callsRequest = page.waitForRequest((r) => r.url() === `${app.url}/api/calls` && r.method() === 'GET');
    const pageloadSent = envelopeSent(page, '"pageload"');
    await page.goto(app.url);
    traceId = (await (await callsRequest).headerValue('sentry-trace'))?.split('-')[0] ?? '';
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    await pageloadSent;

    // The first error sends the replay buffered so far (replaysOnErrorSampleRate: 1.0).
    const replaySent = envelopeSent(page, '"replay_event"');
    await clickAndReport(page, 'accept-call', "reading 'name'");
    await clickAndReport(page, 'refresh-queue', 'Queue refresh failed');
    await clickAndReport(page, 'live-stats', 'Failed to fetch');
    await clickAndReport(page, 'start-call', 'RTCPeerConnection');
    const widgetSent = page.waitForResponse((r) => r.url().includes(`/api/${keys[project.widget]!.split('/').pop()}/envelope/`), { timeout: 20_000 });
    await clickAndReport(page, 'widget-greet', 'no agent online');
    await widgetSent;
    await page.click('#route-call');
    await page.locator('#status', { hasText: 'route: 500' }).waitFor();
    await page.fill('#invite-email', EMAIL);
    await page.fill('#invite-password', PASSWORD);
    await page.click('#invite-agent');
    await page.locator('#status', { hasText: 'invite: 500' }).waitFor();
    await replaySent;
    await page.goto(`${app.url}/reports`);
    await context.addCookies([{ name: 'gg_session', value: 'forged.session.token', url: app.url }]);
    await page.goto(`${app.url}/admin`);
    await page.close();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    await t?.close();
  });

  it('uploads the source maps while building and deletes them from the build; visitors get none', async () => {
    const bundles = await t.api<Array<{ bundleId: string; fileCount: number }>>(`/api/0/projects/faultline/${project.dashboard}/files/artifact-bundles/`);
    assert.equal(bundles.status, 200);
    assert.ok(bundles.body.length >= 1 && bundles.body.some((b) => b.fileCount > 0), `artifact bundles: ${JSON.stringify(bundles.body)}\n${buildOutput}`);
    const maps = filesUnder(join(DASHBOARD_DIR, '.next', 'static')).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, [], 'no source map left in .next/static');
    assert.ok(chunkUrls.length > 3, 'the page loaded its chunks');
    for (const url of chunkUrls) {
      const js = await (await fetch(url)).text();
      assert.doesNotMatch(js, /sourceMappingURL=\S+\.map/, `${url} points at no map`);
      assert.equal((await fetch(`${url}.map`)).status, 404, `${url}.map is not served`);
    }
  });

  it('groups each error source into its own issue, once each, with the titles Sentry would give', async () => {
    const wanted = [
      "TypeError: Cannot read properties of null (reading 'name')",
      'Error: Queue refresh failed: HTTP 503',
      `TypeError: Failed to fetch (127.0.0.1:${statsPort})`,
      "InvalidAccessError: Failed to construct 'RTCPeerConnection'",
      'Error: Widget: no agent online to greet the visitor',
      'Error: Call routing failed: no agent available in queue "sales"',
      'Error: Invite failed: [email] is already an agent',
      'Error: Report query failed: call_stats view is missing',
      'Error: Auth middleware: cannot verify session token (20 chars)',
    ];
    for (const w of wanted) await issue(w);
    const issues = await issuesOf(project.dashboard);
    for (const w of wanted) {
      const found = issues.filter((i) => i.title.startsWith(w));
      assert.equal(found.length, 1, `one issue "${w}": ${JSON.stringify(issues.map((i) => i.title))}`);
      assert.equal(found[0]!.count, '1', `"${w}" counted once`);
    }
    assert.equal(issues.length, wanted.length, `no other issue: ${JSON.stringify(issues.map((i) => i.title))}`);
  });

  it('resolves the click error through debug IDs to the original TSX: file, line and context', async () => {
    const ev = await latest((await issue("TypeError: Cannot read properties of null (reading 'name')")).id);
    assert.deepEqual(ev.errors, [], 'no processing errors');
    const fs = frames(ev);
    const top = fs[fs.length - 1]!;
    assert.match(String(top.filename), /app\/call-panel\.tsx$/);
    // Turbopack's maps record no `names` for this app's code: the name comes from the minified file's scopes.
    assert.equal(top.function, 'formatCaller', `the original function name (minified: ${String(top.raw?.function)})`);
    assert.notEqual(top.raw?.function, 'formatCaller', 'the bundle really is minified');
    assert.equal(top.lineno, 13);
    assert.equal(top.context_line, '  return call.visitor!.name.toUpperCase();');
    assert.deepEqual(top.pre_context?.slice(-2), ['', 'function formatCaller(call: Call): string {']);
    assert.equal(top.post_context?.[0], '}');
    assert.equal(top.in_app, true);
    assert.equal(top.symbolicated, true);
    assert.match(String(top.raw?.abs_path), /\/_next\/static\/chunks\/.+\.js$/, 'the minified location is kept');
    const react = fs.filter((f) => String(f.filename).includes('/node_modules/'));
    assert.ok(react.length > 0 && react.every((f) => f.in_app === false && f.symbolicated), 'React DOM frames resolved, not in-app');
    const handler = fs[fs.length - 2]!;
    assert.match(String(handler.filename), /app\/call-panel\.tsx$/);
    assert.equal(handler.lineno, 49);
    assert.match(String(handler.context_line), /formatCaller\(calls\[0\]!\)/);
  });

  it('resolves the rejection, the network error and the WebRTC failure to their TSX lines too', async () => {
    const cases: Array<[string, RegExp, RegExp]> = [
      ['Error: Queue refresh failed', /app\/call-panel\.tsx$/, /throw new Error\(`Queue refresh failed/],
      ["InvalidAccessError: Failed to construct 'RTCPeerConnection'", /app\/start-call\.ts$/, /new RTCPeerConnection\(/],
    ];
    for (const [title, file, line] of cases) {
      const fs = frames(await latest((await issue(title)).id));
      const own = fs.filter((f) => file.test(String(f.filename)));
      assert.ok(own.length > 0, `${title}: a frame in ${file}: ${JSON.stringify(fs.map((f) => f.filename))}`);
      assert.match(String(own[own.length - 1]!.context_line), line);
    }
    const net = await latest((await issue('TypeError: Failed to fetch')).id);
    const crumbs = (entry(net, 'breadcrumbs')!.values as Breadcrumb[]).filter((b) => b.category === 'fetch');
    assert.ok(
      crumbs.some((b) => String(b.data?.url).includes('/stats') && b.data?.method === 'GET'),
      `the failed request is a breadcrumb: ${JSON.stringify(crumbs)}`,
    );
  });

  it('keeps the breadcrumbs, user, environment and release of a browser error', async () => {
    const ev = await latest((await issue("TypeError: Cannot read properties of null (reading 'name')")).id);
    const crumbs = entry(ev, 'breadcrumbs')!.values as Breadcrumb[];
    assert.ok(crumbs.some((b) => b.category === 'ui.click' && String(b.message).includes('#accept-call')), `the click: ${JSON.stringify(crumbs)}`);
    assert.ok(crumbs.some((b) => b.category === 'fetch' && String(b.data?.url).endsWith('/api/calls') && b.data?.status_code === 200), 'the queue fetch');
    assert.equal(ev.user?.id, 'agent-7');
    assert.equal(ev.environment, 'production');
    assert.equal(ev.release?.version, RELEASE);
    assert.match(String(tag(ev, 'browser.name')), /Chrome/);
  });

  it('reports the API route and the server component with the request, the Node.js runtime and the agent', async () => {
    for (const [title, method, path] of [
      ['Error: Call routing failed', 'POST', '/api/calls'],
      ['Error: Report query failed', 'GET', '/reports'],
    ] as const) {
      const ev = await latest((await issue(title)).id);
      const req = entry(ev, 'request')!;
      assert.equal(req.method, method, title);
      assert.equal(new URL(String(req.url)).pathname, path, title);
      assert.equal(ev.contexts.runtime?.name, 'node', title);
      assert.equal(ev.user?.id, 'agent-7', title);
      assert.equal(ev.environment, 'production', title);
      assert.equal(ev.release?.version, RELEASE, title);
    }
  });

  it('reports the auth middleware error from the edge runtime, with its request and agent', async () => {
    const ev = await latest((await issue('Error: Auth middleware')).id);
    const req = entry(ev, 'request')!;
    assert.equal(req.method, 'GET');
    assert.equal((req.headers as Record<string, string>).host, new URL(app.url).host);
    assert.equal(req.cookies, '[Filtered]', 'the session cookie is not kept');
    assert.equal(ev.contexts.nextjs?.request_path, '/admin');
    assert.equal(ev.contexts.nextjs?.route_type, 'proxy');
    assert.equal(ev.contexts.runtime?.name, 'vercel-edge');
    assert.equal(ev.user?.id, 'agent-7');
    assert.equal(ev.environment, 'production');
  });

  it('puts the widget error, and nothing of the host page, in the widget project', async () => {
    const widgetIssues = await waitFor(async () => {
      const list = await issuesOf(project.widget);
      return list.length > 0 && list;
    }, 'the widget issue');
    assert.deepEqual(widgetIssues.map((i) => [i.title, i.count]), [['Error: Widget: no agent online to greet the visitor', '1']]);
    const ev = await latest(widgetIssues[0]!.id);
    assert.equal(ev.release?.version, 'widget@2.1.0');
    const crumbs = entry(ev, 'breadcrumbs')!.values as Breadcrumb[];
    assert.ok(crumbs.some((b) => b.category === 'ui.click' && String(b.message).includes('widget-greet')), JSON.stringify(crumbs));
  });

  it('stores the password and the email address nowhere: not in an API answer, not in a byte of the data dir', async () => {
    const ev = await latest((await issue('Error: Invite failed:')).id);
    const text = JSON.stringify(ev);
    assert.match(String(entry(ev, 'request')!.url ?? '') + text, /\/api\/invite/, 'the invite error arrived');
    for (const secret of [PASSWORD, EMAIL, encodeURIComponent(EMAIL)]) {
      assert.ok(!text.includes(secret), `${secret} is not in the event`);
      for (const file of filesUnder(t.dataDir).filter((f) => !/queue/.test(f))) {
        assert.ok(!readFileSync(file).includes(secret), `${secret} is not in ${file}`);
      }
    }
  });

  it('links the replay to the click error and can play it back', async () => {
    const click = await latest((await issue("TypeError: Cannot read properties of null (reading 'name')")).id);
    const replay = await waitFor(async () => {
      const r = await t.api<{ data: Array<{ id: string; error_ids: string[] }> }>('/api/0/organizations/faultline/replays/');
      return r.body.data.find((x) => x.error_ids.includes(click.eventID));
    }, 'a replay naming the click error');
    const segments = await t.api<unknown[][]>(`/api/0/projects/faultline/${project.dashboard}/replays/${replay.id}/recording-segments/?download`);
    assert.equal(segments.status, 200);
    const events = segments.body.flat() as Array<{ type: number }>;
    assert.ok(events.some((e) => e.type === 2), 'a full DOM snapshot to play from');
    assert.ok(!JSON.stringify(segments.body).includes('Accept the first call'), 'text is masked');
  });

  it('follows one trace from the browser page load into the API route\'s server span', async () => {
    assert.match(traceId, /^[0-9a-f]{32}$/);
    const trace = await waitFor(async () => {
      const r = await t.api<{ transactions: Array<Record<string, unknown> & { children: Array<Record<string, unknown>> }> }>(`/api/0/organizations/faultline/trace/${traceId}/`);
      const root = r.body.transactions?.find((x) => x['transaction.op'] === 'pageload');
      return root?.children.some((c) => c['transaction.op'] === 'http.server') && root;
    }, 'the page load with the API route under it');
    const server = trace.children.find((c) => c['transaction.op'] === 'http.server')!;
    assert.equal(server.transaction, 'GET /api/calls');
    assert.equal(server.project_slug, project.dashboard);
  });
});
