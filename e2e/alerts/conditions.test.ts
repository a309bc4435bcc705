/**
 * When rules fire, on SQLite and PostgreSQL: a resolved issue regressing, an ignored issue escalating (its ignore
 * count runs out), "seen more than N times in M minutes" (once, not on every later event of the window),
 * and the filters (level ≥, environment, tag). A delivery row is written in the digest transaction, so after
 * digest has drained the deliveries list is final: "nothing fired" is checked exactly, not by waiting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { DIALECTS, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { createRule, deliveries, rulesPath, startAlertServer } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.ts';

for (const dialect of DIALECTS) {
  describe(`alert conditions (${dialect})`, () => {
    let t: TestServer;
    let rx: HttpReceiver;
    const hook = () => [{ id: 'webhook', url: `${rx.url}/hook` }];
    const issueOf = async (fn: string) => {
      const list = await t.api<Array<{ id: string; culprit: string }>>(`/api/0/projects/faultline/signaling/issues/?query=&limit=100`);
      return list.body.find((i) => i.culprit.includes(fn))!;
    };
    /** Deliveries of the given rule, oldest first, once digest has drained. */
    const firedBy = async (ruleId: string) => {
      await waitForDigest(t);
      return (await deliveries(t, `rule=${ruleId}`)).reverse();
    };

    before(async () => {
      rx = await startHttpReceiver();
      t = await startAlertServer(dialect);
    });
    after(async () => {
      await t.close();
      await rx.close();
    });

    it('regression: fires when a resolved issue comes back, not for the new issue', async () => {
      const rule = await createRule(t, { conditions: [{ id: 'regression' }], actions: hook() });
      await sendEvent(t, errorEvent('Error', 'came back', 'regressingHandler'));
      assert.deepEqual(await firedBy(rule.id), []);
      const issue = await issueOf('regressingHandler');
      assert.equal((await t.api(`/api/0/issues/${issue.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved' }) })).status, 200);
      await sendEvent(t, errorEvent('Error', 'came back', 'regressingHandler'));
      await sendEvent(t, errorEvent('Error', 'came back', 'regressingHandler'));
      const fired = await firedBy(rule.id);
      assert.equal(fired.length, 1);
      assert.equal(fired[0]!.trigger, 'regression');
      assert.equal(fired[0]!.issueId, issue.id);
    });

    it('escalating: fires when an ignored issue outruns its ignore count', async () => {
      const rule = await createRule(t, { conditions: [{ id: 'escalating' }], actions: hook() });
      await sendEvent(t, errorEvent('Error', 'noisy', 'escalatingHandler'));
      await waitForDigest(t);
      const issue = await issueOf('escalatingHandler');
      const ignored = await t.api(`/api/0/issues/${issue.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'ignored', statusDetails: { ignoreCount: 3 } }) });
      assert.equal(ignored.status, 200);
      await sendEvent(t, errorEvent('Error', 'noisy', 'escalatingHandler'));
      await sendEvent(t, errorEvent('Error', 'noisy', 'escalatingHandler'));
      assert.deepEqual(await firedBy(rule.id), [], 'still within the ignore count');
      await sendEvent(t, errorEvent('Error', 'noisy', 'escalatingHandler'));
      await sendEvent(t, errorEvent('Error', 'noisy', 'escalatingHandler'));
      const fired = await firedBy(rule.id);
      assert.equal(fired.length, 1);
      assert.equal(fired[0]!.trigger, 'escalating');
      const details = await t.api<{ status: string; substatus: string }>(`/api/0/issues/${issue.id}/`);
      assert.deepEqual([details.body.status, details.body.substatus], ['unresolved', 'escalating']);
    });

    it('frequency: more than 5 events in 5 minutes fires once for the window', async () => {
      const rule = await createRule(t, { conditions: [{ id: 'event_frequency', value: 5, interval: '5m' }], frequency: 1, actions: hook() });
      for (let i = 0; i < 5; i++) await sendEvent(t, errorEvent('Error', 'busy', 'busyHandler'));
      assert.deepEqual(await firedBy(rule.id), [], 'five is not more than five');
      for (let i = 0; i < 6; i++) await sendEvent(t, errorEvent('Error', 'busy', 'busyHandler'));
      const fired = await firedBy(rule.id);
      assert.equal(fired.length, 1, 'once per 5-minute window, though the rule frequency is 1 minute');
      assert.equal(fired[0]!.trigger, 'event_frequency');
      // A minute later the rule's own frequency would allow it, the window does not; past the window it fires again.
      await t.server.app.db.run('UPDATE alert_rule_fires SET last_fired = last_fired - 90000 WHERE rule_id = ?', [Number(rule.id)]);
      await sendEvent(t, errorEvent('Error', 'busy', 'busyHandler'));
      assert.equal((await firedBy(rule.id)).length, 1);
      await t.server.app.db.run('UPDATE alert_rule_fires SET last_fired = last_fired - 300000 WHERE rule_id = ?', [Number(rule.id)]);
      await sendEvent(t, errorEvent('Error', 'busy', 'busyHandler'));
      assert.equal((await firedBy(rule.id)).length, 2);
    });

    it('frequency over hours counts the hourly counters', async () => {
      const rule = await createRule(t, { conditions: [{ id: 'event_frequency', value: 2, interval: '1d' }], actions: hook() });
      for (let i = 0; i < 3; i++) await sendEvent(t, errorEvent('Error', 'daily', 'dailyHandler'));
      const fired = await firedBy(rule.id);
      assert.equal(fired.length, 1);
    });

    it('filters: level at least error, one environment, a tag value', async () => {
      const rule = await createRule(t, {
        conditions: [{ id: 'first_seen' }],
        environment: 'production',
        filters: [
          { id: 'level', match: 'gte', level: 'error' },
          { id: 'tagged_event', key: 'room', match: 'eq', value: 'lobby' },
        ],
        actions: hook(),
      });
      const base = { environment: 'production', tags: { room: 'lobby' } };
      await sendEvent(t, errorEvent('Error', 'w', 'filteredWarning', { ...base, level: 'warning' }));
      await sendEvent(t, errorEvent('Error', 's', 'filteredStaging', { ...base, environment: 'staging' }));
      await sendEvent(t, errorEvent('Error', 't', 'filteredTag', { ...base, tags: { room: 'hall' } }));
      assert.deepEqual(await firedBy(rule.id), []);
      await sendEvent(t, errorEvent('Error', 'f', 'filteredFatal', { ...base, level: 'fatal' }));
      const fired = await firedBy(rule.id);
      assert.equal(fired.length, 1);
      assert.equal(fired[0]!.issueId, (await issueOf('filteredFatal')).id);
    });

    it('a disabled rule does nothing', async () => {
      const rule = await createRule(t, { conditions: [{ id: 'first_seen' }], actions: hook() });
      const off = await t.api(`${rulesPath(t)}${rule.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'disabled' }) });
      assert.equal(off.status, 200);
      await sendEvent(t, errorEvent('Error', 'quiet', 'disabledRuleHandler'));
      assert.deepEqual(await firedBy(rule.id), []);
    });
  });
}
