/**
 * Key rate limits and spike protection counted in PostgreSQL: three nodes on one database, traffic spread over all
 * three at once, enforce one limit — never more than it, and at most (nodes − 1) chunks of 1 % less
 * (`ingest/shared-windows.ts`). Each node counting alone would let through three times the limit.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@faultline/server';
import { createProject, ensureDefaults } from '@faultline/store';
import { chunkOf } from '../../packages/server/src/ingest/shared-windows.ts';
import { SharedSpikeProtection } from '../../packages/server/src/ingest/shared-quotas.ts';
import { errorEvent, newEventId } from '../helpers/send-event.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const NODES = 3;

/** Three ingest nodes on one new database (the first with a project and token, from the test helper). */
function threeNodes(extra: string[]) {
  const nodes: RunningServer[] = [];
  let t!: TestServer;
  before(async () => {
    t = await startTestServer('postgres', ['--no-digest', ...extra]);
    nodes.push(t.server);
    for (let i = 1; i < NODES; i++) {
      const args = ['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), `faultline-node${i}-`)), '--log-level', 'error', '--database-url', t.databaseUrl!, '--no-digest', ...extra];
      nodes.push(await startServer(loadConfig(args, {})));
    }
  });
  after(async () => {
    for (const n of nodes.slice(1)) await n.close();
    await t?.close();
  });
  const envelope = () => {
    const id = newEventId();
    return [JSON.stringify({ event_id: id }), '{"type":"event"}', JSON.stringify({ event_id: id, platform: 'node', ...errorEvent('LimitError', 'shared', 'limits') })].join('\n');
  };

  /** Sends `total` one-event envelopes, each node taking every third, four requests in flight per node; counts the answers. */
  async function spread(projectId: number, key: string, total: number): Promise<{ accepted: number; refused: number; statuses: Set<number>; sameMinute: boolean }> {
    const firstMinute = Math.floor(Date.now() / 60_000);
    let next = 0;
    let accepted = 0;
    let refused = 0;
    const statuses = new Set<number>();
    const worker = async (node: RunningServer) => {
      while (next < total) {
        next++;
        const res = await fetch(`${node.url}/api/${projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body: envelope() });
        await res.arrayBuffer();
        statuses.add(res.status);
        if (res.status === 200) accepted++;
        else if (res.status === 429) refused++;
      }
    };
    await Promise.all(nodes.flatMap((n) => [0, 1, 2, 3].map(() => worker(n))));
    return { accepted, refused, statuses, sameMinute: Math.floor(Date.now() / 60_000) === firstMinute };
  }

  async function newProject(slug: string): Promise<{ id: number; key: string }> {
    const { org, team } = await ensureDefaults(t.server.app.db);
    const { project, key } = await createProject(t.server.app.db, { orgId: org.id, teamId: team.id, slug, platform: 'node' });
    return { id: project.id, key: key.public_key };
  }

  /** Runs a scenario until one run fits in one clock minute (a fixed window would restart at the boundary). */
  async function inOneMinute<T extends { sameMinute: boolean }>(run: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const r = await run(attempt);
      if (r.sameMinute || attempt >= 2) return r;
    }
  }

  return { api: (path: string, init?: RequestInit) => t.api(path, init), db: () => t.server.app.db, spread, newProject, inOneMinute };
}

describe('key rate limits shared by three nodes on one PostgreSQL', () => {
  const { api, spread, newProject, inOneMinute } = threeNodes([]);


  it('a key limit of N per minute holds across the three nodes: never more than N, at most 2 % of N less', async () => {
    const limit = 300;
    const r = await inOneMinute(async (attempt) => {
      const p = await newProject(`keyed-${attempt}`);
      const put = await api(`/api/0/projects/faultline/keyed-${attempt}/keys/${p.key}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: limit, window: 60 } }) });
      assert.equal(put.status, 200);
      return spread(p.id, p.key, 450);
    });
    assert.deepEqual([...r.statuses].sort(), [200, 429]);
    assert.equal(r.accepted + r.refused, 450);
    assert.ok(r.accepted <= limit, `accepted ${r.accepted} > limit ${limit}`);
    assert.ok(r.accepted >= limit - (NODES - 1) * chunkOf(limit), `accepted ${r.accepted} < ${limit - (NODES - 1) * chunkOf(limit)}`);
  });

  it('below 200 per window the shared count is exact', async () => {
    const r = await inOneMinute(async (attempt) => {
      const p = await newProject(`exact-${attempt}`);
      await api(`/api/0/projects/faultline/exact-${attempt}/keys/${p.key}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: 25, window: 60 } }) });
      return spread(p.id, p.key, 60);
    });
    assert.equal(r.accepted, 25);
  });

});

describe('spike protection shared by three nodes on one PostgreSQL', () => {
  const { db, spread, newProject, inOneMinute } = threeNodes(['--spike-protection', '40']);

  it('raises the line to 10x the average of the minutes the nodes counted in the last hour (fake clock)', async () => {
    const a = new SharedSpikeProtection(db(), 10);
    const b = new SharedSpikeProtection(db(), 10);
    let t = 1_000 * 60_000;
    // Ten minutes of 10 events (the floor), half on each node: the average is 10, so the line becomes 100.
    for (let m = 0; m < 10; m++, t += 60_000) for (let i = 0; i < 10; i++) assert.equal(await (i % 2 ? a : b).take(999, 1, t), null, `minute ${m}`);
    let allowed = 0;
    while ((await (allowed % 2 ? a : b).take(999, 1, t)) === null) allowed++;
    assert.equal(allowed, 100);
  });

  it("spike protection's per-minute line is one line for the three nodes", async () => {
    // A new project has no history: its line is the floor (40) across all nodes, not 40 on each.
    const r = await inOneMinute(async (attempt) => {
      const p = await newProject(`spiky-${attempt}`);
      return spread(p.id, p.key, 100);
    });
    assert.equal(r.accepted, 40);
  });
});
