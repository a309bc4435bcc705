/**
 * Sentry's documented issue search keys over events that differ in one field each: user.*, http.url, browser.name,
 * os.name, release.version, times_seen, firstSeen / lastSeen / age with relative times and ISO dates, has:; a value a
 * key cannot take, and an unknown key, are a 400 whose detail says why. Both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';

interface Issue {
  id: string;
  title: string;
}

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`issue search keys (${dialect})`, () => {
    let t: TestServer;
    const ids: Record<'old' | 'fresh', string> = { old: '', fresh: '' };
    const threeDaysAgo = Date.now() - 3 * DAY;
    const search = (q: string) => t.api<Issue[] & { detail?: string }>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=${encodeURIComponent(q)}`);
    const found = async (q: string) => {
      const r = await search(q);
      assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
      return r.body.map((i) => i.id).sort();
    };

    before(async () => {
      t = await startTestServer(dialect);
      const old = {
        user: { id: 'u-1', username: 'ada', ip_address: '10.0.0.5' },
        request: { url: 'https://shop.example.com/cart', method: 'GET' },
        contexts: { browser: { name: 'Firefox', version: '120.0' }, os: { name: 'Linux', version: '6.1' } },
        release: 'shop@1.0.0',
      };
      // First seen three days ago, seen again now: two events, an old first_seen and a fresh last_seen.
      await sendEvent(t, errorEvent('OldError', 'stale cart', 'cart', { ...old, timestamp: threeDaysAgo / 1000 }));
      await sendEvent(t, errorEvent('OldError', 'stale cart', 'cart', old));
      await sendEvent(t, errorEvent('NewError', 'checkout broke', 'checkout', {
        user: { id: 'u-2', username: 'bob', ip_address: '10.0.0.9' },
        request: { url: 'https://shop.example.com/checkout', method: 'POST' },
        contexts: { browser: { name: 'Chrome', version: '131.0.0' }, os: { name: 'Windows', version: '11' } },
        release: 'shop@2.0.0',
      }));
      await waitForDigest(t);
      const all = (await search('')).body;
      ids.old = all.find((i) => i.title.startsWith('OldError'))!.id;
      ids.fresh = all.find((i) => i.title.startsWith('NewError'))!.id;
    });
    after(async () => t?.close());

    it('user, request, browser, os and release keys', async () => {
      assert.deepEqual(await found('user.username:bob'), [ids.fresh]);
      assert.deepEqual(await found('user.id:u-1'), [ids.old]);
      assert.deepEqual(await found('user.ip:10.0.0.5'), [ids.old]);
      assert.deepEqual(await found('http.url:https://shop.example.com/checkout'), [ids.fresh]);
      assert.deepEqual(await found('browser.name:Firefox'), [ids.old]);
      assert.deepEqual(await found('os.name:Windows'), [ids.fresh]);
      assert.deepEqual(await found('release.version:shop@1.0.0'), [ids.old]);
      assert.deepEqual(await found('has:user.username'), [ids.old, ids.fresh].sort());
      assert.deepEqual(await found('!browser.name:Firefox'), [ids.fresh]);
    });

    it('times_seen compares the event count', async () => {
      assert.deepEqual(await found('times_seen:>1'), [ids.old]);
      assert.deepEqual(await found('times_seen:1'), [ids.fresh]);
      assert.deepEqual(await found('timesSeen:>=1'), [ids.old, ids.fresh].sort());
    });

    it('firstSeen, lastSeen and age take relative times and ISO dates', async () => {
      assert.deepEqual(await found('firstSeen:-1d'), [ids.fresh]);
      assert.deepEqual(await found('age:+1d'), [ids.old]);
      assert.deepEqual(await found('age:-1w'), [ids.old, ids.fresh].sort());
      assert.deepEqual(await found('lastSeen:-1h'), [ids.old, ids.fresh].sort());
      assert.deepEqual(await found('lastSeen:+1h'), []);
      assert.deepEqual(await found('!age:+1d'), [ids.fresh]);
      const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString();
      assert.deepEqual(await found(`firstSeen:<${twoDaysAgo}`), [ids.old]);
      assert.deepEqual(await found(`firstSeen:>=${twoDaysAgo.slice(0, 19)}`), [ids.fresh], 'a time without a zone is UTC');
      assert.deepEqual(await found(`firstSeen:${new Date(threeDaysAgo).toISOString().slice(0, 10)}`), [ids.old], 'a bare day is that UTC day');
      assert.deepEqual(await found(`lastSeen:${new Date().toISOString().slice(0, 10)}`), [ids.old, ids.fresh].sort());
    });

    it('a value a key cannot take, and an unknown key, answer 400 with the reason', async () => {
      for (const [q, detail] of [
        ['firstSeen:yesterday', /"firstSeen:yesterday": give a relative time/],
        ['times_seen:>many', /"times_seen" takes a count/],
        ['colour:blue', /unknown search key "colour"/],
      ] as const) {
        const r = await search(q);
        assert.equal(r.status, 400, q);
        assert.match(r.body.detail ?? '', detail);
      }
    });
  });
}
