/**
 * The Ghost-Greeter dashboard (examples/dashboard: Next.js 16, @sentry/nextjs 11 set up as the project page's
 * Next.js snippet, the widget with @faultline/reporter) against a real Faultline: `npm ci` if needed, one
 * `next build` whose withSentryConfig uploads the source maps to Faultline (and deletes them from the build),
 * `next start`, Chromium clicking through every error source; then everything is read back through the API.
 *
 * One build serves SQLite and PostgreSQL at once: the DSN (compiled into the bundles) and the upload URL point at a
 * relay that sends every request to a SQLite and a PostgreSQL Faultline holding the same projects and keys, so each
 * assertion runs against both stores. The relay can also be taken down, which makes Faultline unreachable to the
 * built app. Seed row 10 (no DSN) needs a build of its own, without upload: the second describe.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { StackFrame } from '@faultline/protocol';
import { createProject, ensureDefaults, type KeyRow } from '@faultline/store';
import { dsnOf } from '@faultline/server';
import { freePort } from '../../scripts/free-port.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type Dialect, type TestServer } from '../helpers/test-server.ts';
import { filesUnder, storedText, whereStored } from '../helpers/stored-text.ts';
import { launchChromium } from '../sourcemaps/helpers/browser.ts';
import { buildDashboard, installDashboardDeps, startDashboard, type RunningDashboard } from './helpers/dashboard-app.ts';
import { DASHBOARD_DIR } from './helpers/dashboard-sentry-files.ts';
import { startRelay, type SwitchableRelay } from './helpers/switchable-relay.ts';

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

/** Routes a call and invites an agent (the email and password ride in the query): both API routes answer 500. */
async function routeAndInvite(page: Page): Promise<void> {
  await page.click('#route-call');
  await page.locator('#status', { hasText: 'route: 500' }).waitFor();
  await page.fill('#invite-email', EMAIL);
  await page.fill('#invite-password', PASSWORD);
  await page.click('#invite-agent');
  await page.locator('#status', { hasText: 'invite: 500' }).waitFor();
}

/** An envelope POST whose bytes contain `text`. */
function isEnvelopeWith(req: Request, text: string): boolean {
  return req.url().includes('/envelope/') && (req.postDataBuffer() ?? Buffer.alloc(0)).includes(text);
}

describe('Ghost-Greeter dashboard: Next.js with @sentry/nextjs, built and run against Faultline on SQLite and PostgreSQL', () => {
  const servers = {} as Record<Dialect, TestServer>;
  /** The DSNs and the upload URL point here: it feeds both Faultlines, and can make them unreachable. */
  let relay: SwitchableRelay;
  let app: RunningDashboard;
  let browser: Browser;
  let context: BrowserContext;
  let buildOutput = '';
  let traceId = '';
  let statsPort = 0;
  const chunkUrls: string[] = [];
  const project = { dashboard: 'dashboard', widget: 'widget' };

  /** Reading one Faultline's answers. */
  const readerOf = (t: TestServer) => {
    const issuesOf = async (slug: string): Promise<Issue[]> => {
      await waitForDigest(t);
      return (await t.api<Issue[]>(`/api/0/projects/faultline/${slug}/issues/?query=&statsPeriod=14d`)).body;
    };
    return {
      issuesOf,
      issue: (prefix: string, slug = project.dashboard) =>
        waitFor(async () => (await issuesOf(slug)).find((i) => i.title.startsWith(prefix)), `an issue "${prefix}…" in ${slug}`, 30_000),
      latest: async (issueId: string) => (await t.api<StoredEvent>(`/api/0/issues/${issueId}/events/latest/`)).body,
    };
  };
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
    page.waitForResponse((r) => r.url().startsWith(relay.url) && isEnvelopeWith(r.request(), text), { timeout: 30_000 });

  before(async () => {
    for (const dialect of DIALECTS) servers[dialect] = await startTestServer(dialect);
    const [t, mirror] = [servers.sqlite, servers.postgres];
    relay = await startRelay(t.url, { url: mirror.url, token: mirror.token, primaryToken: t.token });
    const keys: Record<string, string> = {};
    for (const [slug, platform] of [[project.dashboard, 'javascript-nextjs'], [project.widget, 'javascript']] as const) {
      let first: { id: number; key: KeyRow } | undefined;
      for (const dialect of DIALECTS) {
        const { db } = servers[dialect].server.app;
        const { org, team } = await ensureDefaults(db);
        // The same DSN must name the same project on both stores: same key, same project ID.
        const pair = first && { publicKey: first.key.public_key, secretKey: first.key.secret_key };
        const { project: p, key } = await createProject(db, { orgId: org.id, teamId: team.id, slug, platform, ...(pair ? { key: pair } : {}) });
        if (first) assert.equal(p.id, first.id, `${slug} has the same ID on ${dialect}`);
        first ??= { id: p.id, key };
      }
      keys[slug] = dsnOf(relay.url, first!.key);
    }
    statsPort = await freePort(); // nothing listens there: the "live stats" fetch fails as a network error
    const env = {
      NEXT_PUBLIC_SENTRY_DSN: keys[project.dashboard]!,
      NEXT_PUBLIC_WIDGET_DSN: keys[project.widget]!,
      NEXT_PUBLIC_STATS_URL: `http://127.0.0.1:${statsPort}/stats`,
      SENTRY_URL: `${relay.url}/`,
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
    await routeAndInvite(page);
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
    await relay?.close();
    for (const t of Object.values(servers)) await t.close();
  });

  for (const dialect of DIALECTS) {
    describe(`read back from the ${dialect} store`, () => {
      let t: TestServer;
      let issuesOf: ReturnType<typeof readerOf>['issuesOf'];
      let issue: ReturnType<typeof readerOf>['issue'];
      let latest: ReturnType<typeof readerOf>['latest'];
      before(() => {
        t = servers[dialect];
        ({ issuesOf, issue, latest } = readerOf(t));
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
        // Every cell of every table (compressed ones inflated) and, on SQLite, every byte of the data dir.
        const stored = await storedText(t);
        for (const secret of [PASSWORD, EMAIL, encodeURIComponent(EMAIL)]) {
          assert.ok(!text.includes(secret), `${secret} is not in the event`);
          assert.deepEqual(whereStored(stored, secret), [], `${secret} is stored nowhere`);
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
  }

  it('drops what the browser SDK cannot deliver while Faultline is unreachable, counts it, and sends again once it is back', async () => {
    // The example's client config uses the SDK's default fetch transport, which neither queues nor retries
    // (only makeBrowserOfflineTransport would): an error captured during the outage is lost, and the SDK says so
    // in a client report (`network_error`) once it can reach Faultline again.
    const seen = await Promise.all(DIALECTS.map(async (d) => {
      const r = readerOf(servers[d]);
      return { d, r, click: await r.issue("TypeError: Cannot read properties of null (reading 'name')"), queue: await r.issue('Error: Queue refresh failed') };
    }));
    const page = await context.newPage();
    await page.goto(app.url);
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    await relay.down();
    const refused = page.waitForEvent('requestfailed', { predicate: (r) => r.url().startsWith(relay.url) && isEnvelopeWith(r, "reading 'name'"), timeout: 30_000 });
    await page.click('#accept-call');
    await refused;
    await relay.up();
    await clickAndReport(page, 'refresh-queue', 'Queue refresh failed');
    // The SDK sends its client report when the page is hidden (a tab switch, leaving). Headless Chromium never hides
    // a page, so the test says it is hidden, as the browser would, and lets the SDK's own listener run.
    const report = envelopeSent(page, '"network_error"');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    assert.equal((await report).status(), 200);
    await page.close();

    for (const { d, r, click, queue } of seen) {
      const t = servers[d];
      await waitFor(async () => (await r.issuesOf(project.dashboard)).find((i) => i.id === queue.id)?.count === '2', `the error sent after the outage (${d})`);
      const count = (await r.issuesOf(project.dashboard)).find((i) => i.id === click.id)!.count;
      assert.equal(count, '1', `the error captured during the outage was neither queued nor retried (${d})`);
      const discarded = await waitFor(async () => {
        await t.server.app.outcomes.flush();
        const res = await t.api<{ groups: Array<{ by: Record<string, string>; totals: Record<string, number> }> }>(
          '/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=reason&groupBy=category&statsPeriod=1d',
        );
        return res.body.groups.find((g) => g.by.reason === 'network_error' && g.by.category === 'error')?.totals['sum(quantity)'];
      }, `the client report of the lost error (${d})`);
      assert.equal(discarded, 1, d);
    }
  });

  it('fed both stores alike: the PostgreSQL Faultline answered every request as the SQLite one did', () => {
    assert.deepEqual(relay.mirrorMismatches, []);
  });
});

describe('Ghost-Greeter dashboard built without a DSN (seed row 10): works unchanged and sends nothing', () => {
  let app: RunningDashboard;
  let browser: Browser;
  let statsUrl = '';

  before(async () => {
    // The DSN is compiled into the bundles, so this is a build of its own: no DSN, no Faultline, no upload token.
    statsUrl = `http://127.0.0.1:${await freePort()}/stats`;
    const env = { NEXT_PUBLIC_SENTRY_DSN: '', NEXT_PUBLIC_WIDGET_DSN: '', NEXT_PUBLIC_STATS_URL: statsUrl, SENTRY_AUTH_TOKEN: '', SENTRY_URL: '', SENTRY_ORG: '', SENTRY_PROJECT: '' };
    await installDashboardDeps();
    await buildDashboard(env);
    app = await startDashboard(await freePort(), env);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('runs every error source as without Sentry: the page keeps working, no request leaves the app', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'gg_agent', value: 'agent-7', url: app.url }]);
    const page = await context.newPage();
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith(statsUrl)) elsewhere.push(r.url());
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.url);
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    for (const [id, text] of [['accept-call', "reading 'name'"], ['refresh-queue', 'Queue refresh failed'], ['widget-greet', 'no agent online']] as const) {
      const thrown = page.waitForEvent('pageerror', { predicate: (e) => e.message.includes(text) });
      await page.click(`#${id}`);
      await thrown;
    }
    await routeAndInvite(page);
    assert.equal((await page.goto(`${app.url}/reports`))?.status(), 500, 'the server component fails as it would without Sentry');
    await context.addCookies([{ name: 'gg_session', value: 'forged.session.token', url: app.url }]);
    assert.equal((await page.goto(`${app.url}/admin`))?.status(), 500, 'the middleware fails as it would without Sentry');
    await page.goto(app.url);
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    assert.deepEqual(elsewhere, [], 'no request to anywhere but the app (and its stats URL)');
    assert.ok(pageErrors.length >= 3, 'the errors surfaced in the browser as uncaught, as they would without Sentry');
    const calls = await fetch(`${app.url}/api/calls`);
    assert.equal(calls.status, 200, 'the server survived its errors');
    // Without an upload token withSentryConfig uploads nothing, and leaves no map for visitors either.
    assert.deepEqual(filesUnder(join(DASHBOARD_DIR, '.next', 'static')).filter((f) => f.endsWith('.map')), []);
    await context.close();
  });
});
