/** Alert delivery units: the retry schedule, the HTTP sender's limits (timeout, redirects, no bodies kept), email text, target masking. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ATTEMPTS, nextStep, retryDelayMs } from '../src/alerts/retry-schedule.ts';
import { postJson } from '../src/notifiers/post-json.ts';
import { OutboundPolicy } from '../src/notifiers/outbound-policy.ts';
import { alertEmail } from '../src/notifiers/email-message.ts';
import { defaultFrom } from '../src/notifiers/mailer.ts';
import { slackMessage } from '../src/notifiers/slack-notifier.ts';
import { targetOf } from '../src/api/alert-targets.ts';
import type { AlertPayload } from '../src/alerts/alert-payload.ts';

const fail = (over: Partial<{ permanent: boolean; retryAfterMs: number }> = {}) => ({ ok: false, responseCode: 500, error: 'x', permanent: false, ...over });

describe('retry schedule', () => {
  it('triples from the base, with ±10 % jitter', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => retryDelayMs(n, 20_000, () => 0.5)), [20_000, 60_000, 180_000, 540_000]);
    assert.equal(retryDelayMs(1, 1000, () => 0), 900);
    assert.equal(retryDelayMs(1, 1000, () => 1), 1100);
  });
  it('five attempts span about 13 minutes by default', () => {
    const total = [1, 2, 3, 4].reduce((s, n) => s + retryDelayMs(n, 20_000, () => 0.5), 0);
    assert.equal(MAX_ATTEMPTS, 5);
    assert.equal(total, 800_000);
  });
  it('sent, retried, or given up', () => {
    assert.deepEqual(nextStep(1, { ok: true, responseCode: 200, error: null, permanent: false }, 1000, 0), { status: 'sent', nextAttemptAt: 0 });
    assert.deepEqual(nextStep(1, fail(), 1000, 0, () => 0.5), { status: 'pending', nextAttemptAt: 1000 });
    assert.deepEqual(nextStep(4, fail(), 1000, 0, () => 0.5), { status: 'pending', nextAttemptAt: 27_000 });
    assert.equal(nextStep(5, fail(), 1000, 0).status, 'failed');
    assert.equal(nextStep(1, fail({ permanent: true }), 1000, 0).status, 'failed');
  });
  it('honours Retry-After when longer, up to an hour', () => {
    assert.equal(nextStep(1, fail({ retryAfterMs: 5000 }), 1000, 0, () => 0.5).nextAttemptAt, 5000);
    assert.equal(nextStep(1, fail({ retryAfterMs: 10 }), 1000, 0, () => 0.5).nextAttemptAt, 1000);
    assert.equal(nextStep(1, fail({ retryAfterMs: 86_400_000 }), 1000, 0, () => 0.5).nextAttemptAt, 3_600_000);
  });
});

describe('postJson', () => {
  async function withServer(handler: Parameters<typeof createServer>[1], fn: (url: string) => Promise<void>) {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }
  // These receivers listen on loopback, which notifications may only reach when the allow-list says so.
  const ctx = (timeoutMs = 2000) => ({ signal: new AbortController().signal, timeoutMs, outbound: new OutboundPolicy('127.0.0.1') });

  it('times out a receiver that never answers', async () => {
    await withServer(
      () => undefined,
      async (url) => {
        const started = Date.now();
        const r = await postJson(url, '{}', {}, ctx(200));
        assert.deepEqual([r.ok, r.responseCode, r.error, r.permanent], [false, null, 'timed out after 0.2 s', false]);
        assert.ok(Date.now() - started < 2000);
      },
    );
  });
  it('reports refused connections as retryable, without saying how they failed', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await postJson(`http://127.0.0.1:${port}/`, '{}', {}, ctx());
    assert.equal(r.ok, false);
    assert.equal(r.permanent, false);
    assert.equal(r.error, 'connection failed');
  });
  it('does not follow redirects, keeps only the status line of an error, reads Retry-After', async () => {
    await withServer(
      (req, res) => {
        if (req.url === '/moved') res.writeHead(301, { location: 'https://elsewhere.example/' }).end();
        else if (req.url === '/big') res.writeHead(400).end('x'.repeat(100_000));
        else res.writeHead(429, { 'retry-after': '7' }).end('slow down');
      },
      async (url) => {
        const moved = await postJson(`${url}/moved`, '{}', {}, ctx());
        assert.deepEqual([moved.responseCode, moved.permanent, moved.error], [301, true, 'HTTP 301: redirected to https://elsewhere.example/ (use that URL)']);
        const big = await postJson(`${url}/big`, '{}', {}, ctx());
        assert.equal(big.permanent, true);
        assert.equal(big.error, 'HTTP 400');
        const slow = await postJson(`${url}/slow`, '{}', {}, ctx());
        assert.deepEqual([slow.permanent, slow.retryAfterMs, slow.error], [false, 7000, 'HTTP 429']);
      },
    );
  });
});

const payload: AlertPayload = {
  rule: { id: 1, name: 'Default <rule>' },
  trigger: { id: 'first_seen', label: 'New issue' },
  project: { id: 1, slug: 'web', name: 'Web & API' },
  orgSlug: 'faultline',
  issue: { id: 7, shortId: 'WEB-7', title: 'Error: <script>alert(1)</script>', culprit: 'a.js in b', level: 'error', status: 'unresolved', substatus: 'new', type: 'error', platform: 'node', count: 3, userCount: 1, firstSeen: 0, lastSeen: 60_000, metadata: {} },
  event: { eventId: 'e'.repeat(32), message: null, level: 'error', platform: 'node', environment: null, release: '1.0', timestamp: 60_000, tags: [] },
};

describe('message bodies', () => {
  it('email: escaped HTML, plain text with the facts', () => {
    const m = alertEmail(payload, 'https://errors.example');
    assert.equal(m.subject, '[Faultline] New issue in Web & API: Error: <script>alert(1)</script>');
    assert.ok(m.html.includes('Error: &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!m.html.includes('<script>'));
    assert.match(m.text, /Events:\s+3 \(1 user\)/);
    assert.match(m.text, /Environment:\s+—/);
    assert.match(m.text, /First seen:\s+1970-01-01T00:00:00.000Z/);
    assert.ok(m.text.includes('https://errors.example/issues/7/'));
  });
  it('slack: mrkdwn control characters escaped', () => {
    const m = slackMessage({ payload, publicUrl: 'https://errors.example' }) as { blocks: Array<{ text?: { text: string } }> };
    assert.equal(m.blocks[0]!.text!.text, '*<https://errors.example/issues/7/|Error: &lt;script&gt;alert(1)&lt;/script&gt;>*\na.js in b');
  });
  it('default sender from the public URL', () => {
    assert.equal(defaultFrom('https://errors.example.com:8443/x'), 'Faultline <faultline@errors.example.com>');
    assert.equal(defaultFrom('http://127.0.0.1:8000'), 'Faultline <faultline@localhost>');
  });
  it('targets are shown without their secrets', () => {
    assert.equal(targetOf('slack', { webhookUrl: 'https://hooks.slack.com/services/T000/B000/abcdefgh1234' }), 'https://hooks.slack.com/services/…1234');
    assert.equal(targetOf('pagerduty', { routingKey: 'abcdef123456' }), 'routing key …3456');
    assert.equal(targetOf('webhook', { url: 'https://x.example/hook?token=secret' }), 'https://x.example/hook');
    assert.equal(targetOf('email', { targetType: 'addresses', addresses: ['a@x.io', 'b@x.io'] }), 'a@x.io, b@x.io');
    assert.equal(targetOf('email', { targetType: 'members' }), 'project members');
  });
});
