/**
 * The widget as it really ships: a minified esbuild bundle with @faultline/reporter inside (the ESM build),
 * allowUrls left to its default, source maps uploaded with sentry-cli for the release (no debug IDs: the reporter
 * sends none) and not served. Chromium on a shop page clicks the broken button; Faultline must store the frames
 * as the original files, lines and functions, found by release + URL.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import { build } from '../../packages/reporter/build.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { launchChromium } from '../sourcemaps/helpers/browser.ts';
import { sentryCli } from '../sourcemaps/helpers/sentry-cli.ts';
import { framesOf, latestEvent, listIssues, waitForIssue } from '../sourcemaps/helpers/read-events.ts';
import { startCustomerSite, type CustomerSite } from './helpers/customer-site.ts';

const RELEASE = 'widget@3.0.0';

declare global {
  interface Window {
    widgetReady?: boolean;
    ingestAnswered: number;
  }
}

describe('bundled widget reporter with uploaded source maps, Chromium', () => {
  let t: TestServer;
  let site: CustomerSite;
  let browser: Browser;
  before(async () => {
    t = await startTestServer('sqlite');
    const { esm } = await build();
    const dist = join(mkdtempSync(join(tmpdir(), 'widget-build-')), 'dist');
    await esbuild({
      entryPoints: [fileURLToPath(new URL('./bundled-widget/widget.js', import.meta.url))],
      bundle: true,
      minify: true,
      sourcemap: true,
      format: 'iife',
      target: 'es2020',
      outfile: join(dist, 'widget.js'),
      alias: { '@faultline/reporter': esm },
      define: { WIDGET_DSN: JSON.stringify(t.dsn) },
      logLevel: 'silent',
    });
    const upload = await sentryCli(3, ['sourcemaps', 'upload', '--release', RELEASE, '--url-prefix', '~/', dist], { url: t.url, token: t.token, project: t.projectSlug });
    assert.equal(upload.code, 0, `${upload.stdout}\n${upload.stderr}`);
    site = await startCustomerSite({ cdn: { '/widget.js': readFileSync(join(dist, 'widget.js'), 'utf8') }, scripts: ['/widget.js'] });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
  });

  it('resolves the minified frames to the original widget source', async () => {
    const page = await browser.newPage();
    await page.goto(site.shopUrl);
    await page.waitForFunction(() => window.widgetReady === true);
    await page.click('#shop-buy'); // the shop's own error: not reported
    await page.click('#gg-call');
    await page.waitForFunction(() => window.ingestAnswered >= 1);
    await page.close();
    const issue = await waitForIssue(t, "TypeError: Cannot read properties of undefined (reading 'name')");
    assert.deepEqual((await listIssues(t)).map((i) => i.title), [issue.title], "the default allowUrls kept the shop's error out");
    const ev = await latestEvent(t, issue.id);
    assert.deepEqual(ev.errors, [], 'no processing errors');
    const frames = framesOf(ev);
    const top = frames.at(-1)!;
    assert.match(String(top.filename), /call-panel\.js$/);
    assert.equal(top.function, 'formatCaller');
    assert.equal(top.lineno, 6);
    assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');
    assert.ok(frames.some((f) => String(f.filename).endsWith('call-panel.js') && f.function === 'renderCallPanel' && f.lineno === 2));
    assert.ok(frames.some((f) => String(f.filename).endsWith('widget.js') && f.lineno === 14), 'the click handler in widget.js');
    assert.match(String(top.raw?.abs_path), /\/widget\.js$/, 'the minified location is kept');
  });
});
