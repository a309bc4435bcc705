import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { newEventId } from '../helpers/send-event.ts';

function envelope(id: string, message: string, header: Record<string, unknown> = {}): string {
  return [JSON.stringify({ event_id: id, ...header }), '{"type":"event"}', JSON.stringify({ event_id: id, message, timestamp: Date.now() / 1000 })].join('\n');
}

/** node:http so that the test controls chunking and headers exactly, as the Node SDK transport does. */
function post(url: string, body: Buffer, headers: Record<string, string>, chunked = false): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(body.length) } }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (chunked) {
      // Several writes without Content-Length: chunked transfer encoding.
      const mid = Math.floor(body.length / 2);
      req.write(body.subarray(0, mid));
      req.end(body.subarray(mid));
    } else req.end(body);
  });
}

for (const dialect of DIALECTS) {
  describe(`ingest protocol (${dialect})`, () => {
    let t: TestServer;
    const sent: string[] = [];
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    const url = (query = true) => `${t.url}/api/${t.projectId}/envelope/${query ? `?sentry_version=7&sentry_key=${t.publicKey}&sentry_client=test%2F1.0` : ''}`;

    it('authenticates by query string, X-Sentry-Auth, Authorization: Sentry and the envelope dsn (tunnel)', async () => {
      const cases: Array<[string, string, Record<string, string>, Record<string, unknown>]> = [
        ['query', url(), {}, {}],
        ['x-sentry-auth', url(false), { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=${t.publicKey}` }, {}],
        ['authorization', url(false), { authorization: `Sentry sentry_key=${t.publicKey}, sentry_version=7.0` }, {}],
        ['dsn', url(false), {}, { dsn: t.dsn }],
      ];
      for (const [name, u, headers, header] of cases) {
        const id = newEventId();
        const res = await post(u, Buffer.from(envelope(id, `auth via ${name}`, header)), headers);
        assert.equal(res.status, 200, `${name}: ${res.body}`);
        assert.deepEqual(JSON.parse(res.body), { id });
        sent.push(id);
      }
      const none = await post(url(false), Buffer.from(envelope(newEventId(), 'no auth')), {});
      assert.equal(none.status, 401);
      assert.match(JSON.parse(none.body).detail, /missing authentication/);
      const conflicting = await post(url(), Buffer.from(envelope(newEventId(), 'x')), { 'x-sentry-auth': 'Sentry sentry_key=ffffffffffffffffffffffffffffffff' });
      assert.equal(conflicting.status, 400);
    });

    it('accepts gzip, deflate (zlib and raw), br and identity bodies, chunked or not', async () => {
      const encoders: Array<[string, (b: Buffer) => Buffer]> = [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
        ['deflate', deflateRawSync],
        ['br', brotliCompressSync],
        ['', (b) => b],
        ['UTF-8', (b) => b],
      ];
      for (const chunked of [false, true]) {
        for (const [enc, fn] of encoders) {
          const id = newEventId();
          const headers: Record<string, string> = enc ? { 'content-encoding': enc } : {};
          const res = await post(url(), fn(Buffer.from(envelope(id, `encoding ${enc || 'none'} chunked=${chunked}`))), headers, chunked);
          assert.equal(res.status, 200, `${enc} chunked=${chunked}: ${res.body}`);
          sent.push(id);
        }
      }
      const zstd = await post(url(), Buffer.from('xx'), { 'content-encoding': 'zstd' });
      assert.equal(zstd.status, 415);
    });

    it('answers CORS preflight and exposes the rate-limit headers on POST', async () => {
      let id2: string;
      const pre = await fetch(url(), { method: 'OPTIONS', headers: { origin: 'https://customer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      assert.equal(pre.status, 200);
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /x-sentry-auth/);
      const id = newEventId();
      const res = await fetch(url(), { method: 'POST', body: envelope(id, 'from a browser'), headers: { origin: 'https://customer.example', 'content-type': 'text/plain;charset=UTF-8' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://customer.example');
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /x-sentry-rate-limits/);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /retry-after/);
      assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
      assert.equal(res.headers.get('vary'), 'Origin');
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(await res.json(), { id });
      sent.push(id);
      // Without an Origin (server SDKs): any origin, no credentials; an error answer carries the same CORS headers.
      const plain = await post(url(), Buffer.from(envelope((id2 = newEventId()), 'from a server')), {});
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['access-control-allow-origin'], '*');
      assert.equal(plain.headers['access-control-allow-credentials'], undefined);
      assert.equal(plain.headers['content-length'], String(Buffer.byteLength(plain.body)));
      assert.match(String(plain.headers['access-control-expose-headers']), /x-sentry-error/);
      sent.push(id2);
      const refused = await fetch(url(false), { method: 'POST', body: envelope(newEventId(), 'no key'), headers: { origin: 'https://customer.example' } });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('access-control-allow-origin'), 'https://customer.example');
      assert.match(refused.headers.get('access-control-expose-headers') ?? '', /x-sentry-error/);
    });

    it('takes a JSON event on the legacy store endpoint', async () => {
      const id = newEventId();
      const res = await post(`${t.url}/api/${t.projectId}/store/`, Buffer.from(JSON.stringify({ event_id: id, message: 'legacy store', timestamp: new Date().toISOString() })), {
        'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${t.publicKey}`,
        'content-type': 'application/json',
      });
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(JSON.parse(res.body), { id });
      sent.push(id);
    });

    it('keeps every item type, answers {} for an envelope without an event, and accepts an empty envelope', async () => {
      const types = ['transaction', 'attachment', 'session', 'sessions', 'client_report', 'replay_event', 'check_in', 'profile', 'profile_chunk', 'span', 'log', 'trace_metric', 'feedback', 'user_report', 'raw_security', 'statsd', 'some_future_type'];
      for (const type of types) {
        const payload = type === 'statsd' ? 'a@none:1|c' : type === 'client_report' ? JSON.stringify({ timestamp: Date.now() / 1000, discarded_events: [{ reason: 'sample_rate', category: 'transaction', quantity: 3 }] }) : JSON.stringify({ attrs: { release: 'r@1' }, started: new Date().toISOString() });
        const body = `{}\n${JSON.stringify({ type, length: Buffer.byteLength(payload), filename: 'a.txt' })}\n${payload}`;
        const res = await post(url(), Buffer.from(body), {});
        assert.equal(res.status, 200, `${type}: ${res.body}`);
        assert.deepEqual(JSON.parse(res.body), {});
      }
      assert.equal((await post(url(), Buffer.from('{}'), {})).status, 200);
      assert.equal((await post(url(), Buffer.from('{}\n'), {})).status, 200);
      await waitForDigest(t);
      const kept = await t.server.app.db.all<{ type: string }>('SELECT DISTINCT type FROM raw_items');
      // client reports become outcomes, replay events replay rows (e2e/core/replay-processing.test.ts), transactions and
      // spans span rows (e2e/core/tracing.test.ts; these payloads are no spans, so each is one `invalid`); the rest stay raw.
      const processed = ['client_report', 'replay_event', 'transaction', 'span'];
      for (const type of types.filter((x) => !processed.includes(x))) assert.ok(kept.some((k) => k.type === type), `kept raw: ${type}`);
      await t.server.app.outcomes.flush();
      const invalid = await t.server.app.db.all<{ category: string }>("SELECT category FROM outcomes WHERE reason = 'invalid' AND category IN ('transaction', 'span') ORDER BY category");
      assert.deepEqual(invalid.map((r) => r.category), ['span', 'transaction']);
      const client = await t.server.app.db.all<{ reason: string; quantity: number }>("SELECT reason, quantity FROM outcomes WHERE source = 'client'");
      assert.deepEqual(client.map((c) => [c.reason, Number(c.quantity)]), [['sample_rate', 3]]);
    });

    it('stores every acknowledged event exactly once', async () => {
      await waitForDigest(t);
      for (const id of sent) {
        const r = await t.api(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`);
        assert.equal(r.status, 200, `event ${id}`);
      }
      const count = await t.server.app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events');
      assert.equal(Number(count?.n), sent.length);
    });

    it('drops a repeated event_id with the outcome "duplicate"', async () => {
      const id = sent[0]!;
      const res = await post(url(), Buffer.from(envelope(id, 'again')), {});
      assert.equal(res.status, 200);
      await waitForDigest(t);
      const dup = await t.server.app.db.get<{ q: number }>("SELECT SUM(quantity) AS q FROM outcomes WHERE reason = 'duplicate'");
      assert.equal(Number(dup?.q), 1);
      const accepted = await t.server.app.db.get<{ q: number }>("SELECT SUM(quantity) AS q FROM accepted_counts WHERE category = 'error'");
      assert.equal(Number(accepted?.q), sent.length, 'the duplicate is not also counted accepted');
    });
  });
}
