/**
 * Backpressure: with digest off (`--no-digest`) and a small `--max-queue-depth`, the queue fills one envelope at a
 * time. Replays, spans and transactions are refused first (429 + Retry-After + X-Sentry-Rate-Limits naming them)
 * while errors are still accepted; sessions next; errors only at the bound. The queue never grows past its bound
 * (plus what was already in flight), /readyz says so (503 at the bound), and once digest runs again it drains
 * and everything is accepted again.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChildServer, createTestProject, metricSum, newDataDir, until, type Project } from './helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope, replayEnvelope, sessionEnvelope, spanEnvelope, transactionEnvelope, type SendResult } from './helpers/envelopes.ts';

const BOUND = 200;

function limitedCategories(r: SendResult): string[] {
  const header = r.headers?.get('x-sentry-rate-limits') ?? '';
  return header
    .split(',')
    .flatMap((limit) => (limit.trim().split(':')[1] ?? '').split(';'))
    .filter(Boolean);
}

function assertRefused(r: SendResult, category: string): void {
  assert.equal(r.status, 429, `${category}: expected 429, got ${r.status} ${r.body}`);
  const retryAfter = Number(r.headers!.get('retry-after'));
  assert.ok(retryAfter > 0, `${category}: Retry-After is ${r.headers!.get('retry-after')}`);
  assert.ok(limitedCategories(r).includes(category), `${category}: X-Sentry-Rate-Limits is "${r.headers!.get('x-sentry-rate-limits')}"`);
  const header = r.headers!.get('x-sentry-rate-limits')!;
  assert.equal(Number(header.split(':')[0]), retryAfter, 'the rate limit lasts as long as Retry-After says');
  assert.match(JSON.parse(r.body!).detail, /behind|retry/i);
}

describe('backpressure: the least valuable categories are refused first, errors last', () => {
  let server: ChildServer;
  let project: Project;
  const target = { dataDir: newDataDir() };
  const send = (body: Buffer) => postEnvelope(server.url, project.projectId, project.publicKey, body);
  const depth = async () => (await server.readyz()).body.queue.depth;
  const fillTo = async (n: number) => {
    while ((await depth()) < n) {
      const r = await send(errorEnvelope(newEventId(), 1));
      assert.equal(r.status, 200, `error refused at depth ${await depth()} (< ${BOUND}): ${r.body}`);
    }
    assert.equal(await depth(), n);
  };

  before(async () => {
    project = await createTestProject(target);
    server = await ChildServer.create({ ...target, args: ['--max-queue-depth', String(BOUND), '--no-digest'] });
    await server.start();
  });
  after(async () => {
    await server?.stop();
  });

  it('reports the thresholds and is ready while the queue is empty', async () => {
    const r = await server.readyz();
    assert.equal(r.status, 200);
    assert.equal(r.body.digest.enabled, false);
    assert.deepEqual(
      r.body.queue.thresholds.map((t) => t.depth),
      [BOUND * 0.5, BOUND * 0.8, BOUND],
    );
    assert.deepEqual(r.body.queue.refusing, []);
  });

  it('below half the bound everything is accepted', async () => {
    for (const body of [spanEnvelope(), replayEnvelope(newEventId()), transactionEnvelope(newEventId()), sessionEnvelope()]) {
      const r = await send(body);
      assert.equal(r.status, 200, r.body);
      assert.equal(r.headers!.get('x-sentry-rate-limits'), null);
    }
  });

  it('at half the bound replays, spans and transactions get 429 while sessions and errors are accepted', async () => {
    await fillTo(BOUND / 2);
    const ready = await server.readyz();
    assert.equal(ready.status, 200, 'still ready: errors are accepted');
    for (const c of ['replay', 'span', 'transaction']) assert.ok(ready.body.queue.refusing.includes(c), `readyz refusing ${c}`);
    assert.ok(!ready.body.queue.refusing.includes('error'));

    assertRefused(await send(spanEnvelope()), 'span');
    assertRefused(await send(replayEnvelope(newEventId())), 'replay');
    assertRefused(await send(transactionEnvelope(newEventId())), 'transaction');
    assert.equal(await depth(), BOUND / 2, 'refused envelopes are not queued');

    const session = await send(sessionEnvelope());
    assert.equal(session.status, 200, session.body);
    const error = await send(errorEnvelope(newEventId(), 2));
    assert.equal(error.status, 200, error.body);
  });

  it('at 80 % sessions are refused too; errors still accepted', async () => {
    await fillTo(BOUND * 0.8);
    assertRefused(await send(sessionEnvelope()), 'session');
    assertRefused(await send(spanEnvelope()), 'span');
    const error = await send(errorEnvelope(newEventId(), 3));
    assert.equal(error.status, 200, error.body);
  });

  it('at the bound errors are refused, /readyz answers 503, and the queue does not grow', async () => {
    await fillTo(BOUND);
    assertRefused(await send(errorEnvelope(newEventId(), 4)), 'error');
    const ready = await server.readyz();
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'not ready');
    assert.ok(ready.body.queue.refusing.includes('error'));
    assert.equal(ready.body.queue.depth, BOUND);

    // A burst of concurrent errors at the bound: every one refused, the queue stays at its bound.
    const burst = await Promise.all(Array.from({ length: 100 }, () => send(errorEnvelope(newEventId(), 5))));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [429]);
    assert.equal(await depth(), BOUND);
  });

  it('refusals are counted as backpressure outcomes per category', async () => {
    const m = await server.metrics();
    for (const category of ['span', 'replay', 'transaction', 'session', 'error']) {
      assert.ok(metricSum(m, 'faultline_outcomes_total', { reason: 'backpressure', category }) >= 1, `backpressure outcome for ${category}`);
    }
    assert.ok(metricSum(m, 'faultline_outcomes_total', { reason: 'backpressure', category: 'error' }) >= 101);
    assert.equal(metricSum(m, 'faultline_queue_depth'), BOUND);
  });

  it('a concurrent burst just below the bound overshoots it by at most what was in flight', async (t) => {
    // Restart with a fresh queue one below a new, larger bound; the burst races the depth check.
    await server.stop();
    const dir = { dataDir: newDataDir() };
    const p = await createTestProject(dir);
    const bound = 50;
    const s = await ChildServer.create({ ...dir, args: ['--max-queue-depth', String(bound), '--no-digest'] });
    await s.start();
    try {
      const sendTo = (body: Buffer) => postEnvelope(s.url, p.projectId, p.publicKey, body);
      for (let i = 0; i < bound - 1; i++) assert.equal((await sendTo(errorEnvelope(newEventId(), i))).status, 200);
      const inFlight = 64;
      const burst = await Promise.all(Array.from({ length: inFlight }, () => sendTo(errorEnvelope(newEventId(), 9))));
      const accepted = burst.filter((r) => r.status === 200).length;
      assert.ok(burst.every((r) => r.status === 200 || r.status === 429));
      const d = (await s.readyz()).body.queue.depth;
      assert.equal(d, bound - 1 + accepted);
      assert.ok(d <= bound + inFlight, `queue at ${d}, bound ${bound} + ${inFlight} in flight`);
      t.diagnostic(`burst of ${inFlight} errors at depth ${bound - 1} of ${bound}: ${accepted} accepted, queue ended at ${d}`);
      // Once over the bound, nothing more gets in.
      assertRefused(await sendTo(errorEnvelope(newEventId(), 10)), 'error');
      assert.equal((await s.readyz()).body.queue.depth, d);
    } finally {
      await s.stop();
    }
  });

  it('with digest back on, the queue drains and every category is accepted again', async () => {
    const s = await ChildServer.create({ ...target, port: server.port, args: ['--max-queue-depth', String(BOUND)] });
    await s.start();
    server = s;
    await until(async () => (await s.readyz()).status === 200 && (await depth()) === 0, 'the queue to drain', 60_000, 100);
    for (const body of [spanEnvelope(), replayEnvelope(newEventId()), sessionEnvelope(), errorEnvelope(newEventId(), 6)]) {
      const r = await send(body);
      assert.equal(r.status, 200, r.body);
    }
  });
});
