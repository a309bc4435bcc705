/**
 * Delivery, on SQLite and PostgreSQL: retries with exponential backoff (base shortened to 100 ms here) until the
 * receiver answers 2xx, every attempt logged with its response code and error; Retry-After honoured; a 4xx is not
 * retried; five failures give up; a delivery waiting for its retry is sent by the next server after a restart;
 * a claim whose node died (lease run out) is taken over; on PostgreSQL two nodes share the outbox and every
 * notification is sent exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enqueueDelivery } from '@faultline/store';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { DIALECTS, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { createRule, deliveries, restartServer, settledDeliveries, startAlertServer, startSecondNode } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.ts';

const BASE = ['--alert-retry-base-ms', '100'];

for (const dialect of DIALECTS) {
  describe(`alert delivery (${dialect})`, () => {
    let rx: HttpReceiver;
    let t: TestServer;
    const hits = (path: string) => rx.requests.filter((r) => r.path === path);

    before(async () => {
      rx = await startHttpReceiver();
      rx.reply = (req) => {
        const n = rx.requests.filter((r) => r.path === req.path).length;
        if (req.path === '/flaky') return n <= 2 ? { status: 500, body: 'boom' } : { status: 200, body: 'ok' };
        if (req.path === '/down') return { status: 503, body: 'maintenance' };
        if (req.path === '/gone') return { status: 404, body: 'no_service' };
        if (req.path === '/busy') return n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
        return { status: 200, body: 'ok' };
      };
      t = await startAlertServer(dialect, BASE);
    });
    after(async () => {
      await t.close();
      await rx.close();
    });

    async function notifyOnce(path: string, fn: string): Promise<void> {
      const rule = await createRule(t, { conditions: [{ id: 'first_seen' }], filters: [{ id: 'tagged_event', key: 'route', match: 'eq', value: path }], actions: [{ id: 'webhook', url: `${rx.url}${path}` }] });
      await sendEvent(t, errorEvent('Error', path, fn, { tags: { route: path } }));
      await waitForDigest(t);
      assert.equal((await deliveries(t, `rule=${rule.id}`)).length, 1);
    }
    const deliveryTo = async (path: string) => (await deliveries(t)).find((d) => d.target === `${rx.url}${path}`)!;

    it('500, 500, then 200: sent on the third attempt, with backoff between attempts', async () => {
      await notifyOnce('/flaky', 'flakyHandler');
      const d = await waitFor(async () => ((await deliveryTo('/flaky')).status === 'sent' ? deliveryTo('/flaky') : undefined), 'the flaky delivery');
      assert.equal(d.attemptCount, 3);
      assert.deepEqual(
        d.attempts.map((a) => [a.attempt, a.ok, a.responseCode, a.error]),
        [
          [1, false, 500, 'HTTP 500'],
          [2, false, 500, 'HTTP 500'],
          [3, true, 200, null],
        ],
      );
      assert.ok(d.attempts.every((a) => a.durationMs >= 0 && a.durationMs < 10_000));
      const at = hits('/flaky').map((r) => r.at);
      // base × 3^(n−1) with ±10 % jitter: ≥ 90 ms, then ≥ 270 ms.
      assert.ok(at[1]! - at[0]! >= 90, `first retry after ${at[1]! - at[0]!} ms`);
      assert.ok(at[2]! - at[1]! >= 270, `second retry after ${at[2]! - at[1]!} ms`);
      assert.equal(d.lastError, null);
    });

    it('429 with Retry-After: waits as asked', async () => {
      await notifyOnce('/busy', 'busyHandler');
      const d = await waitFor(async () => ((await deliveryTo('/busy')).status === 'sent' ? deliveryTo('/busy') : undefined), 'the rate-limited delivery');
      assert.deepEqual(d.attempts.map((a) => a.responseCode), [429, 200]);
      const at = hits('/busy').map((r) => r.at);
      assert.ok(at[1]! - at[0]! >= 950, `retried after ${at[1]! - at[0]!} ms`);
    });

    it('a 404 is not retried', async () => {
      await notifyOnce('/gone', 'goneHandler');
      const d = await waitFor(async () => ((await deliveryTo('/gone')).status === 'failed' ? deliveryTo('/gone') : undefined), 'the failed delivery');
      assert.equal(d.attemptCount, 1);
      assert.equal(d.lastError, 'HTTP 404');
    });

    it('gives up after five attempts', async () => {
      await notifyOnce('/down', 'downHandler');
      // 100 + 300 + 900 + 2700 ms of backoff.
      const d = await waitFor(async () => ((await deliveryTo('/down')).status === 'failed' ? deliveryTo('/down') : undefined), 'giving up', 30_000);
      assert.equal(d.attemptCount, 5);
      assert.deepEqual(d.attempts.map((a) => a.responseCode), [503, 503, 503, 503, 503]);
      assert.equal(d.lastError, 'HTTP 503');
      const stats = await t.api<{ failed24h: number; waiting: number }>('/api/0/projects/faultline/signaling/alert-stats/');
      assert.ok(stats.body.failed24h >= 2);
    });

    it('takes over a claim whose node died once its lease runs out', async () => {
      const db = t.server.app.db;
      const now = Date.now();
      const leaseEnd = now + 1500;
      // Inserted already claimed by a node that "died": one transaction, so this node's loop never sees it pending.
      await db.transaction(async (tx) => {
        await enqueueDelivery(tx, {
          projectId: t.projectId,
          ruleId: null,
          issueId: null,
          actionType: 'webhook',
          action: { id: 'webhook', url: `${rx.url}/orphan`, secret: 'x' },
          payload: orphanPayload(t),
          trigger: 'first_seen',
          now,
        });
        await tx.run("UPDATE alert_deliveries SET status = 'sending', claim_token = 'dead-node', claimed_until = ? WHERE action_config LIKE '%/orphan%'", [leaseEnd]);
      });
      await waitFor(async () => hits('/orphan').length === 1, 'the orphaned delivery');
      assert.ok(hits('/orphan')[0]!.at >= leaseEnd, 'not before the lease ran out');
      const d = await waitFor(async () => ((await deliveryTo('/orphan')).status === 'sent' ? deliveryTo('/orphan') : undefined), 'recorded as sent');
      assert.equal(d.attemptCount, 1);
    });

    it('a delivery waiting for its retry is sent by the next server after a restart', async () => {
      let up = false;
      const previous = rx.reply;
      rx.reply = (req, i) => (req.path === '/restart' ? (up ? { status: 200 } : { status: 502, body: 'bad gateway' }) : previous(req, i));
      await notifyOnce('/restart', 'restartHandler');
      await waitFor(async () => (await deliveryTo('/restart')).attemptCount >= 1, 'the first attempt');
      t = await restartServer(t, BASE, () => {
        up = true;
      });
      // The new server waits out the backoff the old one scheduled, then delivers.
      const d = await waitFor(async () => ((await deliveryTo('/restart')).status === 'sent' ? deliveryTo('/restart') : undefined), 'delivery after the restart');
      assert.deepEqual(d.attempts.at(-1)!.responseCode, 200);
      assert.ok(d.attempts.slice(0, -1).every((a) => a.responseCode === 502));
      rx.reply = previous;
    });

    it('shutting down mid-send aborts the request, logs the attempt, and the next server sends it at once', async () => {
      let hang = true;
      const previous = rx.reply;
      rx.reply = (req, i) => (req.path === '/hang' ? (hang ? { status: 200, hang: true } : { status: 200 }) : previous(req, i));
      await notifyOnce('/hang', 'hangHandler');
      await waitFor(async () => hits('/hang').length === 1, 'the request to arrive');
      const stopping = Date.now();
      t = await restartServer(t, BASE, () => {
        hang = false;
      });
      assert.ok(Date.now() - stopping < 5000, 'shutdown does not wait for the 10 s send timeout');
      const d = await waitFor(async () => ((await deliveryTo('/hang')).status === 'sent' ? deliveryTo('/hang') : undefined), 'delivery after the restart');
      assert.deepEqual(
        d.attempts.map((a) => [a.ok, a.error]),
        [
          [false, 'aborted: the server is shutting down'],
          [true, null],
        ],
      );
      rx.reply = previous;
    });

    if (dialect === 'postgres') {
      it('two nodes on one database send every notification exactly once', async () => {
        const second = await startSecondNode(t, BASE);
        try {
          const previous = rx.reply;
          // Slow answers keep both nodes' loops busy at the same time.
          rx.reply = (req, i) => (req.path === '/shared' ? { status: 200 } : previous(req, i));
          await createRule(t, { conditions: [{ id: 'first_seen' }], filters: [{ id: 'tagged_event', key: 'route', match: 'eq', value: '/shared' }], actions: [{ id: 'webhook', url: `${rx.url}/shared` }] });
          await Promise.all(Array.from({ length: 40 }, (_, i) => sendEvent(i % 2 ? t : second, errorEvent('Error', `shared ${i}`, `sharedHandler${i}`, { tags: { route: '/shared' } }))));
          await waitForDigest(t);
          await waitForDigest(second);
          // The sent list also holds the earlier tests' deliveries: wait for this test's 40 to arrive, then for none in flight.
          await waitFor(async () => hits('/shared').length >= 40, 'the 40 shared notifications');
          await settledDeliveries(t, 40, 'status=sent&limit=100');
          const ids = hits('/shared').map((r) => r.headers['faultline-delivery']);
          assert.equal(ids.length, 40, 'no notification sent twice');
          assert.equal(new Set(ids).size, 40);
          rx.reply = previous;
        } finally {
          await second.close();
        }
      });
    }
  });
}

function orphanPayload(t: TestServer) {
  const now = Date.now();
  return {
    rule: { id: 0, name: 'orphan' },
    trigger: { id: 'first_seen', label: 'New issue' },
    project: { id: t.projectId, slug: t.projectSlug, name: t.projectSlug },
    orgSlug: 'faultline',
    issue: { id: 0, shortId: 'SIGNALING-0', title: 'orphan', culprit: '', level: 'error', status: 'unresolved', substatus: 'new', type: 'error', platform: 'node', count: 1, userCount: 0, firstSeen: now, lastSeen: now, metadata: {} },
    event: { eventId: '0'.repeat(32), message: null, level: 'error', platform: 'node', environment: null, release: null, timestamp: now, tags: [] },
  };
}
