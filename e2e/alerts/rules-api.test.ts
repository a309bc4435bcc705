/**
 * The rules API: create with defaults, read, edit part of a rule, round-trip the GET shape through PUT, rotate the
 * webhook secret, refuse bad bodies with the field named, hide other teams' projects, and delete (which cancels
 * the rule's deliveries still waiting; those already made stay as history).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProject, createToken, createUser } from '@faultline/store';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { apiOf, createRule, deliveries, rulesPath, startAlertServer, type RuleJson } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.ts';

describe('alert rules API', () => {
  let t: TestServer;
  let rx: HttpReceiver;
  const body = { conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: 'https://hooks.example.com/faultline' }] };

  before(async () => {
    rx = await startHttpReceiver();
    rx.reply = () => ({ status: 500, body: 'down' });
    // Slow retries: a failed delivery stays pending for the deletion test.
    t = await startAlertServer('sqlite', ['--alert-retry-base-ms', '600000']);
  });
  after(async () => {
    await t.close();
    await rx.close();
  });

  it('creates with defaults and reads back', async () => {
    const rule = await createRule(t, { ...body, name: 'Webhook on new issues' });
    assert.match(rule.id, /^\d+$/);
    assert.equal(rule.name, 'Webhook on new issues');
    assert.equal(rule.status, 'active');
    assert.equal(rule.frequency, 30);
    assert.equal(rule.environment, null);
    assert.match(rule.secret, /^[0-9a-f]{48}$/);
    assert.equal(rule.lastTriggered, null);
    const one = await t.api<RuleJson & { projects: string[]; actionMatch: string; filterMatch: string }>(`${rulesPath(t)}${rule.id}/`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.projects, ['signaling']);
    assert.equal(one.body.actionMatch, 'any');
    assert.equal(one.body.filterMatch, 'all');
    const list = await t.api<RuleJson[]>(rulesPath(t));
    assert.ok(list.body.some((r) => r.id === rule.id));
  });

  it('edits part of a rule, accepts its own GET shape back, rotates the secret', async () => {
    const rule = await createRule(t, { ...body, environment: 'production', frequency: 5 });
    const renamed = await t.api<RuleJson>(`${rulesPath(t)}${rule.id}/`, { method: 'PUT', body: JSON.stringify({ name: 'Renamed' }) });
    assert.equal(renamed.status, 200);
    assert.deepEqual([renamed.body.name, renamed.body.environment, renamed.body.frequency, renamed.body.secret], ['Renamed', 'production', 5, rule.secret]);
    const same = await t.api<RuleJson>(`${rulesPath(t)}${rule.id}/`, { method: 'PUT', body: JSON.stringify(renamed.body) });
    assert.equal(same.status, 200);
    assert.deepEqual({ ...same.body, dateModified: null }, { ...renamed.body, dateModified: null });
    const rotated = await t.api<RuleJson>(`${rulesPath(t)}${rule.id}/`, { method: 'PUT', body: JSON.stringify({ regenerateSecret: true }) });
    assert.notEqual(rotated.body.secret, rule.secret);
    assert.match(rotated.body.secret, /^[0-9a-f]{48}$/);
  });

  it('refuses bad bodies with the field named', async () => {
    const named = { ...body, name: 'x' };
    const cases: Array<[unknown, string]> = [
      [{ ...named, name: '' }, 'name: must be a non-empty string'],
      [{ ...named, actions: [] }, 'actions: needs at least 1'],
      [{ ...named, conditions: [{ id: 'event_frequency', value: 10 }] }, 'conditions[0].interval'],
      [{ ...named, actions: [{ id: 'slack', webhookUrl: 'not a url' }] }, 'actions[0].webhookUrl: must be an http(s) URL'],
      [{ ...named, actions: [{ id: 'sms' }] }, 'actions[0].id: unknown action "sms"'],
      [[1, 2], 'rule: must be a JSON object'],
    ];
    for (const [input, detail] of cases) {
      const res = await t.api<{ detail: string }>(rulesPath(t), { method: 'POST', body: JSON.stringify(input) });
      assert.equal(res.status, 400, JSON.stringify(input));
      assert.ok(res.body.detail.startsWith(detail), `${res.body.detail} should start with ${detail}`);
    }
    const bad = await t.api<{ detail: string }>(`${rulesPath(t)}999999/`, { method: 'PUT', body: JSON.stringify({ name: 'x' }) });
    assert.equal(bad.status, 404);
  });

  it("rules of another team's project are not found; another project's rule is not found under this one", async () => {
    const { db } = t.server.app;
    const org = (await db.get<{ id: number }>("SELECT id FROM organizations WHERE slug = 'faultline'"))!;
    const team = (await db.get<{ id: number }>("INSERT INTO teams (org_id, slug, name, created_at) VALUES (?, 'other', 'Other', ?) RETURNING id", [org.id, Date.now()]))!;
    const { project } = await createProject(db, { orgId: org.id, teamId: team.id, slug: 'secret-project' });
    const theirs = await createRule({ ...t, projectSlug: 'secret-project' }, body);
    assert.equal((await t.api(`${rulesPath(t)}${theirs.id}/`)).status, 404, 'a rule id of another project');
    const member = await createUser(db, { email: 'member@ghost-greeter.test', passwordHash: 'x', isAdmin: false });
    const { token } = await createToken(db, { userId: member.id, name: 'member', scopes: ['project:read', 'alerts:write'] });
    const asMember = apiOf(t.url, token);
    assert.equal((await asMember(`/api/0/projects/faultline/${project.slug}/rules/`)).status, 404);
    assert.equal((await asMember(`/api/0/projects/faultline/${project.slug}/rules/`, { method: 'POST', body: JSON.stringify(body) })).status, 404);
    assert.equal((await asMember(`/api/0/projects/faultline/${project.slug}/alert-deliveries/`)).status, 404);
  });

  it('shows Slack URLs, routing keys, webhook URLs and the signing secret only to who can edit the rule', async () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/sl4ckS3cretXYZ9';
    const hook = 'https://hooks.example.com/in/wh00kS3cret?token=qu3ryS3cret';
    const rule = await createRule(t, {
      conditions: [{ id: 'first_seen' }],
      actions: [
        { id: 'slack', webhookUrl: slack },
        { id: 'pagerduty', routingKey: 'r0ut1ngKeyS3cret0042' },
        { id: 'webhook', url: hook },
      ],
    });
    const readOnly = (await createToken(t.server.app.db, { userId: null, name: 'read-only', scopes: ['project:read', 'alerts:read'] })).token;
    const asReader = apiOf(t.url, readOnly);
    const one = await asReader<RuleJson & { actions: Array<Record<string, unknown>> }>(`${rulesPath(t)}${rule.id}/`);
    const listed = (await asReader<Array<RuleJson & { actions: Array<Record<string, unknown>> }>>(rulesPath(t))).body.find((r) => r.id === rule.id)!;
    for (const seen of [one.body, listed]) {
      const text = JSON.stringify(seen);
      for (const secret of ['sl4ckS3cret', 'r0ut1ngKeyS3cret', 'qu3ryS3cret', rule.secret]) assert.ok(!text.includes(secret), `${secret} shown to a read-only token`);
      assert.equal(seen.secret, null);
      assert.deepEqual(seen.actions.map((a) => a.webhookUrl ?? a.routingKey ?? a.url), ['https://hooks.slack.com/services/…XYZ9', '…0042', 'https://hooks.example.com/in/wh00kS3cret']);
    }
    // A writer (the test's token) sees the rule whole, and a read-only token cannot change it.
    const whole = await t.api<RuleJson & { actions: Array<Record<string, unknown>> }>(`${rulesPath(t)}${rule.id}/`);
    assert.deepEqual(whole.body.actions.map((a) => a.webhookUrl ?? a.routingKey ?? a.url), [slack, 'r0ut1ngKeyS3cret0042', hook]);
    assert.equal(whole.body.secret, rule.secret);
    assert.equal((await asReader(`${rulesPath(t)}${rule.id}/`, { method: 'PUT', body: JSON.stringify({ name: 'mine' }) })).status, 403);
  });

  it('delete cancels the deliveries still waiting and keeps the rest as history; lastTriggered is set', async () => {
    const rule = await createRule(t, { conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: `${rx.url}/x` }] });
    await sendEvent(t, errorEvent('Error', 'doomed', 'doomedHandler'));
    await waitForDigest(t);
    await waitFor(async () => (await deliveries(t, `rule=${rule.id}`))[0]?.attemptCount === 1, 'the first (failed) attempt');
    const fired = await t.api<RuleJson>(`${rulesPath(t)}${rule.id}/`);
    assert.ok(fired.body.lastTriggered);
    assert.equal((await t.api(`${rulesPath(t)}${rule.id}/`, { method: 'DELETE' })).status, 204);
    assert.equal((await t.api(`${rulesPath(t)}${rule.id}/`)).status, 404);
    const [d] = await deliveries(t, `rule=${rule.id}`);
    assert.equal(d!.status, 'cancelled');
    assert.equal(d!.lastError, 'rule deleted');
    assert.equal(d!.attempts.length, 1, 'the attempt made stays in the log');
  });
});
