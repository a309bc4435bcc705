/**
 * Retention beyond the global error age, on both dialects, with the clock moved back instead of waiting: replays
 * (the real SDK's recording, through ingest) go whole — summary, segments with their blobs, error links — after
 * `--replay-retention-days`, in batches; and a project's own `retentionDays` (set through the project API)
 * shortens its error retention without touching another project's events.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createProject, ensureDefaults, storedBytes } from '@faultline/store';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { sendReplayFixture } from '../helpers/send-replay.ts';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`retention of replays and per project (${dialect})`, () => {
    let t: TestServer;
    const db = () => t.server.app.db;
    const count = async (sql: string, params: Array<string | number> = []) => Number((await db().get<{ n: number | string }>(sql, params))?.n);
    const job = (batchSize: number) =>
      new RetentionJob(db(), t.server.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, intervalMs: 0, batchSize, blobs: replayBlobs(t.server.app) });

    before(async () => {
      t = await startTestServer(dialect, ['--retention-interval-minutes', '0']);
    });
    after(async () => t?.close());

    it('deletes replays past --replay-retention-days, whole and in batches, and keeps the younger ones', async () => {
      const ids = [await sendReplayFixture(t), await sendReplayFixture(t), await sendReplayFixture(t)];
      await waitForDigest(t);
      for (const id of ids) assert.equal((await t.api(`/api/0/organizations/faultline/replays/${id}/`)).status, 200);
      assert.ok((await count('SELECT COUNT(*) AS n FROM replay_segments WHERE project_id = ?', [t.projectId])) >= 3);
      assert.equal((await job(1).runOnce()).deleted.replay, 0, 'nothing is 30 days old yet');
      // Two of the three were last active 31 days ago.
      const old = ids.slice(0, 2);
      for (const id of old) {
        await db().run('UPDATE replay_segments SET received = received - ? WHERE replay_id = ?', [31 * DAY, id]);
        await db().run('UPDATE replays SET finished_at = finished_at - ? WHERE replay_id = ?', [31 * DAY, id]);
      }
      const blobs = replayBlobs(t.server.app);
      const segs = await db().all<{ blob_key: string; size: number | string }>(`SELECT blob_key, size FROM replay_segments WHERE replay_id IN (?, ?)`, old);
      for (const s of segs) assert.ok(await blobs.get(s.blob_key), `blob ${s.blob_key} stored`);
      const oldBytes = segs.reduce((n, s) => n + Number(s.size), 0);
      const bytesBefore = (await storedBytes(db())).bytes;
      const r = await job(1).runOnce();
      assert.equal(r.deleted.replay, 2, 'two replays, one per batch');
      for (const s of segs) assert.equal(await blobs.get(s.blob_key), undefined, `blob ${s.blob_key} deleted with its replay`);
      const freed = bytesBefore - (await storedBytes(db())).bytes;
      assert.ok(freed >= oldBytes, `the disk budget's count drops by the segments' bytes (${freed} >= ${oldBytes})`);
      for (const id of old) {
        assert.equal((await t.api(`/api/0/organizations/faultline/replays/${id}/`)).status, 404);
        assert.equal(await count('SELECT COUNT(*) AS n FROM replay_segments WHERE replay_id = ?', [id]), 0, 'its segments went with it');
        assert.equal(await count('SELECT COUNT(*) AS n FROM replay_errors WHERE replay_id = ?', [id]), 0);
      }
      assert.equal((await t.api(`/api/0/organizations/faultline/replays/${ids[2]}/`)).status, 200, 'the young one stays');
      assert.ok((await count('SELECT COUNT(*) AS n FROM replay_segments WHERE replay_id = ?', [ids[2]!])) >= 1);
      const young = await db().all<{ blob_key: string }>('SELECT blob_key FROM replay_segments WHERE replay_id = ?', [ids[2]!]);
      for (const s of young) assert.ok(await blobs.get(s.blob_key), 'its blobs stay');
    });

    it("a project's retentionDays (7) deletes its 10-day-old events and not another project's", async () => {
      const { org, team } = await ensureDefaults(db());
      const { project: other, key } = await createProject(db(), { orgId: org.id, teamId: team.id, slug: 'other', platform: 'node' });
      const bad = await t.api(`/api/0/projects/faultline/${t.projectSlug}/`, { method: 'PUT', body: JSON.stringify({ retentionDays: 0 }) });
      assert.equal(bad.status, 400);
      assert.match((bad.body as { detail: string }).detail, /retentionDays/);
      const put = await t.api<{ retentionDays: number | null }>(`/api/0/projects/faultline/${t.projectSlug}/`, { method: 'PUT', body: JSON.stringify({ retentionDays: 7 }) });
      assert.equal(put.status, 200);
      assert.equal(put.body.retentionDays, 7);
      assert.equal((await t.api<{ retentionDays: number | null }>(`/api/0/projects/faultline/other/`)).body.retentionDays, null);
      const targets = [t, { ...t, projectId: other.id, publicKey: key.public_key }];
      for (const target of targets) for (let i = 0; i < 4; i++) await sendEvent(target, errorEvent('TypeError', `old ${i}`, 'aging', { timestamp: Date.now() / 1000 - 20 + i }));
      await waitForDigest(t);
      await db().run('UPDATE events SET received = received - ? WHERE project_id IN (?, ?)', [10 * DAY, t.projectId, other.id]);
      const r = await job(2).runOnce();
      assert.equal(r.deleted.event, 2, 'four minus the first and the latest, in the 7-day project only');
      assert.equal(await count('SELECT COUNT(*) AS n FROM events WHERE project_id = ?', [t.projectId]), 2);
      assert.equal(await count('SELECT COUNT(*) AS n FROM events WHERE project_id = ?', [other.id]), 4, 'the other project keeps 90 days');
      // Longer than the global age works too: back to null, then 400 days, and 100-day-old events stay.
      await db().run('UPDATE events SET received = received - ? WHERE project_id = ?', [90 * DAY, other.id]);
      assert.equal((await t.api(`/api/0/projects/faultline/other/`, { method: 'PUT', body: JSON.stringify({ retentionDays: 400 }) })).status, 200);
      assert.equal((await job(2).runOnce()).deleted.event, 0);
      assert.equal(await count('SELECT COUNT(*) AS n FROM events WHERE project_id = ?', [other.id]), 4);
    });
  });
}
