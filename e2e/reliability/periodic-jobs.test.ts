/**
 * Periodic jobs across two nodes on one PostgreSQL: each node schedules every job, exactly one runs it per interval
 * (whichever claims its lease first), and when the node running it dies mid-run (stops renewing its lease) the
 * other takes the job over once the lease expires. The real jobs: the alert tables' clean-up and retention.
 */
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@faultline/server';
import { jobLastRun } from '@faultline/store';
import { PeriodicJob } from '../../packages/server/src/ops/periodic-job.ts';
import { RetentionJob } from '../../packages/server/src/ops/retention-job.ts';
import { alertPruneJob } from '../../packages/server/src/alerts/alert-prune-job.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

const HOUR = 3_600_000;

describe('periodic jobs on two nodes (PostgreSQL)', () => {
  let t: TestServer;
  let second: RunningServer;
  const nodes = () => [t.server, second];

  before(async () => {
    t = await startTestServer('postgres', ['--retention-interval-minutes', '0']);
    const args = ['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'faultline-node2-')), '--log-level', 'error', '--database-url', t.databaseUrl!, '--retention-interval-minutes', '0'];
    second = await startServer(loadConfig(args, {}));
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  it('both nodes look at once, again and again: one run per interval, never two at a time', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `demo-${round}`;
      let running = 0;
      let runs = 0;
      let overlapped = false;
      const jobs = nodes().map(
        (n) =>
          new PeriodicJob(n.app.db, n.app.log, {
            name,
            intervalMs: HOUR,
            run: async () => {
              running++;
              runs++;
              overlapped ||= running > 1;
              await new Promise((r) => setImmediate(r));
              running--;
            },
          }),
      );
      const start = Date.now();
      const ran = await Promise.all(jobs.map((j) => j.tick(start)));
      assert.equal(ran.filter(Boolean).length, 1, `round ${round}: exactly one node ran it`);
      assert.equal(runs, 1);
      assert.equal(overlapped, false);
      assert.equal(await jobLastRun(t.server.app.db, name), start);
      // Not due again on either node before the interval has passed; due on one of them after it.
      assert.deepEqual(await Promise.all(jobs.map((j) => j.tick(start + HOUR - 1))), [false, false]);
      assert.equal((await Promise.all(jobs.map((j) => j.tick(start + HOUR)))).filter(Boolean).length, 1);
      assert.equal(runs, 2);
    }
  });

  it('a node that dies mid-run holds the job only until its lease expires; then the other node runs it', async () => {
    const name = 'dies-mid-run';
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    const leaseMs = 400;
    const dying = new PeriodicJob(t.server.app.db, t.server.app.log, { name, intervalMs: HOUR, leaseMs, run: () => hung });
    let tookOver = 0;
    const survivor = new PeriodicJob(second.app.db, second.app.log, { name, intervalMs: HOUR, leaseMs, run: async () => void tookOver++ });
    const now = Date.now();
    const dyingRun = dying.tick(now); // never renews its lease again: as a SIGKILLed node
    await waitFor(async () => (await t.server.app.db.get<{ value: string }>("SELECT value FROM kv WHERE key = 'lease:dies-mid-run'"))?.value.endsWith(dying.owner), 'the first node to hold the lease');
    assert.equal(await survivor.tick(now), false, 'the lease is still held');
    assert.equal(tookOver, 0);
    await waitFor(() => survivor.tick(now), 'the survivor to take the job over after the lease expired');
    assert.equal(tookOver, 1);
    assert.equal(await jobLastRun(t.server.app.db, name), now);
    release();
    assert.equal(await dyingRun, false, 'the node that lost its lease does not record its run');
  });

  it('the alert clean-up runs on one node an hour, and deletes what is 30 days old', async () => {
    const { db } = t.server.app;
    const old = Date.now() - 31 * 24 * HOUR;
    await db.run('INSERT INTO alert_counts (project_id, hour, notified, suppressed) VALUES (?, ?, 1, 0)', [t.projectId, old]);
    await db.run('INSERT INTO alert_counts (project_id, hour, notified, suppressed) VALUES (?, ?, 1, 0)', [t.projectId, Math.floor(Date.now() / HOUR) * HOUR]);
    const jobs = nodes().map((n) => alertPruneJob(n.app.db, n.app.log));
    const ran = await Promise.all(jobs.map((j) => j.tick()));
    assert.equal(ran.filter(Boolean).length, 1);
    const left = await db.all<{ hour: number | string }>('SELECT hour FROM alert_counts WHERE project_id = ?', [t.projectId]);
    assert.deepEqual(left.map((r) => Number(r.hour) > old), [true], 'the old counter went, the current one stayed');
    assert.deepEqual(await Promise.all(jobs.map((j) => j.tick())), [false, false], 'not again within the hour');
  });

  it('retention is one such job: scheduled on both nodes, one run per interval', async () => {
    const jobs = nodes().map((n) => new RetentionJob(n.app.db, n.app.log, { retentionDays: 90, rawRetentionDays: 30, replayRetentionDays: 30, intervalMs: HOUR, blobs: replayBlobs(n.app) }));
    const now = Date.now();
    assert.equal((await Promise.all(jobs.map((j) => j.tick(now)))).filter(Boolean).length, 1);
    assert.equal(await jobLastRun(t.server.app.db, 'retention'), now);
    assert.deepEqual(await Promise.all(jobs.map((j) => j.tick(now + HOUR / 2))), [false, false]);
    assert.equal((await Promise.all(jobs.map((j) => j.tick(now + HOUR)))).filter(Boolean).length, 1);
  });
});
