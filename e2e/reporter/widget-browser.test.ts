/**
 * The widget reporter end to end in Debian's Chromium: a customer's shop page embeds reporter.min.js and the
 * Ghost-Greeter widget from another origin (the widget's CDN). The widget's click-handler TypeError and its
 * unhandled rejection become issues in a started Faultline, with the widget's frames, browser and OS derived from
 * the User-Agent and the widget's breadcrumbs; the shop's own error and rejection are never sent; and once
 * Faultline answers 429, the reporter stops sending.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { build } from '../../packages/reporter/build.ts';
import { startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { launchChromium } from '../sourcemaps/helpers/browser.ts';
import { siteFile, startCustomerSite, type CustomerSite } from './helpers/customer-site.ts';

interface Issue {
  id: string;
  title: string;
  culprit: string;
  count: string;
  level: string;
}

interface Frame {
  filename: string;
  abs_path?: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: boolean;
}

interface StoredEvent {
  entries: Array<{ type: string; data: { values: Array<Record<string, unknown>> } }>;
  contexts: Record<string, Record<string, unknown>>;
  tags: Array<{ key: string; value: string }>;
  sdk: { name: string; version: string };
  release: { version: string } | null;
  environment: string;
  platform: string;
}

declare global {
  interface Window {
    widgetReady?: boolean;
    ingestCalls: number;
    ingestAnswered: number;
  }
}

describe('widget reporter in Chromium', () => {
  let t: TestServer;
  let site: CustomerSite;
  let browser: Browser;
  before(async () => {
    t = await startTestServer('sqlite');
    const { iife } = await build();
    site = await startCustomerSite({
      cdn: { '/reporter.min.js': readFileSync(iife, 'utf8'), '/widget.js': siteFile('widget.js').replaceAll('__DSN__', t.dsn) },
      scripts: ['/reporter.min.js', '/widget.js'],
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
  });

  async function openShop(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(site.shopUrl);
    await page.waitForFunction(() => window.widgetReady === true);
    return page;
  }

  const issues = async () => {
    await waitForDigest(t);
    return (await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=&statsPeriod=14d`)).body;
  };
  const latest = async (issue: Issue) => (await t.api<StoredEvent>(`/api/0/issues/${issue.id}/events/latest/`)).body;
  const entry = (ev: StoredEvent, type: string) => ev.entries.find((e) => e.type === type)?.data;

  let reported: Issue[];

  it("sends the widget's click error and unhandled rejection, and nothing of the shop's", async () => {
    const page = await openShop();
    // The shop's own bugs first: were they sent, their envelopes would be ahead of the widget's.
    await page.click('#shop-buy');
    await page.click('#shop-track');
    await page.click('#gg-call');
    await page.click('#gg-connect');
    await page.waitForFunction(() => window.ingestAnswered >= 2);
    assert.equal(await page.evaluate(() => window.ingestCalls), 2, 'two envelopes: the widget errors only');
    reported = await waitFor(async () => {
      const list = await issues();
      return list.length >= 2 ? list : undefined;
    }, 'two issues');
    await page.close();
    assert.deepEqual(reported.map((i) => i.title).sort(), [
      'Error: signaling handshake failed for room lobby-3: 403',
      "TypeError: Cannot read properties of undefined (reading 'name')",
    ]);
    assert.ok(reported.every((i) => i.count === '1' && i.level === 'error'));
    const stats = await t.api<Array<{ count: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=shop`);
    assert.equal(stats.body.length, 0, 'no issue mentions the shop');
  });

  it("stores the widget's frames, in-app, oldest first", async () => {
    const issue = reported.find((i) => i.title.startsWith('TypeError'))!;
    const ev = await latest(issue);
    const exc = entry(ev, 'exception')!.values[0]! as { type: string; mechanism: { type: string; handled: boolean }; stacktrace: { frames: Frame[] } };
    assert.equal(exc.type, 'TypeError');
    assert.deepEqual(exc.mechanism, { type: 'onerror', handled: false });
    const frames = exc.stacktrace.frames;
    assert.deepEqual(frames.map((f) => [f.function, f.lineno]), [
      ['HTMLButtonElement.<anonymous>', 23],
      ['renderCallPanel', 12],
      ['formatCaller', 8],
    ]);
    for (const f of frames) {
      assert.equal(f.abs_path, `${site.cdnUrl}/widget.js`);
      assert.equal(f.filename, '/widget.js');
      assert.equal(f.in_app, true);
      assert.ok(f.colno > 0);
    }
    assert.match(issue.culprit, /formatCaller/);
  });

  it('derives browser and OS from the User-Agent and keeps request, SDK, release, environment', async () => {
    const ev = await latest(reported.find((i) => i.title.startsWith('TypeError'))!);
    const tags = Object.fromEntries(ev.tags.map((x) => [x.key, x.value]));
    assert.match(String(ev.contexts.browser?.name), /Chrom/);
    assert.equal(ev.contexts.os?.name, 'Linux');
    assert.match(tags['browser.name'] ?? '', /Chrom/);
    assert.equal(tags.handled, 'no');
    assert.equal(tags.url, `${site.shopUrl}/`);
    assert.equal(ev.platform, 'javascript');
    assert.equal(ev.sdk.name, 'faultline.javascript.reporter');
    assert.equal(ev.release?.version, 'widget@2.1.0');
    assert.equal(ev.environment, 'e2e');
    const request = entry(ev, 'request') as unknown as { url: string } | undefined;
    assert.equal(request?.url, `${site.shopUrl}/`);
  });

  it("records the widget's breadcrumbs (its clicks, earlier reports) and none of the shop's clicks", async () => {
    const ev = await latest(reported.find((i) => i.title.startsWith('Error: signaling'))!);
    const crumbs = (entry(ev, 'breadcrumbs')?.values ?? []) as Array<{ category: string; message: string }>;
    assert.deepEqual(crumbs.map((b) => [b.category, b.message]), [
      ['widget', 'widget mounted'],
      ['ui.click', 'button#gg-call.gg-btn.primary'],
      ['sentry.event', "TypeError: Cannot read properties of undefined (reading 'name')"],
      ['ui.click', 'button#gg-connect'],
    ]);
    const exc = entry(ev, 'exception')!.values[0]! as { mechanism: { type: string }; stacktrace: { frames: Frame[] } };
    assert.equal(exc.mechanism.type, 'onunhandledrejection');
    assert.equal(exc.stacktrace.frames.at(-1)?.function, 'connectSignaling');
  });

  it('stops sending once Faultline answers 429', async () => {
    const keys = await t.api<Array<{ id: string }>>(`/api/0/projects/faultline/${t.projectSlug}/keys/`);
    const keyUrl = `/api/0/projects/faultline/${t.projectSlug}/keys/${keys.body[0]!.id}/`;
    assert.equal((await t.api(keyUrl, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: 0, window: 60 } }) })).status, 200);
    try {
      const page = await openShop();
      const limited = page.waitForResponse((r) => r.url().includes('/envelope/'));
      await page.click('#gg-other');
      const res = await limited;
      assert.equal(res.status(), 429);
      assert.ok(Number(await res.headerValue('retry-after')) > 0, 'Retry-After is sent');
      await page.waitForFunction(() => window.ingestAnswered >= 1);
      // Distinct errors (no dedupe), thrown after the reporter has read the 429: none may leave the page.
      await page.click('#gg-other');
      await page.click('#gg-call');
      await page.click('#gg-connect');
      assert.equal(await page.evaluate(() => window.ingestCalls), 1);
      await page.close();
      assert.equal((await issues()).length, 2, 'nothing new stored');
    } finally {
      await t.api(keyUrl, { method: 'PUT', body: JSON.stringify({ rateLimit: null }) });
    }
  });
});
