import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseRateLimits } from '@faultline/protocol';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId } from '../helpers/send-event.ts';

const BURST = fileURLToPath(new URL('./apps/burst-app.mjs', import.meta.url));

function post(t: TestServer, body: string): Promise<Response> {
  return fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body });
}

function eventEnvelope(): string {
  const id = newEventId();
  return [JSON.stringify({ event_id: id }), '{"type":"event"}', JSON.stringify({ event_id: id, ...errorEvent('Boom', 'x', 'f') })].join('\n');
}

async function outcome(t: TestServer, reason: string, category = 'error'): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const m = new RegExp(`faultline_outcomes_total\\{category="${category}",reason="${reason}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

for (const dialect of DIALECTS) {
  describe(`rate limits and spike protection (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect, ['--spike-protection', '20']);
    });
    after(async () => t?.close());

    it('a key rate limit answers 429 with X-Sentry-Rate-Limits, and sessions still pass', async () => {
      const put = await t.api<{ rateLimit: { count: number; window: number } }>(`/api/0/projects/faultline/${t.projectSlug}/keys/${t.publicKey}/`, {
        method: 'PUT',
        body: JSON.stringify({ rateLimit: { count: 3, window: 60 } }),
      });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body.rateLimit, { count: 3, window: 60 });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(t, eventEnvelope())).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const refused = await post(t, eventEnvelope());
      const limits = parseRateLimits(refused.headers.get('x-sentry-rate-limits') ?? '');
      assert.equal(limits.length, 1);
      assert.ok(limits[0]!.categories.includes('error'));
      assert.equal(limits[0]!.scope, 'key');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1 && Number(refused.headers.get('retry-after')) <= 60);
      const session = await post(t, `{}\n{"type":"session"}\n${JSON.stringify({ sid: newEventId(), init: true, started: new Date().toISOString(), status: 'ok', attrs: { release: 'r@1' } })}`);
      assert.equal(session.status, 200, 'sessions are not counted against the event quota');
      assert.equal(await outcome(t, 'rate_limited'), 3);
      await t.api(`/api/0/projects/faultline/${t.projectSlug}/keys/${t.publicKey}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: null }) });
    });

    it('a partly refused envelope answers 200 with X-Sentry-Rate-Limits naming every refused category, each refused item counted once', async () => {
      const keysPath = `/api/0/projects/faultline/${t.projectSlug}/keys/`;
      const { body: key } = await t.api<{ id: string }>(keysPath, { method: 'POST', body: JSON.stringify({ name: 'no-events' }) });
      await t.api(`${keysPath}${key.id}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: 0, window: 60 } }) });
      const id = newEventId();
      const now = Date.now() / 1000;
      const envelope = [
        JSON.stringify({ event_id: id }),
        '{"type":"event"}',
        JSON.stringify({ event_id: id, ...errorEvent('Boom', 'x', 'f') }),
        '{"type":"transaction"}',
        JSON.stringify({ event_id: newEventId(), type: 'transaction', transaction: '/checkout', start_timestamp: now - 1, timestamp: now, contexts: { trace: { trace_id: newEventId(), span_id: newEventId().slice(0, 16) } }, spans: [] }),
        '{"type":"session"}',
        JSON.stringify({ sid: newEventId(), init: true, started: new Date().toISOString(), status: 'ok', attrs: { release: 'r@1' } }),
      ].join('\n');
      const errorsBefore = await outcome(t, 'rate_limited');
      const txBefore = await outcome(t, 'rate_limited', 'transaction');
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${key.id}`, { method: 'POST', body: envelope });
      assert.equal(res.status, 200, 'the session was admitted');
      const limits = parseRateLimits(res.headers.get('x-sentry-rate-limits') ?? '');
      assert.deepEqual(limits.map((l) => [l.scope, [...l.categories].sort()]), [['key', ['error', 'transaction']]]);
      assert.equal((await outcome(t, 'rate_limited')) - errorsBefore, 1);
      assert.equal((await outcome(t, 'rate_limited', 'transaction')) - txBefore, 1);
    });

    it('the real @sentry/node stops sending once limited: one refused request, the rest dropped in the SDK', async () => {
      const { body: key } = await t.api<{ id: string; dsn: { public: string } }>(`/api/0/projects/faultline/${t.projectSlug}/keys/`, { method: 'POST', body: JSON.stringify({ name: 'burst' }) });
      await t.api(`/api/0/projects/faultline/${t.projectSlug}/keys/${key.id}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: 2, window: 3600 } }) });
      const before = await outcome(t, 'rate_limited');
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [BURST], { env: { ...process.env, DSN: key.dsn.public, COUNT: '10' }, stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', resolve);
      });
      assert.equal(code, 0);
      await waitForDigest(t);
      const stored = await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE release = 'burst@1.0.0'");
      assert.equal(Number(stored?.n), 2, 'exactly the quota was accepted');
      assert.equal((await outcome(t, 'rate_limited')) - before, 1, 'after one 429 the SDK held back the other 7 errors');
    });

    it('spike protection cuts a flood with a project-scoped limit the SDK understands', async () => {
      // The exact per-minute arithmetic is unit-tested with a fake clock; here only what the SDK sees. Whatever
      // minute this lands in, the allowance is at most 10x the previous minute's few events, so a few hundred
      // events in a row always trip it.
      const before = await outcome(t, 'rate_limited');
      let refusedAt = -1;
      let res: Response | undefined;
      for (let i = 0; i < 400 && refusedAt < 0; i++) {
        res = await post(t, eventEnvelope());
        if (res.status === 429) refusedAt = i;
      }
      assert.ok(refusedAt >= 0, 'a flood is cut');
      const limits = parseRateLimits(res!.headers.get('x-sentry-rate-limits') ?? '');
      assert.equal(limits[0]?.scope, 'project');
      assert.equal(limits[0]?.reason, 'spike_protection');
      assert.ok(limits[0]!.retryAfter >= 1 && limits[0]!.retryAfter <= 60);
      assert.equal((await outcome(t, 'rate_limited')) - before, 1);
    });
  });
}
