/**
 * Retention on both dialects, with the store's clock moved back instead of waiting 90 days: events past their age
 * are deleted in batches except each issue's first and latest, whose counts and first/last seen stay exact; raw
 * items go after their own (shorter) age, and so do transaction aggregates' minute rows (their hourly rows with
 * events); an ingest load running meanwhile loses nothing; and the lease lets one
 * node run the job at a time, another taking over once a dead holder's lease expires.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { claimLease, recordTransactionSamples, releaseLease } from '@faultline/store';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId, sendEvent } from '../helpers/send-event.ts';

const DAY = 86_400_000;

interface Issue {
  id: string;
  title: string;
  count: string;
  firstSeen: string;
  lastSeen: string;
}

for (const dialect of DIALECTS) {
  describe(`retention (${dialect})`, () => {
    let t: TestServer;
    const count = async (sql: string, params: Array<string | number> = []) => Number((await t.server.app.db.get<{ n: number | string }>(sql, params))?.n);
    const issues = async () => (await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`)).body;
    const job = (batchSize: number) =>
      new RetentionJob(t.server.app.db, t.server.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, intervalMs: 0, batchSize, blobs: replayBlobs(t.server.app) });

    before(async () => {
      t = await startTestServer(dialect, ['--retention-interval-minutes', '0']);
    });
    after(async () => t?.close());

    it('deletes expired events in batches but keeps each issue its first and latest event, with exact counts', async () => {
      const a: string[] = [];
      for (let i = 0; i < 5; i++) a.push((await sendEvent(t, errorEvent('TypeError', `a ${i}`, 'alpha', { timestamp: Date.now() / 1000 - 50 + i }))).id);
      for (let i = 0; i < 3; i++) await sendEvent(t, errorEvent('RangeError', `b ${i}`, 'beta'));
      const tx = newEventId();
      const now = Date.now() / 1000;
      const envelope = [JSON.stringify({ event_id: tx }), JSON.stringify({ type: 'transaction' }), JSON.stringify({ event_id: tx, type: 'transaction', transaction: 'GET /', start_timestamp: now - 1, timestamp: now, contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } }, spans: [] })].join('\n');
      assert.equal((await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body: envelope })).status, 200);
      await waitForDigest(t);
      const before = await issues();
      assert.equal(before.length, 2);
      const rawBefore = await count('SELECT COUNT(*) AS n FROM raw_items WHERE project_id = ?', [t.projectId]);
      const spansBefore = (await count('SELECT COUNT(*) AS n FROM spans WHERE project_id = ?', [t.projectId])) + (await count('SELECT COUNT(*) AS n FROM transactions WHERE project_id = ?', [t.projectId]));
      assert.equal(spansBefore, 2, 'the transaction is stored, with its root span');

      // Nothing is old enough yet.
      assert.deepEqual(await job(2).runOnce(), { ran: true, deleted: { event: 0, raw_item: 0, replay: 0, span: 0, transaction_aggregate: 0, artifact_bundle: 0, release_file: 0 } });
      // 40 days later: raw items are past their 30 days, events not past their 90.
      const r40 = await job(2).runOnce(Date.now() + 40 * DAY);
      assert.equal(r40.deleted.event, 0);
      assert.equal(r40.deleted.raw_item, rawBefore);
      assert.equal(r40.deleted.span, spansBefore, 'spans and transactions age as raw items do');
      assert.equal(await count('SELECT COUNT(*) AS n FROM spans WHERE project_id = ?', [t.projectId]), 0);
      // 100 days later, meanwhile a load on a third issue: everything old goes but the keepers, and nothing new.
      const load = Promise.all(Array.from({ length: 10 }, (_, i) => sendEvent(t, errorEvent('SyntaxError', `c ${i}`, 'gamma'))));
      // Only the first two issues' events age (the load's may already be stored).
      await t.server.app.db.run('UPDATE events SET received = received - ? WHERE issue_id IN (?, ?)', [100 * DAY, Number(before[0]!.id), Number(before[1]!.id)]);
      const [r100] = await Promise.all([job(2).runOnce(), load]);
      await waitForDigest(t);
      assert.equal(r100.deleted.event, 3 + 1, 'three of five, one of three');
      const after = await issues();
      assert.equal(after.length, 3);
      for (const issue of before) {
        const now = after.find((i) => i.id === issue.id)!;
        assert.equal(now.count, issue.count, `${issue.title}: count stays exact`);
        assert.equal(now.firstSeen, issue.firstSeen);
        assert.equal(now.lastSeen, issue.lastSeen);
        const events = (await t.api<Array<{ eventID: string }>>(`/api/0/issues/${issue.id}/events/`)).body;
        assert.equal(events.length, 2, `${issue.title} keeps two events`);
      }
      const alpha = after.find((i) => i.title.startsWith('TypeError'))!;
      const kept = (await t.api<Array<{ eventID: string }>>(`/api/0/issues/${alpha.id}/events/`)).body.map((e) => e.eventID).sort();
      assert.deepEqual(kept, [a[0], a[4]].sort(), 'the first and the latest');
      const gamma = after.find((i) => i.title.startsWith('SyntaxError'))!;
      assert.equal(gamma.count, '10');
      assert.equal((await t.api<unknown[]>(`/api/0/issues/${gamma.id}/events/`)).body.length, 10, 'the load lost nothing');
      assert.equal((await t.api(`/api/0/issues/${alpha.id}/events/latest/`)).status, 200);
    });

    it('transaction aggregates: minute and 10-minute rows go with raw items, hourly rows with events', async () => {
      const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      // The first test's transaction left its hourly row (events age, it does not): start from none.
      await t.server.app.db.run('DELETE FROM transaction_aggregates_hourly WHERE project_id = ?', [t.projectId]);
      const samples = [0, 1, 2].map((i) => ({ projectId: t.projectId, transaction: 'GET /', op: 'http.server', environment: '', release: '', ts: hour + i * 60_000, durationMs: 50, failed: false }));
      await t.server.app.db.transaction((tx) => recordTransactionSamples(tx, samples));
      const rows = async () => Promise.all(['transaction_aggregates', 'transaction_aggregates_10m', 'transaction_aggregates_hourly'].map((table) => count(`SELECT COUNT(*) AS n FROM ${table} WHERE project_id = ?`, [t.projectId])));
      assert.deepEqual(await rows(), [3, 1, 1]);
      assert.equal((await job(2).runOnce()).deleted.transaction_aggregate, 0);
      assert.equal((await job(2).runOnce(Date.now() + 40 * DAY)).deleted.transaction_aggregate, 4);
      assert.deepEqual(await rows(), [0, 0, 1]);
      assert.equal((await job(2).runOnce(Date.now() + 100 * DAY)).deleted.transaction_aggregate, 1);
      assert.deepEqual(await rows(), [0, 0, 0]);
    });

    it('one node at a time: a held lease makes another node skip; an expired one is taken over', async () => {
      assert.equal(await claimLease(t.server.app.db, 'retention', 'other-node', 60_000), true);
      assert.deepEqual(await job(10).runOnce(), { ran: false, deleted: { event: 0, raw_item: 0, replay: 0, span: 0, transaction_aggregate: 0, artifact_bundle: 0, release_file: 0 } });
      await releaseLease(t.server.app.db, 'retention', 'other-node');
      assert.equal((await job(10).runOnce()).ran, true);
      // A node that died holding a lease: the next one waits out the lease, then takes it.
      const now = Date.now();
      assert.equal(await claimLease(t.server.app.db, 'demo', 'dead-node', 1_000, now), true);
      assert.equal(await claimLease(t.server.app.db, 'demo', 'next-node', 1_000, now + 500), false);
      assert.equal(await claimLease(t.server.app.db, 'demo', 'dead-node', 1_000, now + 500), true, 'the holder renews');
      assert.equal(await claimLease(t.server.app.db, 'demo', 'next-node', 1_000, now + 1_600), true);
    });
  });
}
