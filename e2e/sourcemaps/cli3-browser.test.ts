/**
 * End to end with sentry-cli 3.x: esbuild builds the app with @sentry/browser, `sentry-cli sourcemaps inject`
 * and `sourcemaps upload` send the maps to a started Faultline, Chromium loads the page (maps not served) and
 * throws; the stored frames must read as the original source. Then a redeploy of the same source (new bundle
 * hash, new debug ID) must land in the same issue. On both dialects (PostgreSQL keeps the files in the database).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { buildApp, writePage } from './helpers/build-app.ts';
import { clickThrough, launchChromium, serveStatic } from './helpers/browser.ts';
import { sentryCli } from './helpers/sentry-cli.ts';
import { framesOf, latestEvent, waitForIssue } from './helpers/read-events.ts';

const RELEASE = 'console@1.0.0';

for (const dialect of DIALECTS) {
  describe(`sentry-cli 3.x inject + upload, Chromium (${dialect})`, () => {
    let t: TestServer;
    let browser: Browser;
    before(async () => {
      t = await startTestServer(dialect);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    async function deploy(buildId: string, buttons: string[]): Promise<void> {
      const app = await buildApp({ buildId });
      const cli = { url: t.url, token: t.token, project: t.projectSlug };
      const inject = await sentryCli(3, ['sourcemaps', 'inject', app.dist], cli);
      assert.equal(inject.code, 0, inject.stderr);
      const upload = await sentryCli(3, ['sourcemaps', 'upload', '--release', RELEASE, '--url-prefix', '~/dist', app.dist], cli);
      assert.equal(upload.code, 0, upload.stderr);
      writePage(app, { dsn: t.dsn, release: RELEASE });
      const site = await serveStatic(app.dir);
      try {
        await clickThrough(browser, site.url, t.url, buttons);
      } finally {
        await site.close();
      }
    }

    it('resolves a click-handler TypeError to the original files, lines, functions and context', async () => {
      await deploy('build-1', ['accept', 'reject']);
      const issue = await waitForIssue(t, 'TypeError');
      const ev = await latestEvent(t, issue.id);
      assert.deepEqual(ev.errors, [], 'no processing errors');
      const frames = framesOf(ev);
      const top = frames[frames.length - 1]!;
      assert.equal(top.filename, 'src/call-panel.js');
      assert.equal(top.function, 'formatCaller');
      assert.equal(top.lineno, 7);
      assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');
      assert.equal(top.pre_context?.length, 5);
      assert.deepEqual(top.pre_context?.slice(-2), ['', 'function formatCaller(call) {']);
      assert.deepEqual(top.post_context, ['}', '']);
      assert.equal(top.in_app, true);
      assert.equal(top.symbolicated, true);
      assert.match(String(top.raw?.abs_path), /\/dist\/app-[A-Z0-9]+\.js$/, 'the minified location is kept');
      const caller = frames[frames.length - 2]!;
      assert.deepEqual([caller.filename, caller.function, caller.lineno], ['src/call-panel.js', 'renderCallPanel', 2]);
      assert.ok(frames.some((f) => f.filename === 'src/app.js' && f.lineno === 7), 'the click handler in src/app.js');
      for (const f of frames.filter((x) => String(x.filename).includes('node_modules'))) assert.equal(f.in_app, false, `${f.filename} is not in-app`);
      assert.ok(frames.every((f) => f.symbolicated), 'every frame resolved');
    });

    it('resolves the unhandled rejection too', async () => {
      const issue = await waitForIssue(t, 'Error: Call rejection failed');
      const frames = framesOf(await latestEvent(t, issue.id));
      const top = frames[frames.length - 1]!;
      assert.deepEqual([top.filename, top.lineno], ['src/app.js', 8]);
      assert.match(top.context_line ?? '', /Promise\.reject/);
    });

    it('keeps a redeploy of unchanged source (new hash, new debug ID) in the same issue', async () => {
      const before = await waitForIssue(t, 'TypeError');
      await deploy('build-2', ['accept']);
      const after = await waitForIssue(t, 'TypeError', 2);
      assert.equal(after.id, before.id);
      const frames = framesOf(await latestEvent(t, after.id));
      assert.equal(frames[frames.length - 1]!.function, 'formatCaller');
    });
  });
}
