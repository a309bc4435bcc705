/**
 * Digest on its own thread (what `faultline start` runs), both dialects: events sent to ingest are digested by
 * the thread, its counters reach /metrics, API changes reach its caches (scrubbing; alert rules, through the
 * plug-in's `changed` hook), and a thread that dies is restarted while /readyz says digest is down.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import type { DigestThread } from '../../packages/server/src/worker/digest-thread.ts';
import { ALLOW_LOCAL_RECEIVERS, createRule, deliveries } from '../alerts/helpers/alert-server.ts';
import { startHttpReceiver } from '../alerts/helpers/http-receiver.ts';

for (const dialect of DIALECTS) {
  describe(`digest thread: ${dialect}`, () => {
    let t: TestServer;
    const thread = () => t.server.app.worker as DigestThread;
    before(async () => {
      t = await startTestServer(dialect, ALLOW_LOCAL_RECEIVERS, { digestThread: true });
      await waitFor(async () => thread().up, 'the digest thread to be up');
    });
    after(() => t.close());

    it('digests what ingest appends, and its counters show on /metrics', async () => {
      const { id } = await sendEvent(t, errorEvent('TypeError', 'on the thread', 'threaded'));
      await waitForDigest(t);
      const ev = await t.api<{ eventID: string }>(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`);
      assert.equal(ev.status, 200);
      assert.equal(ev.body.eventID, id);
      assert.equal(t.server.app.queue.depth(), 0, 'the ingest side learned the queue position');
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      assert.match(metrics, /^faultline_events_digested_total [1-9]/m);
      // The thread's own heap, which the main thread's nodejs_heap_* gauges do not include.
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
      const heap = gauge('faultline_digest_thread_heap_size_total_bytes');
      assert.ok(heap > 0 && gauge('faultline_digest_thread_heap_size_used_bytes') > 0 && gauge('faultline_digest_thread_heap_size_used_bytes') <= heap, `digest thread heap ${heap}`);
    });

    it('a scrubbing change made through the API applies to the next event at once', async () => {
      const put = await t.api(`/api/0/projects/faultline/${t.projectSlug}/`, { method: 'PUT', body: JSON.stringify({ sensitiveFields: ['flavour'] }) });
      assert.equal(put.status, 200);
      const { id } = await sendEvent(t, errorEvent('Error', 'scrub me', 'scrubbed', { extra: { flavour: 'vanilla' } }));
      await waitForDigest(t);
      const ev = await t.api<{ context: Record<string, unknown> }>(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`);
      assert.equal(ev.status, 200);
      assert.notEqual(ev.body.context.flavour, 'vanilla');
    });

    it('an alert rule made through the API applies to the next event at once', async () => {
      const rx = await startHttpReceiver();
      try {
        // The thread has just looked up this project's rules (none) and would keep that answer for 2 s.
        await sendEvent(t, errorEvent('Error', 'before the rule', 'unruled'));
        await waitForDigest(t);
        const rule = await createRule(t, { conditions: [{ id: 'first_seen' }], frequency: 1, actions: [{ id: 'webhook', url: `${rx.url}/hook` }] });
        await sendEvent(t, errorEvent('Error', 'after the rule', 'ruled'));
        await waitForDigest(t);
        assert.deepEqual((await deliveries(t)).map((d) => d.ruleId), [rule.id]);
        await waitFor(async () => rx.requests.length === 1, 'the webhook from the thread');
      } finally {
        await rx.close();
      }
    });

    it('a digest thread that dies is restarted, and /readyz names digest while it is down', async () => {
      const down = once(thread(), 'down');
      await thread().thread!.terminate();
      await down;
      const ready = await fetch(`${t.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { digest: { status: string } }).digest.status, 'down (restarting)');
      await once(thread(), 'up');
      assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
      const { id } = await sendEvent(t, errorEvent('RangeError', 'after the restart', 'restarted'));
      await waitForDigest(t);
      assert.equal((await t.api(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`)).status, 200);
    });
  });
}
