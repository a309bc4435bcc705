/**
 * Login throttling (issue 8, finding 7), behind `--trust-proxy`: the client is the RIGHTMOST X-Forwarded-For hop
 * (what our proxy saw), so a spoofed leftmost hop does not reset the count; one address spraying many emails is
 * throttled; an account that failed too often waits an exponentially growing time, after which the right password
 * works; and an event's `{{auto}}` user IP follows the same rightmost-hop rule. The throttle is in memory (no store),
 * so SQLite suffices.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { newEventId } from '../helpers/send-event.ts';
import { startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';

describe('login throttling behind --trust-proxy', () => {
  let t: TestServer;
  const password = 'right password 1';

  before(async () => {
    t = await startTestServer('sqlite', ['--trust-proxy']);
    for (const email of ['alice@example.com', 'bob@example.com']) {
      const res = await t.api('/api/0/organizations/faultline/members/', { method: 'POST', body: JSON.stringify({ email, password, role: 'member', teams: ['default'] }) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });
  after(async () => t?.close());

  const login = async (email: string, pass: string, forwardedFor: string) => {
    const res = await fetch(`${t.url}/api/0/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ email, password: pass }),
    });
    const body = (await res.json()) as { detail?: string };
    return { status: res.status, detail: body.detail ?? '', retryAfter: Number(res.headers.get('retry-after')) };
  };

  it('a spoofed leftmost X-Forwarded-For hop does not escape the per-address limit', async () => {
    const proxySaw = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await login(`nobody${i}@example.com`, 'guess', `198.51.100.${i}, ${proxySaw}`)).status);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.deepEqual(statuses.slice(20), Array(5).fill(429), 'a fresh leftmost hop per request is still the same client');
    const limited = await login('bob@example.com', password, `192.0.2.1, ${proxySaw}`);
    assert.equal(limited.status, 429);
    assert.match(limited.detail, /too many sign-in attempts from your address/);
    assert.ok(limited.retryAfter > 0);
    assert.equal((await login('bob@example.com', password, `${proxySaw}, 203.0.113.8`)).status, 200, 'another client (rightmost hop) is not limited');
  });

  it('30 different emails from one address get throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(`spray${i}@example.com`, 'Summer2026!', '203.0.113.20')).status);
    assert.equal(statuses.filter((s) => s === 401).length, 20);
    assert.deepEqual(statuses.slice(20), Array(10).fill(429));
  });

  it('an account that failed too often waits, from any address, and the right password works after the wait', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await login('alice@example.com', `wrong ${i}`, `203.0.113.${100 + i}`)).status, 401);
    const locked = await login('alice@example.com', password, '203.0.113.200');
    assert.equal(locked.status, 429, 'the account is throttled whatever the address');
    assert.match(locked.detail, /too many sign-in attempts for this account: try again in 1 s/);
    assert.equal(locked.retryAfter, 1);
    await delay(locked.retryAfter * 1000);
    assert.equal((await login('alice@example.com', 'wrong again', '203.0.113.201')).status, 401);
    const longer = await login('alice@example.com', password, '203.0.113.202');
    assert.equal(longer.status, 429);
    assert.equal(longer.retryAfter, 2, 'each further failure doubles the wait');
    await delay(longer.retryAfter * 1000);
    assert.equal((await login('alice@example.com', password, '203.0.113.203')).status, 200);
    assert.equal((await login('alice@example.com', 'wrong once more', '203.0.113.204')).status, 401, 'success forgot the failures');
  });

  it('an event’s {{auto}} user IP is the rightmost hop too, not the spoofable leftmost one', async () => {
    const event_id = newEventId();
    const body = [JSON.stringify({ event_id }), JSON.stringify({ type: 'event' }), JSON.stringify({ event_id, platform: 'javascript', message: 'where from', user: { ip_address: '{{auto}}' } })].join('\n');
    const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body, headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.77' } });
    assert.equal(res.status, 200);
    await waitForDigest(t);
    const ev = await t.api<{ user: { ip_address?: string } }>(`/api/0/projects/faultline/${t.projectSlug}/events/${event_id}/`);
    assert.equal(ev.status, 200);
    assert.equal(ev.body.user.ip_address, '203.0.113.77');
  });
});
