/**
 * End to end with sentry-cli 2.x (npm `@sentry/cli@2`, installed as `sentry-cli-2`) through each of its upload
 * paths: artifact bundles with debug IDs (the default against a current server), release-file assembly (a server
 * that accepts only `release_files`), and legacy per-file uploads (no chunk upload). The last two upload without
 * `inject`, so events find their maps by release + URL + sourceMappingURL, not by debug ID.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { buildApp, writePage } from './helpers/build-app.ts';
import { clickThrough, launchChromium, serveStatic } from './helpers/browser.ts';
import { sentryCli } from './helpers/sentry-cli.ts';
import { framesOf, latestEvent, waitForIssue } from './helpers/read-events.ts';
import { startRewritingProxy, type ChunkUploadMode } from './helpers/rewriting-proxy.ts';

describe('sentry-cli 2.x upload paths, Chromium (sqlite)', () => {
  let t: TestServer;
  let browser: Browser;
  let events = 0;
  before(async () => {
    t = await startTestServer('sqlite');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function deployAndCrash(opts: { release: string; inject: boolean; mode?: ChunkUploadMode }): Promise<{ upload: string }> {
    const app = await buildApp({ buildId: opts.release });
    const proxy = opts.mode ? await startRewritingProxy(t.url, opts.mode) : undefined;
    const cli = { url: proxy?.url ?? t.url, token: t.token, project: t.projectSlug };
    try {
      if (opts.inject) {
        const inject = await sentryCli(2, ['sourcemaps', 'inject', app.dist], cli);
        assert.equal(inject.code, 0, inject.stderr);
      }
      const upload = await sentryCli(2, ['sourcemaps', 'upload', '--release', opts.release, '--url-prefix', '~/dist', app.dist], cli);
      assert.equal(upload.code, 0, `${upload.stdout}\n${upload.stderr}`);
      writePage(app, { dsn: t.dsn, release: opts.release });
      const site = await serveStatic(app.dir);
      try {
        await clickThrough(browser, site.url, t.url, ['accept']);
      } finally {
        await site.close();
      }
      events++;
      return { upload: upload.stdout };
    } finally {
      await proxy?.close();
    }
  }

  async function assertResolved(): Promise<void> {
    const issue = await waitForIssue(t, 'TypeError', events);
    const ev = await latestEvent(t, issue.id);
    assert.deepEqual(ev.errors, []);
    const top = framesOf(ev).at(-1)!;
    assert.deepEqual([top.filename, top.lineno, top.function], ['src/call-panel.js', 7, 'formatCaller']);
    assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');
  }

  it('artifact bundles with debug IDs (inject + upload)', async () => {
    const { upload } = await deployAndCrash({ release: 'console@2.0.0', inject: true });
    assert.match(upload, /artifact bundle/i);
    await assertResolved();
  });

  it('release-file assembly when the server does not accept artifact bundles', async () => {
    await deployAndCrash({ release: 'console@2.0.1', inject: false, mode: 'release_files_only' });
    await assertResolved();
    const files = await t.api<Array<{ name: string; headers: Record<string, string> }>>('/api/0/organizations/faultline/releases/console@2.0.1/files/');
    assert.ok(files.body.some((f) => /^~\/dist\/app-.*\.js$/.test(f.name) && f.headers.sourcemap), JSON.stringify(files.body));
  });

  it('legacy per-file uploads when chunk upload is not offered', async () => {
    await deployAndCrash({ release: 'console@2.0.2', inject: false, mode: 'no_chunk_upload' });
    await assertResolved();
    const files = await t.api<Array<{ name: string; bundleId: string | null }>>('/api/0/organizations/faultline/releases/console@2.0.2/files/');
    assert.equal(files.body.length, 2);
    assert.ok(files.body.every((f) => f.bundleId === null), 'uploaded one by one');
  });
});
