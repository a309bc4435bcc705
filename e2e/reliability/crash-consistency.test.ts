/**
 * Crash consistency: many concurrent clients send error envelopes (unique event_ids, a few hundred groups) to a
 * Faultline child process that is killed with SIGKILL at random moments and restarted on the same data dir or
 * database. At the end, every event_id that was answered 200 is stored exactly once, and every issue's
 * times_seen (and hourly counts) equal the events stored for it. On SQLite and on PostgreSQL.
 *
 * Longer runs: RELIABILITY_CRASH_KILLS=50 RELIABILITY_CRASH_CLIENTS=64 npm test -- crash-consistency
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, until } from './helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope } from './helpers/envelopes.ts';
import { checkStoreConsistency } from './helpers/store-checks.ts';

const KILLS = Number(process.env.RELIABILITY_CRASH_KILLS ?? 5);
const CLIENTS = Number(process.env.RELIABILITY_CRASH_CLIENTS ?? 24);
const GROUPS = 300;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`crash consistency under SIGKILL: ${dialect}`, () => {
    it(`every acknowledged event is stored exactly once across ${KILLS} kills`, { timeout: 240_000 }, async (t) => {
      const target = { dataDir: newDataDir(), databaseUrl: dialect === 'postgres' ? await createTestDatabase() : undefined };
      const project = await createTestProject(target);
      // Small digest batches: more commits, so kills land mid-digest as well as mid-append.
      const server = await ChildServer.create({ ...target, args: ['--digest-batch-size', '50'] });
      await server.start();

      const sent = new Map<string, number>();
      const acked = new Set<string>();
      const statuses = new Map<string, number>();
      let stopping = false;
      const t0 = Date.now();
      const client = async () => {
        while (!stopping) {
          const id = newEventId();
          const group = randomInt(GROUPS);
          sent.set(id, group);
          const r = await postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(id, group), { timeoutMs: 20_000 });
          const key = r.status === 0 ? `transport:${r.error}` : String(r.status);
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (r.status === 200) acked.add(id);
          else if (r.status === 0) {
            // The server is down (being restarted): retry soon, as an SDK's next event would.
            await new Promise((res) => setTimeout(res, 10 + randomInt(40)));
          } else assert.fail(`unexpected answer ${r.status}: ${r.body}`);
        }
      };
      const clients = Array.from({ length: CLIENTS }, client);

      const restarts: number[] = [];
      for (let k = 0; k < KILLS; k++) {
        // A random moment: after a random number of further acknowledgements (sometimes right after the restart).
        const target = acked.size + (k % 3 === 0 ? randomInt(1, 20) : randomInt(100, 800));
        await until(() => acked.size >= target, `load before kill ${k + 1}`, 60_000, 5);
        await server.kill();
        const down = Date.now();
        await server.start();
        restarts.push(Date.now() - down);
      }
      const final = acked.size + 300;
      await until(() => acked.size >= final, 'load after the last restart', 60_000, 5);
      stopping = true;
      await Promise.all(clients);
      const loadMs = Date.now() - t0;

      // Let digest catch up, then stop gracefully and check the store itself.
      await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain the queue', 120_000, 100);
      const drainMs = Date.now() - t0 - loadMs;
      assert.equal(await server.stop(), 0, `graceful stop failed:\n${server.output.slice(-20).join('\n')}`);
      const figures = await checkStoreConsistency(target, { sent, acked, projectId: project.projectId });
      assert.ok(figures.issues > GROUPS * 0.9, `only ${figures.issues} groups seen`);

      t.diagnostic(
        `${dialect}: ${KILLS} SIGKILLs, ${CLIENTS} clients; sent ${sent.size}, acknowledged ${acked.size}, stored ${figures.stored} ` +
          `(${figures.acked} acknowledged ⊆ stored; ${figures.storedNotAcked} stored whose 200 was lost in a kill), ${figures.issues} issues, ` +
          `answers ${JSON.stringify(Object.fromEntries(statuses))}, restart ms ${restarts.join('/')}, load ${loadMs} ms, drain ${drainMs} ms`,
      );
    });
  });
}
