import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SCOPES, ConfigError, loadConfig, startServer, type RunningServer } from '@faultline/server';
import { createProject, createToken, ensureDefaults, openStore } from '@faultline/store';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { errorEvent, newEventId } from '../helpers/send-event.ts';
import { waitFor } from '../helpers/test-server.ts';

/** `--role`: three in-process nodes of different roles on one PostgreSQL database. */
describe('node roles (--role ingest|digest|web) on one PostgreSQL', () => {
  let databaseUrl: string;
  let project: { id: number; slug: string; key: string; token: string };
  const nodes: RunningServer[] = [];

  const start = async (role: string): Promise<RunningServer> => {
    const dataDir = mkdtempSync(join(tmpdir(), `faultline-role-${role}-`));
    const s = await startServer(loadConfig(['--port', '0', '--data-dir', dataDir, '--log-level', 'error', '--database-url', databaseUrl, '--role', role], {}));
    nodes.push(s);
    return s;
  };

  const envelope = (id: string) => [JSON.stringify({ event_id: id }), '{"type":"event"}', JSON.stringify({ event_id: id, platform: 'node', ...errorEvent('RoleError', 'sent to the ingest node', 'roles') })].join('\n');
  const ingestTo = (s: RunningServer, id: string) => fetch(`${s.url}/api/${project.id}/envelope/?sentry_key=${project.key}`, { method: 'POST', body: envelope(id) });
  const issuesOf = (s: RunningServer) => fetch(`${s.url}/api/0/projects/faultline/${project.slug}/issues/`, { headers: { authorization: `Bearer ${project.token}` } });
  const storedEvents = async (s: RunningServer) => Number((await s.store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events'))?.n);

  before(async () => {
    databaseUrl = await createTestDatabase();
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'faultline-role-setup-')), databaseUrl, withoutQueue: true });
    try {
      const { org, team } = await ensureDefaults(store.db);
      const created = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'roles', platform: 'node' });
      const { token } = await createToken(store.db, { userId: null, name: 'roles', scopes: [...ALL_SCOPES] });
      project = { id: created.project.id, slug: created.project.slug, key: created.key.public_key, token };
    } finally {
      await store.close();
    }
  });
  after(async () => {
    for (const n of nodes) await n.close();
  });

  it('an ingest node queues events but serves no API and digests nothing; a web node serves the API but no ingest; a digest node digests and serves only health', async () => {
    const ingest = await start('ingest');
    const web = await start('web');
    const id = newEventId();
    assert.equal((await ingestTo(ingest, id)).status, 200);
    const refusedApi = await issuesOf(ingest);
    assert.equal(refusedApi.status, 404);
    assert.match(((await refusedApi.json()) as { detail: string }).detail, /--role ingest/);
    assert.equal((await fetch(`${ingest.url}/`)).status, 404, 'no UI on an ingest node');
    assert.equal((await ingestTo(web, newEventId())).status, 404, 'no ingest on a web node');
    for (const s of [ingest, web]) {
      assert.equal(s.app.worker, null);
      assert.equal(s.app.retention, null);
      assert.equal(s.app.background.length, 1, 'only the alert runtime, without a delivery loop');
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    }
    const issues = await issuesOf(web);
    assert.equal(issues.status, 200);
    assert.deepEqual(await issues.json(), [], 'nothing digested without a digest node');
    assert.equal(await ingest.app.queue.pendingCount(), 1);

    const digest = await start('digest');
    assert.notEqual(digest.app.worker, null);
    assert.notEqual(digest.app.retention, null);
    assert.equal((await issuesOf(digest)).status, 404, 'no API on a digest node');
    assert.equal((await ingestTo(digest, newEventId())).status, 404, 'no ingest on a digest node');
    assert.equal((await fetch(`${digest.url}/metrics`)).status, 200);
    await waitFor(async () => (await storedEvents(digest)) === 1, 'the digest node to store the event');
    const listed = (await (await issuesOf(web)).json()) as Array<{ title: string; count: string }>;
    assert.deepEqual(listed.map((i) => [i.title, i.count]), [['RoleError: sent to the ingest node', '1']]);
  });

  it('refuses an unknown role, a split role on SQLite and a digest role without digest, naming the problem', () => {
    assert.throws(() => loadConfig(['--role', 'api'], {}), (e: Error) => e instanceof ConfigError && /role must be all, ingest, digest, web/.test(e.message));
    assert.throws(() => loadConfig(['--role', 'ingest'], {}), (e: Error) => e instanceof ConfigError && /needs PostgreSQL/.test(e.message));
    assert.throws(() => loadConfig(['--role', 'digest', '--no-digest', '--database-url', 'postgres://x/y'], {}), ConfigError);
    assert.equal(loadConfig([], {}).role, 'all');
    assert.equal(loadConfig(['--role', 'web', '--database-url', 'postgres://x/y'], {}).digest, false);
    assert.equal(loadConfig([], { FAULTLINE_ROLE: 'digest', FAULTLINE_DATABASE_URL: 'postgres://x/y' }).role, 'digest');
  });
});
