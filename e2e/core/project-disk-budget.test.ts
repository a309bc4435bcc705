/**
 * A project's own disk budget (`maxDiskBytes`, Faultline's: Sentry has none) on both dialects, with the real SDK's
 * envelopes (fixtures, padded) through ingest: the project API refuses a bad budget and changes nothing else; one
 * retention run, while an ingest load goes on into the same issues and another project, brings the project under
 * its budget by deleting its oldest events first (never an issue's first or latest), loses no acknowledged event of
 * the load, leaves the other project alone, and keeps every issue's count and first seen exact.
 */
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createProject, ensureDefaults, retentionUsage } from '@faultline/store';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { sendFixture } from '../helpers/send-fixture.ts';

const EVENTS = ['node/03-event.envelope', 'node/04-event.envelope', 'node/05-event.envelope', 'node/07-event.envelope', 'node/08-event.envelope'];

interface Issue {
  id: string;
  count: string;
  firstSeen: string;
}

const padding = () => ({ blob: randomBytes(6000).toString('base64') });

for (const dialect of DIALECTS) {
  describe(`a project's own disk budget (${dialect})`, () => {
    let t: TestServer;
    const db = () => t.server.app.db;
    const projectBytes = async (id: number) => (await retentionUsage(db(), id)).reduce((n, u) => n + u.bytes, 0);
    const eventIds = async (projectId: number) => new Set((await db().all<{ event_id: string }>('SELECT event_id FROM events WHERE project_id = ?', [projectId])).map((r) => r.event_id));

    before(async () => {
      t = await startTestServer(dialect, ['--retention-interval-minutes', '0']);
    });
    after(async () => t?.close());

    it('deletes the oldest data of the project over its budget while ingest goes on; nothing acknowledged within it is lost', async () => {
      const { org, team } = await ensureDefaults(db());
      const { project: capped, key } = await createProject(db(), { orgId: org.id, teamId: team.id, slug: 'capped', platform: 'node' });
      const cappedTarget = { ...t, projectId: capped.id, publicKey: key.public_key };
      const path = `/api/0/projects/faultline/capped/`;

      // Oldest first, one at a time so the order of arrival is the order sent: 30 events on five issues.
      const old: Array<{ id: string; fixture: string }> = [];
      for (let i = 0; i < 30; i++) old.push({ id: await sendFixture(cappedTarget, EVENTS[i % 5]!, padding()), fixture: EVENTS[i % 5]! });
      for (let i = 0; i < 10; i++) await sendFixture(t, EVENTS[i % 5]!, padding());
      await waitForDigest(t);
      const issuesOf = async (slug: string) => (await t.api<Issue[]>(`/api/0/projects/faultline/${slug}/issues/?query=`)).body;
      const before = await issuesOf('capped');
      assert.equal(before.length, 5);
      const used = await projectBytes(capped.id);
      assert.ok(used > 200_000, `the padding is stored (${used} bytes)`);
      const max = Math.round(used * 0.7);

      // Bad budgets: a clear 400, and nothing else of the PUT is written.
      for (const bad of [1000, 'a lot', 1.5]) {
        const r = await t.api<{ detail: string }>(path, { method: 'PUT', body: JSON.stringify({ name: 'Renamed', maxDiskBytes: bad }) });
        assert.equal(r.status, 400, `maxDiskBytes ${JSON.stringify(bad)}`);
        assert.match(r.body.detail, /maxDiskBytes must be a whole number of bytes, at least 65536/);
      }
      const unchanged = (await t.api<{ name: string; maxDiskBytes: number | null }>(path)).body;
      assert.equal(unchanged.name, 'capped');
      assert.equal(unchanged.maxDiskBytes, null);
      const put = await t.api<{ maxDiskBytes: number }>(path, { method: 'PUT', body: JSON.stringify({ maxDiskBytes: max }) });
      assert.equal(put.status, 200);
      assert.equal(put.body.maxDiskBytes, max);
      assert.equal((await t.api<{ maxDiskBytes: number }>(path)).body.maxDiskBytes, max);

      // One run, in small batches, while 6 more events reach the same issues and 10 the other project.
      const job = new RetentionJob(db(), t.server.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, intervalMs: 0, batchSize: 2, blobs: replayBlobs(t.server.app) });
      const load: Array<{ id: string; fixture: string }> = [];
      const sendLoad = async () => {
        for (let i = 0; i < 6; i++) load.push({ id: await sendFixture(cappedTarget, EVENTS[i % 5]!, padding()), fixture: EVENTS[i % 5]! });
      };
      const sendOther = async () => {
        for (let i = 0; i < 10; i++) await sendFixture(t, EVENTS[i % 5]!, padding());
      };
      const [r] = await Promise.all([job.runOnce(), sendLoad(), sendOther()]);
      await waitForDigest(t);

      const budget = r.projectBudgets?.find((b) => b.projectId === capped.id);
      assert.ok(budget, 'the project was over its budget');
      assert.ok(budget.before > max && budget.after <= max, `under its budget: ${budget.after} <= ${max} (from ${budget.before})`);
      const left = await eventIds(capped.id);
      for (const e of load) assert.ok(left.has(e.id), `acknowledged event ${e.id} of the load is stored`);
      assert.equal((await eventIds(t.projectId)).size, 20, 'the project without a budget lost nothing');

      // Oldest first: what went is the oldest events after each issue's first (the first five sent), in the order they came.
      assert.ok(r.deleted.event > 2, `events went, in several batches (${r.deleted.event})`);
      assert.equal(r.deleted.event, 30 + 6 - left.size, 'each deleted event counted once');
      assert.deepEqual(old.map((e) => !left.has(e.id)), old.map((_, i) => i >= 5 && i < 5 + r.deleted.event), 'the oldest went, the first of each issue stayed');

      // Counts and first seen stay exact: each issue counts its 6 old events and the load's.
      const afterIssues = await issuesOf('capped');
      assert.equal(afterIssues.length, 5);
      for (const [i, fixture] of EVENTS.entries()) {
        const issueId = String((await db().get<{ issue_id: number }>('SELECT issue_id FROM events WHERE event_id = ?', [old[i]!.id]))?.issue_id);
        const was = before.find((x) => x.id === issueId)!;
        const now = afterIssues.find((x) => x.id === issueId)!;
        assert.equal(Number(was.count), 6);
        assert.equal(Number(now.count), 6 + load.filter((e) => e.fixture === fixture).length, `${fixture}: the count is exact`);
        assert.equal(now.firstSeen, was.firstSeen, `${fixture}: first seen stays`);
      }

      // The load may have pushed it over again: the next run brings it back under.
      await job.runOnce();
      assert.ok((await projectBytes(capped.id)) <= max, 'under its budget after the next run');
      for (const e of load.slice(-5)) assert.ok((await eventIds(capped.id)).has(e.id), 'the newest stay');
    });
  });
}
