/**
 * Slack, PagerDuty and webhook notifications as their receivers see them (local HTTP receivers on 127.0.0.1):
 * Slack Block Kit with title, culprit, link, environment and release; PagerDuty Events API v2 with
 * `dedup_key` = issue id (a regression updates the same incident, resolving the issue through the API resolves
 * it); Sentry's issue-alert webhook shape signed with the rule's secret (HMAC-SHA256 of the exact body).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { waitFor, type TestServer } from '../helpers/test-server.ts';
import { createRule, settledDeliveries, startAlertServer, type RuleJson } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './helpers/http-receiver.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading receivers' JSON in assertions

describe('Slack, PagerDuty and webhook notifications', () => {
  let t: TestServer;
  let rx: HttpReceiver;
  let rule: RuleJson;
  const at = (path: string): ReceivedRequest[] => rx.requests.filter((r) => r.path.split('?')[0] === path);

  before(async () => {
    rx = await startHttpReceiver();
    rx.reply = (req) => (req.path === '/pd' ? { status: 202, body: '{"status":"success","dedup_key":"x"}' } : { status: 200, body: 'ok' });
    t = await startAlertServer('sqlite');
    rule = await createRule(t, {
      name: 'Everything to everyone',
      conditions: [{ id: 'first_seen' }, { id: 'regression' }],
      frequency: 1,
      actions: [
        { id: 'slack', webhookUrl: `${rx.url}/slack` },
        { id: 'pagerduty', routingKey: 'R0UT1NGKEY0000000000000000000000', apiUrl: `${rx.url}/pd` },
        { id: 'webhook', url: `${rx.url}/hook?token=abc` },
      ],
    });
  });
  after(async () => {
    await t.close();
    await rx.close();
  });

  it('sends each receiver its payload shape for a new issue', async () => {
    const sent = await sendEvent(
      t,
      errorEvent('TypeError', "Cannot read properties of undefined (reading 'peer')", 'onOffer', {
        environment: 'production',
        release: 'signaling@1.8.0',
        tags: { room: 'lobby' },
        server_name: 'sig-1',
      }),
    );
    await waitFor(async () => at('/slack').length === 1 && at('/pd').length === 1 && at('/hook').length === 1, 'three notifications');
    const issue = (await t.api<Json[]>('/api/0/projects/faultline/signaling/issues/')).body[0]!;
    const link = `${t.url}/issues/${issue.id}/`;
    const title = "TypeError: Cannot read properties of undefined (reading 'peer')";

    const slack = at('/slack')[0]!.json as Json;
    assert.equal(slack.text, `New issue in signaling: ${title}`);
    assert.equal(slack.blocks[0].text.text, `*<${link}|${title}>*\n${issue.culprit}`);
    const fields = slack.blocks[2].fields.map((f: Json) => f.text);
    assert.ok(fields.includes('*Environment*\nproduction'));
    assert.ok(fields.includes('*Release*\nsignaling@1.8.0'));
    assert.equal(slack.blocks[3].elements[0].url, link);
    assert.match(slack.blocks[1].elements[0].text, /New issue · SIGNALING-1 · signaling/);

    const pd = at('/pd')[0]!.json as Json;
    assert.equal(pd.routing_key, 'R0UT1NGKEY0000000000000000000000');
    assert.equal(pd.event_action, 'trigger');
    assert.equal(pd.dedup_key, issue.id);
    assert.equal(pd.payload.summary, `[signaling] ${title}`);
    assert.equal(pd.payload.severity, 'error');
    assert.equal(pd.payload.source, issue.culprit);
    assert.equal(pd.payload.component, 'signaling');
    assert.equal(pd.payload.custom_details.environment, 'production');
    assert.equal(pd.payload.custom_details.release, 'signaling@1.8.0');
    assert.deepEqual(pd.links, [{ href: link, text: 'View SIGNALING-1 in Faultline' }]);
    assert.equal(pd.client_url, link);

    const hook = at('/hook')[0]!;
    const body = hook.json as Json;
    assert.equal(hook.path, '/hook?token=abc');
    assert.equal(hook.headers['content-type'], 'application/json');
    assert.equal(hook.headers['sentry-hook-resource'], 'event_alert');
    assert.equal(hook.headers['sentry-hook-signature'], createHmac('sha256', rule.secret).update(hook.body).digest('hex'));
    assert.ok(Math.abs(Number(hook.headers['sentry-hook-timestamp']) - Date.now() / 1000) < 60);
    assert.equal(body.action, 'triggered');
    assert.equal(body.data.triggered_rule, 'Everything to everyone');
    assert.deepEqual(body.data.trigger, { id: 'first_seen', label: 'New issue' });
    assert.equal(body.data.issue.id, issue.id);
    assert.equal(body.data.issue.shortId, 'SIGNALING-1');
    assert.equal(body.data.issue.title, title);
    assert.equal(body.data.issue.count, '1');
    assert.equal(body.data.issue.web_url, link);
    assert.deepEqual(body.data.issue.project, { id: String(t.projectId), slug: 'signaling', name: 'signaling' });
    assert.equal(body.data.event.event_id, sent.id);
    assert.equal(body.data.event.environment, 'production');
    assert.equal(body.data.event.release, 'signaling@1.8.0');
    assert.ok((body.data.event.tags as string[][]).some(([k, v]) => k === 'room' && v === 'lobby'));
    assert.equal(body.data.event.web_url, `${t.url}/issues/${issue.id}/events/${sent.id}/`);

    // The deliveries list names targets without their secrets.
    const list = await settledDeliveries(t, 3);
    const targets = Object.fromEntries(list.map((d) => [d.action, d.target]));
    assert.equal(targets.webhook, `${rx.url}/hook`);
    assert.equal(targets.pagerduty, 'routing key …0000');
    assert.ok(list.every((d) => d.status === 'sent' && d.attempts[0]!.ok));
  });

  it('a signature made with another secret does not match (receivers can tell forgeries)', () => {
    const hook = at('/hook')[0]!;
    assert.notEqual(hook.headers['sentry-hook-signature'], createHmac('sha256', 'not-the-secret').update(hook.body).digest('hex'));
  });

  it('resolving through the API resolves the PagerDuty incident; the regression triggers the same dedup_key again', async () => {
    const issue = (await t.api<Json[]>('/api/0/projects/faultline/signaling/issues/')).body[0]!;
    const res = await t.api(`/api/0/issues/${issue.id}/`, { method: 'PUT', body: JSON.stringify({ status: 'resolved' }) });
    assert.equal(res.status, 200);
    await waitFor(async () => at('/pd').length === 2, 'the resolve');
    assert.deepEqual(at('/pd')[1]!.json, { routing_key: 'R0UT1NGKEY0000000000000000000000', event_action: 'resolve', dedup_key: issue.id });
    assert.equal(at('/slack').length, 1, 'a resolve goes to PagerDuty only');

    // frequency is 1 minute: the regression a minute after the first alert notifies again, on the same incident.
    await t.server.app.db.run('UPDATE alert_rule_fires SET last_fired = last_fired - 61000');
    await sendEvent(t, errorEvent('TypeError', "Cannot read properties of undefined (reading 'peer')", 'onOffer', { environment: 'production', release: 'signaling@1.8.1' }));
    await waitFor(async () => at('/pd').length === 3 && at('/hook').length === 2, 'the regression notifications');
    const pd = at('/pd')[2]!.json as Json;
    assert.equal(pd.event_action, 'trigger');
    assert.equal(pd.dedup_key, issue.id);
    assert.equal(pd.payload.custom_details.trigger, 'Regression');
    assert.deepEqual((at('/hook')[1]!.json as Json).data.trigger, { id: 'regression', label: 'Regression' });
  });
});
