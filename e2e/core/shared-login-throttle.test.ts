/**
 * Login throttling shared by two nodes on one PostgreSQL (behind `--trust-proxy`, so each test picks its client
 * address): attempts spread over both nodes spend one budget — 20 per address in 15 minutes, 10 free failures per
 * account — where two nodes counting alone would allow twice as many. Expired state is pruned from the store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@faultline/server';
import { pruneExpiringState } from '@faultline/store';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

describe('login throttling shared by two nodes (PostgreSQL)', () => {
  let t: TestServer;
  let second: RunningServer;
  const password = 'right password 1';

  before(async () => {
    t = await startTestServer('postgres', ['--trust-proxy', '--no-digest']);
    const args = ['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'faultline-node2-')), '--log-level', 'error', '--database-url', t.databaseUrl!, '--trust-proxy', '--no-digest'];
    second = await startServer(loadConfig(args, {}));
    const res = await t.api('/api/0/organizations/faultline/members/', { method: 'POST', body: JSON.stringify({ email: 'alice@example.com', password, role: 'member', teams: ['default'] }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  const login = async (node: number, email: string, pass: string, address: string) => {
    const res = await fetch(`${node % 2 ? second.url : t.url}/api/0/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password: pass }),
    });
    const body = (await res.json()) as { detail?: string };
    return { status: res.status, detail: body.detail ?? '' };
  };

  it('one address spraying emails over both nodes gets 20 attempts in all, not 20 per node', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await login(i, `nobody${i}@example.com`, 'guess', '203.0.113.7')).status);
    assert.deepEqual(statuses, [...Array(20).fill(401), ...Array(4).fill(429)]);
    const limited = await login(1, 'alice@example.com', password, '203.0.113.7');
    assert.equal(limited.status, 429);
    assert.match(limited.detail, /from your address/);
  });

  it('an account guessed at through both nodes waits after 10 failures in all; the right password works after the wait', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i, 'alice@example.com', 'wrong', `198.51.100.${i}`)).status);
    assert.deepEqual(statuses, Array(10).fill(401));
    for (const node of [0, 1]) {
      const locked = await login(node, 'alice@example.com', password, '192.0.2.50');
      assert.equal(locked.status, 429, `node ${node}`);
      assert.match(locked.detail, /for this account/);
    }
    await waitFor(async () => (await login(1, 'alice@example.com', password, '192.0.2.51')).status === 200, 'the one-second wait to pass');
    assert.equal((await login(0, 'alice@example.com', 'wrong', '192.0.2.52')).status, 401, 'a success forgot the failures');
  });

  it('expired throttle state is pruned from the store', async () => {
    const { db } = t.server.app;
    const count = async () => Number((await db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM kv WHERE key LIKE 'login:%'"))?.n);
    assert.ok((await count()) > 20);
    assert.equal(await pruneExpiringState(db, 'login:', Date.now() - 1), 0, 'nothing has expired yet (no empty rows are left behind either)');
    await pruneExpiringState(db, 'login:', Date.now() + 2 * 86_400_000);
    assert.equal(await count(), 0);
  });
});
