/**
 * Email alerts through a real SMTP server (smtp-server, AUTH required): a project created through the API gets the
 * default rule when SMTP is configured, and its first issue mails the project's members — subject, plain text
 * and HTML with title, culprit, counts, first/last seen and the issue link. Without SMTP there is no default
 * rule, and an email action fails permanently with a clear reason instead of retrying.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sendEvent, errorEvent } from '../helpers/send-event.ts';
import { waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { createRule, settledDeliveries, startAlertServer, type RuleJson } from './helpers/alert-server.ts';
import { startSmtpReceiver, type SmtpReceiver } from './helpers/smtp-receiver.ts';

/** Creates a project the way the UI does (so defaults apply) and returns a TestServer pointed at it. */
async function projectViaApi(t: TestServer, slug: string): Promise<TestServer> {
  const created = await t.api<{ id: string; slug: string }>('/api/0/teams/faultline/default/projects/', { method: 'POST', body: JSON.stringify({ name: slug, slug }) });
  assert.equal(created.status, 201);
  const keys = await t.api<Array<{ public: string }>>(`/api/0/projects/faultline/${slug}/keys/`);
  return { ...t, projectId: Number(created.body.id), projectSlug: slug, publicKey: keys.body[0]!.public };
}

describe('email alerts', () => {
  let smtp: SmtpReceiver;
  let t: TestServer;

  before(async () => {
    smtp = await startSmtpReceiver();
    t = await startAlertServer('sqlite', ['--smtp-url', smtp.url, '--email-from', 'Faultline Alerts <alerts@faultline.test>']);
    // Two members of the default team: both are "the project's members".
    for (const email of ['dev@ghost-greeter.test', 'ops@ghost-greeter.test']) {
      const res = await t.api('/api/0/organizations/faultline/members/', { method: 'POST', body: JSON.stringify({ email, password: 'password-123', teams: ['default'] }) });
      assert.equal(res.status, 201);
    }
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('a new project gets the default rule, and its first issue is mailed to the members', async () => {
    const p = await projectViaApi(t, 'dashboard');
    const rules = await p.api<RuleJson[]>(`/api/0/projects/faultline/dashboard/rules/`);
    assert.equal(rules.body.length, 1);
    assert.deepEqual(rules.body[0]!.conditions, [{ id: 'first_seen' }, { id: 'regression' }]);
    assert.deepEqual(rules.body[0]!.actions, [{ id: 'email', targetType: 'members', addresses: [] }]);

    await sendEvent(p, errorEvent('TypeError', 'greeting is undefined', 'renderGreeting', { environment: 'production', release: 'dashboard@2.4.1' }));
    const mail = await waitFor(async () => smtp.mails[0], 'the alert email');
    const issues = await p.api<Array<{ id: string; shortId: string }>>('/api/0/projects/faultline/dashboard/issues/');
    const issue = issues.body[0]!;
    const link = `${t.url}/issues/${issue.id}/`;

    assert.deepEqual(smtp.logins, ['alerts'], 'the credentials of the SMTP URL were used');
    assert.equal(mail.from, 'alerts@faultline.test');
    assert.deepEqual(mail.to.sort(), ['dev@ghost-greeter.test', 'ops@ghost-greeter.test']);
    assert.match(mail.subject, /^\[Faultline\] New issue in dashboard: TypeError: greeting is undefined/);
    for (const body of [mail.text, mail.html]) {
      assert.ok(body.includes('TypeError: greeting is undefined'), 'title');
      assert.ok(body.includes('renderGreeting'), 'culprit');
      assert.ok(body.includes(link), 'issue link');
      assert.ok(body.includes(issue.shortId), 'short id');
      assert.ok(body.includes('production') && body.includes('dashboard@2.4.1'), 'environment and release');
      assert.ok(/First seen/.test(body) && /Last seen/.test(body), 'first and last seen');
    }
    assert.match(mail.text, /Events:\s+1 \(0 users\)/);
    assert.ok(mail.html.includes(`href="${link}"`));

    const [d] = await settledDeliveries(p, 1);
    assert.equal(d!.status, 'sent');
    assert.equal(d!.action, 'email');
    assert.equal(d!.target, 'project members');
    assert.equal(d!.attempts.length, 1);
    assert.equal(d!.attempts[0]!.ok, true);
    assert.equal(d!.attempts[0]!.responseCode, 250);
  });

  it('mails listed addresses; a second event of the issue sends nothing more', async () => {
    const p = await projectViaApi(t, 'widget');
    await createRule(p, { conditions: [{ id: 'first_seen' }], actions: [{ id: 'email', targetType: 'addresses', addresses: ['oncall@ghost-greeter.test'] }] });
    const before = smtp.mails.length;
    await sendEvent(p, errorEvent('RangeError', 'bad offset', 'layoutWidget'));
    await sendEvent(p, errorEvent('RangeError', 'bad offset', 'layoutWidget'));
    await waitForDigest(p);
    const list = await settledDeliveries(p, 2);
    // The default rule (members) and the new rule (one address): one mail each, for the one new issue.
    assert.deepEqual(list.map((d) => d.target).sort(), ['oncall@ghost-greeter.test', 'project members']);
    const mails = smtp.mails.slice(before);
    assert.equal(mails.length, 2);
    assert.ok(mails.some((m) => m.to.length === 1 && m.to[0] === 'oncall@ghost-greeter.test'));
  });
});

describe('email alerts without SMTP', () => {
  let t: TestServer;
  before(async () => {
    t = await startAlertServer('sqlite');
  });
  after(() => t.close());

  it('no default rule, and an email action fails at once with the reason', async () => {
    const p = await projectViaApi(t, 'signaling2');
    assert.deepEqual((await p.api<RuleJson[]>('/api/0/projects/faultline/signaling2/rules/')).body, []);
    await createRule(p, { conditions: [{ id: 'first_seen' }], actions: [{ id: 'email' }] });
    await sendEvent(p, errorEvent('Error', 'no mail', 'noMail'));
    const [d] = await settledDeliveries(p, 1);
    assert.equal(d!.status, 'failed');
    assert.equal(d!.attemptCount, 1, 'a configuration problem is not retried');
    assert.match(d!.lastError ?? '', /FAULTLINE_SMTP_URL/);
    const stats = await p.api<{ emailConfigured: boolean }>('/api/0/projects/faultline/signaling2/alert-stats/');
    assert.equal(stats.body.emailConfigured, false);
  });
});
