/**
 * End to end with a Sentry bundler plugin: `@sentry/esbuild-plugin` injects debug IDs during the esbuild build,
 * creates and finalizes the release, and uploads the maps itself (through the sentry-cli it bundles), pointed at
 * Faultline. Chromium then throws from the built page and the frames must resolve.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { sentryEsbuildPlugin } from '@sentry/esbuild-plugin';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { buildApp, writePage } from './helpers/build-app.ts';
import { clickThrough, launchChromium, serveStatic } from './helpers/browser.ts';
import { framesOf, latestEvent, waitForIssue } from './helpers/read-events.ts';

const RELEASE = 'console@3.0.0';

describe('@sentry/esbuild-plugin upload, Chromium (sqlite)', () => {
  let t: TestServer;
  let browser: Browser;
  before(async () => {
    t = await startTestServer('sqlite');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('resolves frames from maps the plugin uploaded, and records the release it created and finalized', async () => {
    const plugin = sentryEsbuildPlugin({
      url: t.url,
      authToken: t.token,
      org: 'faultline',
      project: t.projectSlug,
      release: { name: RELEASE, inject: false, deploy: { env: 'staging' } },
      telemetry: false,
      silent: true,
      errorHandler: (err: Error) => {
        throw err;
      },
    });
    const app = await buildApp({ buildId: 'plugin-1', plugins: [plugin] });
    writePage(app, { dsn: t.dsn, release: RELEASE });
    const site = await serveStatic(app.dir);
    try {
      await clickThrough(browser, site.url, t.url, ['accept']);
    } finally {
      await site.close();
    }
    const issue = await waitForIssue(t, 'TypeError');
    const ev = await latestEvent(t, issue.id);
    assert.deepEqual(ev.errors, []);
    const top = framesOf(ev).at(-1)!;
    assert.deepEqual([top.filename, top.lineno, top.function], ['src/call-panel.js', 7, 'formatCaller']);
    assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');

    const release = await t.api<{ version: string; dateReleased: string | null; deployCount: number }>(`/api/0/organizations/faultline/releases/${RELEASE}/`);
    assert.equal(release.status, 200);
    assert.ok(release.body.dateReleased, 'finalized');
    assert.equal(release.body.deployCount, 1);
    const bundles = await t.api<Array<{ debugIds: string[]; files: Array<{ fileType: string }> }>>(`/api/0/organizations/faultline/releases/${RELEASE}/artifact-bundles/`);
    assert.equal(bundles.body.length, 1);
    assert.equal(bundles.body[0]!.debugIds.length, 1);
    assert.deepEqual(bundles.body[0]!.files.map((f) => f.fileType).sort(), ['minified_source', 'source_map']);
  });
});
