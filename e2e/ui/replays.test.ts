/**
 * Session replay in the UI, in Chromium, from a real @sentry/browser session (the replay site: masked text, an
 * input, an image; click, type, navigate, throw): the Replays list shows it with the API's user, URL, errors and
 * browser, and filters by project and search; the replay page's rrweb player rebuilds the masked page in its
 * sandboxed iframe (no allow-scripts) under the UI's real CSP, plays, and its timeline shows the click, the
 * navigation and the error linking to its issue; a recording carrying `<script>` and `onerror=` payloads in text nodes,
 * attributes, a mutation and a breadcrumb plays without running any of them; the issue page counts the issue's
 * replays and opens the player at the issue's error; a replay's page deletes it after asking. axe, 390 px and dark
 * checked; screenshots 100–109.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { RunningServer } from '@faultline/server';
import type { StaticSite } from '../sourcemaps/helpers/browser.ts';
import { recordSession, SECRETS, startReplaySite, stopReplay } from '../helpers/replay-site.ts';
import { adminWithProject, ensureWebBuilt, eventually, horizontalOverflow, keepsScreenshots, launchChromium, newContext, screenshot, seriousA11yViolations, SHOTS, startUiServer, UI_DIALECTS, watchErrors, type ContextOptions } from './helpers/ui-harness.ts';

interface Replay {
  id: string;
  project_id: string;
  count_errors: number;
  count_segments: number;
  urls: string[];
}

for (const dialect of UI_DIALECTS) {
  describe(`web UI: replays (${dialect})`, () => {
    let server: RunningServer;
    let browser: Browser;
    let site: StaticSite;
    let api: APIRequestContext;
    let replay: Replay;
    let issueId = '';
    let dsn: URL;

    const signedIn = async (opts: ContextOptions = {}): Promise<BrowserContext> => {
      const ctx = await newContext(browser, opts);
      await ctx.addCookies((await api.storageState()).cookies);
      return ctx;
    };
    const getJson = async <T,>(path: string): Promise<T> => (await (await api.get(`${server.url}/api/0${path}`)).json()) as T;

    before(async () => {
      ensureWebBuilt();
      server = await startUiServer([], dialect);
      browser = await launchChromium();
      const admin = await adminWithProject(server, browser, { name: 'Greeter' });
      api = admin.api;
      dsn = new URL(admin.dsn);
      site = await startReplaySite(admin.dsn);
      const { page } = await recordSession(browser, site, server.url, 'session');
      replay = await eventually(async () => (await getJson<{ data: Replay[] }>('/organizations/faultline/replays/')).data.find((r) => r.count_errors >= 1), 'the replay with its error');
      await stopReplay(page);
      const issues = await eventually(async () => (await getJson<Array<{ id: string; title: string }>>(`/projects/faultline/${admin.slug}/issues/?query=`)).filter((i) => i.title.includes('Greeter crashed')), 'the error issue');
      issueId = issues[0]!.id;
      // Everything the SDK held is flushed: wait for the segments with the navigation and the request.
      await eventually(async () => {
        const segs = JSON.stringify(await getJson<unknown[][]>(`/projects/faultline/${admin.slug}/replays/${replay.id}/recording-segments/?download`));
        return segs.includes('navigation.push') && segs.includes('resource.fetch');
      }, 'the segments with the navigation and the request');
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

    /** The player's iframe once rrweb rebuilt the recorded page in it. */
    const playerFrame = async (page: Page): Promise<Frame> => {
      const iframe = page.getByTestId('replay-stage').locator('iframe');
      await iframe.waitFor();
      const frame = (await iframe.elementHandle())!.contentFrame();
      return (await frame)!;
    };

    /** Play from where the player is until its position moved, then pause. */
    const playAWhile = async (page: Page) => {
      const at = Number(await page.getByLabel('Position').inputValue());
      await page.getByRole('button', { name: 'Play' }).click();
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      await page.waitForFunction((from) => Number((document.querySelector('.replay-seek input') as HTMLInputElement).value) > from, at);
      await page.getByRole('button', { name: 'Pause' }).click();
    };

    for (const [name, opts] of [
      ['102-replay', {}],
      ['103-replay-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`plays the recorded page in a sandboxed player with the click, navigation and error on its timeline (${name})`, async () => {
        const ctx = await signedIn(opts);
        const page = await ctx.newPage();
        const errors = watchErrors(page);
        await page.goto(`${server.url}/replays/${replay.id}/`);
        const frame = await playerFrame(page);
        assert.equal(await page.getByTestId('replay-stage').locator('iframe').getAttribute('sandbox'), 'allow-same-origin', 'no allow-scripts');
        // The recorded page's DOM, rebuilt: its buttons and input are there, its text masked as the SDK sent it.
        await frame.locator('#open-call').waitFor({ state: 'attached' });
        assert.equal(await frame.locator('#note').count(), 1);
        const shown = (await frame.locator('body').textContent()) ?? '';
        assert.match(shown, /\*{4,}/, 'masked text');
        for (const secret of Object.values(SECRETS)) assert.ok(!shown.includes(secret), `"${secret}" is not in the player`);

        const timeline = page.getByRole('region', { name: 'Timeline' });
        const click = timeline.getByRole('listitem').filter({ has: page.getByText('Click', { exact: true }) }).filter({ hasText: 'open-call' });
        await click.first().waitFor();
        await timeline.getByRole('listitem').filter({ hasText: 'Navigation' }).filter({ hasText: '/calls/42' }).first().waitFor();
        const error = timeline.getByRole('listitem').filter({ has: page.getByText('Error', { exact: true }) });
        assert.equal(await error.count(), 1);
        assert.equal(await error.getByRole('link', { name: 'Error: Greeter crashed while greeting' }).getAttribute('href'), `/issues/${issueId}/`);
        const errorsCard = page.getByRole('region', { name: 'Errors in this replay' });
        assert.match((await errorsCard.getByRole('link').getAttribute('href')) ?? '', new RegExp(`^/issues/${issueId}/events/[0-9a-f]{32}/$`));

        // The console panel: the timeline filtered to console messages.
        await timeline.getByLabel('Show').selectOption('console');
        assert.deepEqual(await timeline.locator('.replay-item-detail').allTextContents(), ['call view opened']);
        await timeline.getByLabel('Show').selectOption('network');
        assert.deepEqual(await timeline.locator('.replay-item-label').allTextContents(), ['GET 404']);
        assert.match((await timeline.locator('.replay-item-detail').textContent()) ?? '', /\/calls\/42\/notes$/);
        await timeline.getByLabel('Show').selectOption('');

        // Seeking to the error marks it current; playing moves the position on.
        await error.getByRole('button').click();
        await page.waitForFunction(() => document.querySelector('.replay-item-error')?.getAttribute('aria-current') === 'step');
        const seek = page.getByLabel('Position');
        await seek.fill('0');
        await playAWhile(page);
        await page.getByLabel('Speed').selectOption('4');
        await page.getByLabel('Skip inactivity').uncheck();
        await page.evaluate(() => window.scrollTo(0, 0));

        const violations = await seriousA11yViolations(page);
        await screenshot(page, name);
        assert.deepEqual(violations, [], `axe on ${name}`);
        assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
        assert.deepEqual(errors, []);
        await ctx.close();
      });
    }

    it('plays under the UI\'s real CSP (no violations, rrweb styles allowed)', async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addCookies((await api.storageState()).cookies);
      const page = await ctx.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      const res = await page.goto(`${server.url}/replays/${replay.id}/`);
      assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self';/);
      const frame = await playerFrame(page);
      await frame.locator('#open-call').waitFor({ state: 'attached' });
      await playAWhile(page);
      assert.deepEqual(refused, []);
      await ctx.close();
    });

    for (const [name, cardShot, opts] of [
      ['105-issue-replays', '107-issue-replays-card', {}],
      ['106-issue-replays-mobile-dark', '108-issue-replays-card-mobile-dark', { width: 390, dark: true }],
    ] as const) {
      it(`the issue page counts its replays and opens the player at the issue's error (${name})`, async () => {
        const ctx = await signedIn(opts);
        const page = await ctx.newPage();
        const errors = watchErrors(page);
        await page.goto(`${server.url}/issues/${issueId}/`);
        const card = page.getByRole('region', { name: /^Replays/ });
        await card.getByRole('link').first().waitFor();
        assert.equal((await card.locator('.tab-count').textContent())?.trim(), '1');
        const link = card.getByRole('link', { name: 'agent@example.com' });
        assert.match((await link.getAttribute('href')) ?? '', new RegExp(`^/replays/${replay.id}/\\?error=[0-9a-f]{32}$`));
        const violations = await seriousA11yViolations(page);
        await screenshot(page, name);
        // The long issue page makes the card tiny in the full-page shot: the card alone too.
        if (keepsScreenshots(page)) await card.screenshot({ path: join(SHOTS, `${cardShot}.png`), animations: 'disabled' });
        assert.deepEqual(violations, [], `axe on ${name}`);
        assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
        await link.click();
        await playerFrame(page);
        // The player starts at the error: it is the timeline's current step and the position is past the start.
        await page.waitForFunction(() => document.querySelector('.replay-item-error')?.getAttribute('aria-current') === 'step');
        assert.ok(Number(await page.getByLabel('Position').inputValue()) > 0);
        assert.deepEqual(errors, []);
        await ctx.close();
      });
    }

    /** A hand-made recording whose page, mutation and breadcrumb carry script payloads, each setting `top.__pwned`. */
    const hostileRecording = (t0: number): unknown[] => {
      const run = (tag: string) => `top.__pwned=${JSON.stringify(tag)};alert(${JSON.stringify(tag)})`;
      const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
      const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
      const html = el(2, 'html', {}, [
        el(3, 'head', {}, [el(4, 'script', {}, [text(5, run('script element'))])]),
        el(6, 'body', { onload: run('body onload') }, [
          el(7, 'div', { id: 'xss-marker', title: `"><img src=x onerror="${run('attribute breakout')}">` }, [text(8, `<script>${run('text node')}</script><img src=x onerror="${run('text img')}">`)]),
          el(9, 'img', { src: '/nothing-here.png', onerror: run('img onerror') }),
          el(10, 'iframe', { srcdoc: `<script>${run('srcdoc')}</script>` }),
          el(11, 'a', { id: 'js-link', href: `javascript:${run('href')}` }, [text(12, 'link')]),
        ]),
      ]);
      return [
        { type: 4, timestamp: t0, data: { href: 'https://hostile.example/', width: 800, height: 500 } },
        { type: 2, timestamp: t0 + 1, data: { node: { type: 0, id: 1, childNodes: [{ type: 1, id: 13, name: 'html', publicId: '', systemId: '' }, html] }, initialOffset: { left: 0, top: 0 } } },
        // A mutation adding an element with a handler and another changing an attribute to one.
        { type: 3, timestamp: t0 + 200, data: { source: 0, texts: [], removes: [], attributes: [{ id: 9, attributes: { src: '/still-nothing.png', onerror: run('mutated onerror') } }], adds: [{ parentId: 6, nextId: null, node: el(14, 'img', { src: '/nope.png', onerror: run('added img') }) }] } },
        { type: 5, timestamp: t0 + 400, data: { tag: 'breadcrumb', payload: { timestamp: (t0 + 400) / 1000, type: 'default', category: 'console', level: 'log', message: `<img src=x onerror="${run('crumb')}">` } } },
        { type: 3, timestamp: t0 + 600, data: { source: 1, positions: [{ x: 10, y: 10, id: 7, timeOffset: 0 }] } },
      ];
    };

    /** Sends a replay of one segment (these rrweb events) through the envelope endpoint; resolves with its id once stored. */
    const sendOneSegmentReplay = async (t0: number, events: unknown[], email: string): Promise<string> => {
      const replayId = randomUUID().replaceAll('-', '');
      const header = JSON.stringify({ event_id: replayId, sent_at: new Date().toISOString() });
      const replayEvent = JSON.stringify({
        type: 'replay_event', replay_id: replayId, event_id: replayId, segment_id: 0, replay_type: 'session', platform: 'javascript',
        replay_start_timestamp: t0 / 1000, timestamp: (t0 + 600) / 1000, urls: ['https://hostile.example/'], error_ids: [], trace_ids: [],
        user: { email }, sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
      });
      const recording = `{"segment_id":0}\n${JSON.stringify(events)}`;
      const body = [header, JSON.stringify({ type: 'replay_event' }), replayEvent, JSON.stringify({ type: 'replay_recording', length: Buffer.byteLength(recording) }), recording].join('\n');
      const res = await api.post(`${server.url}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`, { data: body, headers: { 'content-type': 'application/x-sentry-envelope' } });
      assert.equal(res.status(), 200, await res.text());
      await eventually(async () => (await getJson<{ data: Replay[] }>('/organizations/faultline/replays/')).data.find((r) => r.id === replayId && r.count_segments === 1), `replay ${replayId} stored`);
      return replayId;
    };

    it('plays a recording with <script> and onerror= payloads without running any of them (104)', async () => {
      const t0 = Date.now() - 5_000;
      const replayId = await sendOneSegmentReplay(t0, hostileRecording(t0), 'mallory@example.com');

      const ctx = await signedIn();
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}/replays/${replayId}/`);
      const frame = await playerFrame(page);
      // The payloads reached the rebuilt DOM (as text and as attributes) — and stayed inert.
      await frame.locator('#xss-marker').waitFor({ state: 'attached' });
      assert.match((await frame.locator('#xss-marker').textContent()) ?? '', /<script>top\.__pwned="text node"/);
      const timeline = page.getByRole('region', { name: 'Timeline' });
      await timeline.getByText('<img src=x onerror="top.__pwned="crumb";alert("crumb")">', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Play' }).click();
      await page.getByRole('button', { name: 'Play' }).waitFor();
      assert.equal(await page.getByLabel('Position').inputValue(), await page.getByLabel('Position').getAttribute('max'), 'played to the end');
      await frame.locator('img[src$="/nope.png"]').waitFor({ state: 'attached' });
      const flags = await page.evaluate(() => {
        const inner = document.querySelector<HTMLIFrameElement>('[data-testid="replay-stage"] iframe')!.contentWindow as unknown as { __pwned?: string };
        return { top: (window as unknown as { __pwned?: string }).__pwned ?? null, frame: inner.__pwned ?? null };
      });
      assert.deepEqual(flags, { top: null, frame: null }, 'no payload ran');
      assert.deepEqual(dialogs, [], 'no dialog opened');
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '104-replay-payloads');
      assert.deepEqual(violations, []);
      assert.deepEqual(errors, []);
      await ctx.close();
    });

    it('deletes a replay from its page after asking, then lists the replays without it (109, 390 px dark)', async () => {
      const t0 = Date.now() - 5_000;
      const replayId = await sendOneSegmentReplay(t0, hostileRecording(t0), 'deleted@example.com');
      const ctx = await signedIn({ width: 390, dark: true });
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}/replays/${replayId}/`);
      await playerFrame(page);
      // Cancel leaves it as it was.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this replay?' });
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /its one segment are deleted/);
      const violations = await seriousA11yViolations(page);
      await screenshot(page, '109-replay-delete-mobile-dark');
      assert.deepEqual(violations, [], 'axe with the dialog open');
      assert.equal(await horizontalOverflow(page), '', 'fits 390 px');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal((await api.get(`${server.url}/api/0/organizations/faultline/replays/${replayId}/`)).status(), 200, 'cancelled: still there');
      // Confirmed: DELETE, then back to the list, which no longer has it.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/replays/${replayId}/`));
      await dialog.getByRole('button', { name: 'Delete replay' }).click();
      assert.equal((await deleted).status(), 204);
      await page.waitForURL(`${server.url}/replays/`);
      await page.getByRole('heading', { name: 'Replays', level: 1 }).waitFor();
      await page.getByText('mallory@example.com').first().waitFor();
      assert.equal(await page.getByText('deleted@example.com').count(), 0, 'the list no longer shows it');
      assert.equal((await api.get(`${server.url}/api/0/organizations/faultline/replays/${replayId}/`)).status(), 404);
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  });
}
