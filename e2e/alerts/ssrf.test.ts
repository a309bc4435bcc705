/**
 * SSRF through alert actions (issue 8, finding 4), on both dialects: a rule whose URL's host is a literal internal
 * address is refused with a 400; a rule naming `localhost` is accepted (names are judged when connecting) but its
 * notification is refused after resolution, so the receiver on 127.0.0.1 sees nothing and the delivery log shows a
 * refusal, never a response body. With `--alert-allow-hosts` the same receiver gets the notification, and an
 * error answer is logged as its status line only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { FAST_RETRY, createRule, rulesPath, settledDeliveries } from './helpers/alert-server.ts';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.ts';

for (const dialect of DIALECTS) {
  describe(`alert notifications refuse internal addresses (${dialect})`, () => {
    let rx: HttpReceiver;
    let port: string;
    before(async () => {
      rx = await startHttpReceiver();
      rx.reply = () => ({ status: 500, body: 'internal-only: the admin password is hunter2' });
      port = new URL(rx.url).port;
    });
    after(async () => rx.close());

    describe('without an allow-list', () => {
      let t: TestServer;
      before(async () => {
        t = await startTestServer(dialect, FAST_RETRY);
      });
      after(async () => t.close());

      it('refuses a rule whose URL is a literal internal address, in any spelling', async () => {
        const hosts = ['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', '0x7f.0.0.1', '169.254.169.254', '10.0.0.8', '[::1]', '[fd00::1]'];
        for (const host of hosts) {
          for (const action of [
            { id: 'webhook', url: `http://${host}:${port}/hook` },
            { id: 'slack', webhookUrl: `http://${host}:${port}/slack` },
            { id: 'pagerduty', routingKey: 'R0UT1NGKEY0000000000000000000000', apiUrl: `http://${host}:${port}/pd` },
          ]) {
            const res = await t.api<{ detail: string }>(rulesPath(t), { method: 'POST', body: JSON.stringify({ name: 'x', conditions: [{ id: 'first_seen' }], actions: [action] }) });
            assert.equal(res.status, 400, `${host} ${action.id}`);
            assert.match(res.body.detail, /^actions\[0\]\.(url|webhookUrl|apiUrl): refused: .* address/, `${host} ${action.id}`);
          }
        }
        const existing = await createRule(t, { name: 'public', conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: 'https://hooks.example.com/x' }] });
        const edit = await t.api<{ detail: string }>(`${rulesPath(t)}${existing.id}/`, { method: 'PUT', body: JSON.stringify({ actions: [{ id: 'webhook', url: `http://127.0.0.1:${port}/` }] }) });
        assert.equal(edit.status, 400, 'an update is checked too');
        assert.match(edit.body.detail, /127\.0\.0\.1 is a loopback address/);
        await t.api(`${rulesPath(t)}${existing.id}/`, { method: 'DELETE' });
      });

      it('refuses at connect time a name that resolves to loopback: nothing reaches the receiver, no body is logged', async () => {
        await createRule(t, { name: 'via a name', conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: `http://localhost:${port}/hook` }] });
        await sendEvent(t, errorEvent('Error', 'ssrf probe', 'probe'));
        const [d] = await settledDeliveries(t, 1);
        assert.equal(d!.status, 'failed', 'a refusal is not retried');
        assert.equal(d!.attemptCount, 1);
        assert.equal(d!.attempts[0]!.responseCode, null);
        assert.match(d!.lastError ?? '', /^refused: localhost resolves to a non-public address/);
        assert.equal(rx.requests.length, 0, 'no request reached the receiver');
      });
    });

    describe('with the receiver allowed', () => {
      let t: TestServer;
      before(async () => {
        t = await startTestServer(dialect, [...FAST_RETRY, '--alert-allow-hosts', '127.0.0.1/32,localhost']);
      });
      after(async () => t.close());

      it('delivers to it, and logs only the status line of its error answer', async () => {
        rx.requests.length = 0;
        await createRule(t, { name: 'allowed', conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: `http://127.0.0.1:${port}/hook` }] });
        await sendEvent(t, errorEvent('Error', 'allowed receiver', 'probe'));
        rx.reply = () => ({ status: 404, body: 'internal-only: the admin password is hunter2' });
        const [d] = await settledDeliveries(t, 1);
        assert.equal(rx.requests.length, 1);
        assert.equal(d!.attempts[0]!.responseCode, 404);
        assert.equal(d!.lastError, 'HTTP 404');
        const all = JSON.stringify((await t.api(`/api/0/projects/faultline/${t.projectSlug}/alert-deliveries/`)).body);
        assert.ok(!all.includes('hunter2'), 'the response body is stored nowhere in the log');
      });
    });
  });
}
