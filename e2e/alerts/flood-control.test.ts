/**
 * No notification floods, on SQLite and PostgreSQL: 100 events of one issue (sent concurrently, so digest sees
 * them in shared batches) notify once per rule and action within the rule's frequency; and the per-project hourly
 * cap holds notifications back once reached, counting each one held back as suppressed (shown by alert-stats).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { DIALECTS, waitForDigest } from '../helpers/test-server.ts';
import { createRule, deliveries, settledDeliveries, startAlertServer } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.ts';

interface Stats {
  hourlyCap: number;
  lastHour: { notified: number; suppressed: number };
  last24h: { notified: number; suppressed: number };
  hourly: Array<{ hour: string; notified: number; suppressed: number }>;
}

for (const dialect of DIALECTS) {
  describe(`flood control (${dialect})`, () => {
    let rx: HttpReceiver;
    before(async () => {
      rx = await startHttpReceiver();
    });
    after(() => rx.close());

    it('100 events of one issue: one notification per action in the window', async () => {
      const t = await startAlertServer(dialect);
      try {
        const rule = await createRule(t, {
          conditions: [{ id: 'first_seen' }, { id: 'event_frequency', value: 10, interval: '1m' }],
          actions: [
            { id: 'webhook', url: `${rx.url}/flood-${dialect}` },
            { id: 'slack', webhookUrl: `${rx.url}/flood-slack-${dialect}` },
          ],
        });
        assert.equal(rule.frequency, 30, "Sentry's default frequency");
        for (let i = 0; i < 10; i++) {
          await Promise.all(Array.from({ length: 10 }, () => sendEvent(t, errorEvent('Error', 'storm', 'stormHandler'))));
        }
        await waitForDigest(t);
        const list = await settledDeliveries(t, 2);
        assert.equal(list.length, 2, 'one per action');
        assert.deepEqual(list.map((d) => d.trigger), ['first_seen', 'first_seen']);
        const issues = await t.api<Array<{ count: string }>>('/api/0/projects/faultline/signaling/issues/');
        assert.equal(issues.body[0]!.count, '100');
        assert.equal(rx.requests.filter((r) => r.path.startsWith(`/flood-${dialect}`)).length, 1);
        assert.equal(rx.requests.filter((r) => r.path.startsWith(`/flood-slack-${dialect}`)).length, 1);
      } finally {
        await t.close();
      }
    });

    it('the hourly project cap holds notifications back and counts them as suppressed', async () => {
      const t = await startAlertServer(dialect, ['--alert-hourly-cap', '3']);
      try {
        await createRule(t, { conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: `${rx.url}/cap-${dialect}` }] });
        for (let i = 0; i < 5; i++) await sendEvent(t, errorEvent('Error', `distinct ${i}`, `capHandler${i}`));
        await waitForDigest(t);
        assert.equal((await deliveries(t)).length, 3);
        const stats = await t.api<Stats>('/api/0/projects/faultline/signaling/alert-stats/');
        assert.equal(stats.body.hourlyCap, 3);
        assert.deepEqual(stats.body.lastHour, { notified: 3, suppressed: 2 });
        assert.deepEqual(stats.body.last24h, { notified: 3, suppressed: 2 });
        assert.equal(stats.body.hourly.length, 1);
        await settledDeliveries(t, 3);
        assert.equal(rx.requests.filter((r) => r.path === `/cap-${dialect}`).length, 3);
      } finally {
        await t.close();
      }
    });
  });
}
