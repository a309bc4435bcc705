/**
 * PostgreSQL restart under load: clients keep sending while a dedicated PostgreSQL is stopped (fast shutdown,
 * then an immediate "crash" shutdown) and started again. While it is down clients get errors or 503 and /readyz
 * says the store is unreachable; once it is back the SAME Faultline process recovers on its own (no restart),
 * and nothing it acknowledged is lost. Reports the time to recover.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, until } from './helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope } from './helpers/envelopes.ts';
import { startRestartablePostgres, type RestartablePostgres } from './helpers/restartable-postgres.ts';
import { checkStoreConsistency } from './helpers/store-checks.ts';

const CLIENTS = 12;
const GROUPS = 100;
const OUTAGE_MS = 2000;

describe('PostgreSQL restart under load', () => {
  let pg: RestartablePostgres;
  before(async () => {
    pg = await startRestartablePostgres();
  });
  after(async () => {
    await pg?.destroy();
  });

  it('the server recovers without a restart and loses nothing it acknowledged', { timeout: 240_000 }, async (t) => {
    const target = { dataDir: newDataDir(), databaseUrl: await createTestDatabase(pg.url) };
    const project = await createTestProject(target);
    const server = await ChildServer.create({ ...target });
    await server.start();
    const pid = server.pid;

    const sent = new Map<string, number>();
    const acked = new Set<string>();
    const answers = new Map<string, number>();
    /** Completion times of acknowledged requests, with the time each was sent. */
    const ackLog: Array<{ sentAt: number; doneAt: number }> = [];
    let stopping = false;
    let failuresWhileDown = 0;
    let pgDown = false;
    const client = async () => {
      while (!stopping) {
        const id = newEventId();
        const group = randomInt(GROUPS);
        sent.set(id, group);
        const sentAt = Date.now();
        const r = await postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(id, group), { timeoutMs: 30_000 });
        const key = r.status === 0 ? `transport:${r.error}` : String(r.status);
        answers.set(key, (answers.get(key) ?? 0) + 1);
        if (r.status === 200) {
          acked.add(id);
          ackLog.push({ sentAt, doneAt: Date.now() });
        } else {
          assert.ok(r.status >= 500 || r.status === 0, `unexpected ${r.status} ${r.body}`);
          if (pgDown) failuresWhileDown++;
          // Back off a little, as an SDK does after a failed send.
          await new Promise((res) => setTimeout(res, 20 + randomInt(30)));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);

    const recoveries: string[] = [];
    for (const how of ['stop', 'crash'] as const) {
      const before = acked.size + 300;
      await until(() => acked.size >= before, 'load before the PostgreSQL restart', 60_000, 5);
      failuresWhileDown = 0;
      pgDown = true;
      const downAt = Date.now();
      await (how === 'stop' ? pg.stop() : pg.crash());
      // While it is down: requests fail and readiness says why.
      // The outage lasts OUTAGE_MS (the scenario), and at least until clients have felt it.
      await until(() => failuresWhileDown >= 20 && Date.now() - downAt >= OUTAGE_MS, 'clients to see failures while PostgreSQL is down', 30_000, 10);
      const ready = await server.readyz();
      assert.equal(ready.status, 503);
      assert.match(ready.body.store, /unreachable/);
      const downFor = Date.now() - downAt;

      await pg.start();
      const upAt = Date.now();
      pgDown = false;
      const firstOk = await until(() => ackLog.find((a) => a.sentAt >= upAt)?.doneAt, 'a request sent after the restart to be acknowledged', 60_000, 5);
      const readyAt = await until(async () => ((await server.readyz()).status === 200 ? Date.now() : undefined), '/readyz to be 200 again', 60_000, 20);
      assert.equal(server.pid, pid, 'the same Faultline process');
      recoveries.push(`${how}: down ${downFor} ms, first 200 ${firstOk - upAt} ms and /readyz 200 ${readyAt - upAt} ms after PostgreSQL was back`);
    }
    const final = acked.size + 300;
    await until(() => acked.size >= final, 'load after the restarts', 60_000, 5);
    stopping = true;
    await Promise.all(clients);

    await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain', 120_000, 100);
    assert.equal(server.starts, 1, 'Faultline was never restarted');
    assert.equal(await server.stop(), 0, server.output.slice(-20).join('\n'));
    const figures = await checkStoreConsistency(target, { sent, acked, projectId: project.projectId });
    t.diagnostic(
      `${recoveries.join('; ')}. Sent ${sent.size}, acknowledged ${acked.size}, stored ${figures.stored} (${figures.storedNotAcked} stored without a 200), ` +
        `answers ${JSON.stringify(Object.fromEntries(answers))}`,
    );
  });
});
