import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

interface Issue {
  id: string;
  title: string;
  culprit: string;
  count: string;
  userCount: number;
  level: string;
  status: string;
  metadata: Record<string, string>;
}

const APP = fileURLToPath(new URL('./apps/signaling-app.mjs', import.meta.url));

function runApp(dsn: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP], { env: { ...process.env, DSN: dsn }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

for (const dialect of DIALECTS) {
  describe(`@sentry/node end to end (${dialect})`, () => {
    let t: TestServer;
    let issues: Issue[];
    before(async () => {
      t = await startTestServer(dialect);
      const code = await runApp(t.dsn);
      assert.equal(code, 1, 'the uncaught exception ends the app with exit code 1');
      issues = await waitFor(async () => {
        await waitForDigest(t);
        const r = await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`);
        return r.body.length >= 5 ? r.body : undefined;
      }, 'five issues');
    });
    after(async () => t?.close());

    const byTitle = (prefix: string) => issues.find((i) => i.title.startsWith(prefix));

    it('groups the same error thrown three times into one issue with its chained cause', async () => {
      const signaling = byTitle('SignalingError');
      assert.ok(signaling, `titles: ${issues.map((i) => i.title).join(' | ')}`);
      assert.match(signaling.title, /^SignalingError: missing SDP in offer from peer p-\d$/);
      assert.equal(signaling.count, '3');
      assert.equal(signaling.userCount, 1);
      const ev = await t.api<{ entries: Array<{ type: string; data: { values: Array<{ type: string; stacktrace?: { frames: Array<{ function?: string; in_app?: boolean; filename?: string }> } }> } }>; tags: Array<{ key: string; value: string }>; user: { id: string; email: string }; release: { version: string }; environment: string; contexts: Record<string, Record<string, unknown>> }>(
        `/api/0/issues/${signaling.id}/events/latest/`,
      );
      assert.equal(ev.status, 200);
      const exc = ev.body.entries.find((e) => e.type === 'exception');
      assert.ok(exc);
      assert.deepEqual(exc.data.values.map((v) => v.type), ['TypeError', 'SignalingError'], 'cause first, primary last');
      const frames = exc.data.values[1]!.stacktrace!.frames;
      const inApp = frames.filter((f) => f.in_app);
      assert.ok(inApp.some((f) => f.function === 'negotiate'), 'in-app frame negotiate');
      assert.ok(frames.some((f) => f.in_app === false), 'node internals are not in-app');
      assert.ok(inApp.every((f) => f.filename?.endsWith('signaling-app.mjs')));
      assert.equal(ev.body.user.id, 'u-42');
      assert.equal(ev.body.user.email, 'ada@example.com');
      assert.equal(ev.body.release.version, 'signaling@1.4.2');
      assert.equal(ev.body.environment, 'production');
      const tags = Object.fromEntries(ev.body.tags.map((x) => [x.key, x.value]));
      assert.equal(tags.room, 'lobby-3');
      assert.equal(tags.release, 'signaling@1.4.2');
      assert.equal(tags.environment, 'production');
      assert.equal(ev.body.contexts.runtime?.name, 'node');
      assert.match(signaling.culprit, /negotiate/);
    });

    it('stores captureMessage as a warning issue titled by its message', () => {
      const msg = byTitle('ICE restart limit');
      assert.ok(msg);
      assert.equal(msg.level, 'warning');
    });

    it('groups by the custom fingerprint regardless of message', () => {
      const turn = issues.filter((i) => i.title.startsWith('Error: TURN allocation failed'));
      assert.equal(turn.length, 1);
      assert.equal(turn[0]!.count, '2');
    });

    it('captures the unhandled rejection and the uncaught exception', async () => {
      const rejection = byTitle('RangeError');
      assert.ok(rejection, 'unhandled rejection stored');
      assert.equal(rejection.title, 'RangeError: room capacity exceeded: 51 > 50');
      const crash = byTitle('ReferenceError');
      assert.ok(crash, 'uncaught exception stored');
      const ev = await t.api<{ tags: Array<{ key: string; value: string }>; level: string }>(`/api/0/issues/${crash.id}/events/latest/`);
      const tags = Object.fromEntries(ev.body.tags.map((x) => [x.key, x.value]));
      assert.equal(tags.handled, 'no');
      assert.equal(ev.body.level, 'fatal');
    });

    it('searches, resolves and sees the issue leave the unresolved list', async () => {
      const found = await t.api<Issue[]>(`/api/0/organizations/faultline/issues/?project=${t.projectId}&query=${encodeURIComponent('is:unresolved SignalingError')}`);
      assert.equal(found.body.length, 1);
      const id = found.body[0]!.id;
      const put = await t.api<Issue>(`/api/0/issues/${id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved' }) });
      assert.equal(put.status, 200);
      assert.equal(put.body.status, 'resolved');
      const after = await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=is:unresolved`);
      assert.ok(!after.body.some((i) => i.id === id));
      const resolved = await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=is:resolved`);
      assert.deepEqual(resolved.body.map((i) => i.id), [id]);
    });
  });
}
