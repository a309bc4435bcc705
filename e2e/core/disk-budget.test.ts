/**
 * The disk budget on both dialects: a store filled past `--max-disk-bytes` by the real SDK's envelopes (fixtures,
 * through ingest, padded) returns under it in one retention run — the largest project loses its oldest data first
 * (spans, then events), in batches, and the smaller project nothing — while every issue keeps its first and
 * latest event and its exact count; on SQLite the file on disk shrinks (incremental vacuum).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, ensureDefaults, storedBytes } from '@faultline/store';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { sendFixture } from '../helpers/send-fixture.ts';

const EVENTS = ['node/03-event.envelope', 'node/04-event.envelope', 'node/05-event.envelope', 'node/07-event.envelope', 'node/08-event.envelope'];

interface Issue {
  id: string;
  count: string;
}

for (const dialect of DIALECTS) {
  describe(`disk budget (${dialect})`, () => {
    let t: TestServer;
    const db = () => t.server.app.db;
    const count = async (sql: string, params: Array<string | number> = []) => Number((await db().get<{ n: number | string }>(sql, params))?.n);
    const fileBytes = () => (dialect === 'sqlite' ? statSync(join(t.dataDir, 'faultline.sqlite')).size : 0);

    before(async () => {
      t = await startTestServer(dialect, ['--retention-interval-minutes', '0']);
    });
    after(async () => t?.close());

    it('deletes the oldest data of the largest project until under budget; counts stay exact; the SQLite file shrinks', async () => {
      const { org, team } = await ensureDefaults(db());
      const { project: small, key } = await createProject(db(), { orgId: org.id, teamId: team.id, slug: 'small', platform: 'node' });
      const smallTarget = { ...t, projectId: small.id, publicKey: key.public_key };
      // Oldest first: 10 span containers (20 spans), then 60 padded events on five issues; the small project gets 10 events on one issue (8 of them deletable).
      for (let i = 0; i < 10; i++) await sendFixture(t, 'node/01-span.envelope');
      await waitForDigest(t);
      for (let i = 0; i < 60; i++) await sendFixture(t, EVENTS[i % EVENTS.length]!, { blob: randomBytes(6000).toString('base64') });
      for (let i = 0; i < 10; i++) await sendFixture(smallTarget, EVENTS[0]!, { blob: randomBytes(6000).toString('base64') });
      await waitForDigest(t);
      if (dialect === 'sqlite') await db().exec('PRAGMA wal_checkpoint(TRUNCATE)');

      const issuesOf = async (slug: string) => (await t.api<Issue[]>(`/api/0/projects/faultline/${slug}/issues/?query=`)).body;
      const bigIssues = await issuesOf(t.projectSlug);
      const smallIssues = await issuesOf('small');
      assert.equal(bigIssues.reduce((n, i) => n + Number(i.count), 0), 60);
      const spansBefore = await count('SELECT COUNT(*) AS n FROM spans WHERE project_id = ?', [t.projectId]);
      assert.equal(spansBefore, 20, 'the spans are stored');
      const start = await storedBytes(db());
      const data = await count('SELECT SUM(size) AS n FROM events');
      assert.ok(data > 400_000, `the padding is stored (${data} bytes of events)`);
      const fileBefore = fileBytes();
      // A budget that needs about a third of the data gone: less than the big project's lead over the small one.
      const max = Math.round(start.bytes - data / 3);

      const job = new RetentionJob(db(), t.server.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, maxDiskBytes: max, intervalMs: 0, batchSize: 5, blobs: replayBlobs(t.server.app) });
      const r = await job.runOnce();
      assert.ok(r.budget, 'the budget ran');
      assert.equal(r.budget.before, start.bytes);
      assert.ok(r.budget.after <= max, `under budget: ${r.budget.after} <= ${max}`);
      assert.ok((await storedBytes(db())).bytes <= max);
      assert.equal(r.deleted.span, spansBefore, 'the oldest data (the spans) went first');
      assert.ok(r.deleted.event > 5, `events went too, in several batches (${r.deleted.event})`);
      assert.ok(r.deleted.event <= 60 - 2 * bigIssues.length, 'keepers stay');
      if (dialect === 'sqlite') assert.ok(fileBytes() < fileBefore, `the file shrank: ${fileBytes()} < ${fileBefore}`);

      assert.equal(await count('SELECT COUNT(*) AS n FROM events WHERE project_id = ?', [small.id]), 10, 'the smaller project lost nothing');
      assert.deepEqual(await issuesOf('small'), smallIssues);
      const after = await issuesOf(t.projectSlug);
      for (const issue of bigIssues) {
        assert.equal(after.find((i) => i.id === issue.id)?.count, issue.count, 'the count stays exact');
        const left = (await t.api<unknown[]>(`/api/0/issues/${issue.id}/events/`)).body.length;
        assert.ok(left >= Math.min(2, Number(issue.count)), `issue ${issue.id} keeps its first and latest (${left})`);
      }
      // Under budget now: another run deletes nothing.
      const again = await job.runOnce();
      assert.equal(again.deleted.event + again.deleted.span, 0);
    });
  });
}
