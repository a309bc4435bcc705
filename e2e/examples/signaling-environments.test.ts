/**
 * Two rows of the seed's scenario matrix on the signaling-server example (examples/README.md):
 * - "Error in development": the same error from a development and a production instance is one issue whose
 *   events keep their environment, and the issue list filters by it.
 * - "Sentry DSN not configured": without SENTRY_DSN the app runs as before (errors logged, the unhandled
 *   rejection survived, the server still answering) and queues nothing.
 * On both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { startSignalingApp, type SignalingApp } from './helpers/signaling-app.ts';

interface Issue {
  id: string;
  title: string;
}

for (const dialect of DIALECTS) {
  describe(`signaling server example: environments and no DSN (${dialect})`, () => {
    let t: TestServer;
    const apps: SignalingApp[] = [];
    const start = async (env: Record<string, string>, unset: string[] = []) => {
      const app = await startSignalingApp({ SENTRY_OFFLINE_DIR: mkdtempSync(join(tmpdir(), 'signaling-spool-')), ...env }, unset);
      apps.push(app);
      return app;
    };
    const issues = async (query: string) => {
      await waitForDigest(t);
      return (await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?statsPeriod=14d&${query}`)).body;
    };

    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => {
      for (const app of apps) await app.stop();
      await t?.close();
    });

    it('keeps a development error apart from production by its environment', async () => {
      const dev = await start({ SENTRY_DSN: t.dsn, SENTRY_ENVIRONMENT: 'development' });
      const prod = await start({ SENTRY_DSN: t.dsn, SENTRY_ENVIRONMENT: 'production' });
      assert.equal(await dev.post('/offer', { room: 'local-1', peer: 'dev-peer' }), 400);
      assert.equal(await prod.post('/offer', { room: 'lobby-1', peer: 'prod-peer' }), 400);
      const all = await waitFor(async () => {
        const list = await issues('query=');
        const events = list[0] && (await t.api<Array<{ environment?: string }>>(`/api/0/issues/${list[0].id}/events/?full=true`)).body;
        return events && events.length === 2 && { list, events };
      }, 'both events in one issue');
      assert.equal(all.list.length, 1, 'one issue');
      assert.deepEqual(all.events.map((e) => e.environment).sort(), ['development', 'production']);
      assert.deepEqual((await issues('environment=development')).map((i) => i.id), [all.list[0]!.id]);
      assert.deepEqual(await issues('environment=staging'), []);
    });

    it('runs unchanged without a DSN: errors logged, nothing queued or sent', async () => {
      const before = (await issues('query=')).length;
      const spool = mkdtempSync(join(tmpdir(), 'signaling-spool-'));
      const quiet = await start({ SENTRY_OFFLINE_DIR: spool }, ['SENTRY_DSN']);
      assert.equal(await quiet.post('/offer', { room: 'lobby-2', peer: 'p-9' }), 400);
      assert.equal(await quiet.post('/ice', { room: 'lobby-2' }), 202);
      await waitFor(async () => /TURN allocation failed for room lobby-2/.test(quiet.output()), 'the rejection logged');
      assert.match(quiet.output(), /missing SDP in offer from peer p-9/);
      assert.equal((await fetch(`${quiet.url}/healthz`)).status, 200, 'still serving after the unhandled rejection');
      assert.deepEqual(readdirSync(spool), [], 'nothing queued');
      assert.equal((await issues('query=')).length, before, 'nothing arrived');
    });
  });
}
