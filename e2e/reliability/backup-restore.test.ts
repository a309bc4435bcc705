/**
 * Backup and restore round trip through the CLI, against a Faultline child process:
 * - online: `faultline backup` while clients are sending; each backup, restored and started, digests what its
 *   queue held and ends consistent (no event twice, counters equal to events) with every event acknowledged
 *   before the backup began;
 * - quiescent: a backup of an idle server, restored, serves exactly the same issues and events over the API;
 * - restore refuses a non-empty data dir without --force and a store another process has open;
 * - on PostgreSQL, `faultline backup` explains pg_dump and exits non-zero.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildServer, createTestProject, newDataDir, ROOT, until, withStore, type Project, type StoreTarget } from './helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope, sessionEnvelope } from './helpers/envelopes.ts';
import { checkStoreConsistency } from './helpers/store-checks.ts';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('FAULTLINE_') && k !== 'FAULTLINE_TEST_PG') delete env[k];
    const child = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/faultline.js'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function api<T>(server: ChildServer, token: string, path: string): Promise<{ body: T; next: string | null }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  const link = res.headers.get('link') ?? '';
  const next = /<([^>]+)>; rel="next"; results="true"/.exec(link)?.[1] ?? null;
  return { body: (await res.json()) as T, next: next ? next.replace(/^https?:\/\/[^/]+/, '') : null };
}

async function allPages<T>(server: ChildServer, token: string, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = path;
  while (next) {
    const page: { body: T[]; next: string | null } = await api<T[]>(server, token, next);
    out.push(...page.body);
    next = page.next;
  }
  return out;
}

/** Issues with their events, as the API shows them (URLs of the serving instance blanked out). */
async function snapshot(server: ChildServer, token: string): Promise<unknown> {
  const issues = await allPages<{ id: string; lastSeen: string }>(server, token, '/api/0/projects/faultline/reliability/issues/?query=&limit=100');
  issues.sort((a, b) => Number(a.id) - Number(b.id));
  const out = [];
  for (const issue of issues) {
    const events = await allPages<{ eventID: string }>(server, token, `/api/0/issues/${issue.id}/events/?limit=100`);
    events.sort((a, b) => a.eventID.localeCompare(b.eventID));
    const latest = (await api(server, token, `/api/0/issues/${issue.id}/events/latest/`)).body;
    out.push({ issue, events, latest });
  }
  return JSON.parse(JSON.stringify(out).replaceAll(server.url, 'URL'));
}

async function storedBodies(target: StoreTarget): Promise<Map<string, string>> {
  return withStore(target, async ({ db }) => {
    const rows = await db.all<{ event_id: string; body: Buffer }>('SELECT event_id, body FROM events');
    return new Map(rows.map((r) => [r.event_id, Buffer.from(r.body).toString('base64')]));
  });
}

describe('backup and restore round trip (SQLite, through the CLI)', () => {
  it('online backups under load restore consistent; a quiescent backup restores exactly', { timeout: 240_000 }, async (t) => {
    const target = { dataDir: newDataDir() };
    const project: Project = await createTestProject(target);
    const server = await ChildServer.create({ ...target });
    await server.start();

    const sent = new Map<string, number>();
    const acked = new Set<string>();
    let stopping = false;
    const client = async (c: number) => {
      while (!stopping) {
        if (c === 0 && randomInt(4) === 0) {
          await postEnvelope(server.url, project.projectId, project.publicKey, sessionEnvelope());
          continue;
        }
        const id = newEventId();
        const group = randomInt(150);
        sent.set(id, group);
        const r = await postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(id, group));
        assert.equal(r.status, 200, r.body);
        acked.add(id);
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));

    const online: Array<{ file: string; ackedBefore: Set<string>; ms: number }> = [];
    for (let i = 0; i < 2; i++) {
      const goal = acked.size + 600;
      await until(() => acked.size >= goal, 'load before the backup', 60_000, 5);
      const file = join(newDataDir('faultline-backups-'), `online-${i}.tar.gz`);
      const ackedBefore = new Set(acked);
      const t0 = Date.now();
      const r = await cli(['backup', '--data-dir', target.dataDir, '--out', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), file);
      online.push({ file, ackedBefore, ms: Date.now() - t0 });
      assert.ok(acked.size > ackedBefore.size, 'ingest kept acknowledging while the backup ran');
    }
    stopping = true;
    await Promise.all(clients);
    await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain', 60_000, 50);

    // Each online backup: restore, let the restored server digest what its queue held, check it.
    const figures: string[] = [];
    for (const b of online) {
      const dir = { dataDir: join(newDataDir(), 'restored') };
      const r = await cli(['restore', b.file, '--data-dir', dir.dataDir]);
      assert.equal(r.code, 0, r.stderr);
      const s = await ChildServer.create({ ...dir });
      await s.start();
      await until(async () => (await s.readyz()).body.queue.depth === 0, 'the restored queue to drain', 60_000, 50);
      assert.equal(await s.stop(), 0);
      const f = await checkStoreConsistency(dir, { sent, acked: b.ackedBefore, projectId: project.projectId });
      figures.push(`backup in ${b.ms} ms under load: ${b.ackedBefore.size} acknowledged before it began, ${f.stored} restored`);
    }

    // Quiescent: back up the idle (still running) server; the restore serves exactly the same issues and events.
    const file = join(newDataDir('faultline-backups-'), 'quiescent.tar.gz');
    assert.equal((await cli(['backup', '--data-dir', target.dataDir, '--out', file])).code, 0);
    const original = await snapshot(server, project.token);
    const restoredDir = { dataDir: join(newDataDir(), 'restored') };
    const r = await cli(['restore', file, '--data-dir', restoredDir.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /restored .* issues, \d+ events/);
    const restored = await ChildServer.create({ ...restoredDir });
    await restored.start();
    try {
      const copy = await snapshot(restored, project.token);
      assert.ok(Array.isArray(original) && original.length > 100, 'a meaningful amount of data');
      assert.deepEqual(copy, original);

      // Restore refuses a non-empty dir without --force, and a store that a running server has open even with it.
      const again = await cli(['restore', file, '--data-dir', restoredDir.dataDir]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /not empty.*--force/s);
      const busy = await cli(['restore', file, '--data-dir', restoredDir.dataDir, '--force']);
      assert.equal(busy.code, 2);
      assert.match(busy.stderr, /open in another process/);
    } finally {
      await restored.stop();
    }
    // Stopped, --force replaces the store (here with the first online backup).
    const forced = await cli(['restore', online[0]!.file, '--data-dir', restoredDir.dataDir, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    const forcedEvents = await withStore(restoredDir, async ({ db }) => Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events'))!.n));
    assert.ok(forcedEvents > 0, "the forced restore holds the first online backup");

    assert.equal(await server.stop(), 0);
    const a = await storedBodies(target);
    // Event bodies byte for byte: the quiescent restore against the original.
    const quiescentDir = { dataDir: join(newDataDir(), 'restored') };
    assert.equal((await cli(['restore', file, '--data-dir', quiescentDir.dataDir])).code, 0);
    assert.deepEqual(await storedBodies(quiescentDir), a);
    t.diagnostic(`${figures.join('; ')}; quiescent: ${(original as unknown[]).length} issues, ${a.size} events identical through the API and byte for byte`);
  });

  it('on PostgreSQL, backup explains pg_dump/pg_restore and exits non-zero', async () => {
    const r = await cli(['backup', '--database-url', 'postgres://faultline:secret@db.example:5432/faultline', '--out', '/tmp/never']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pg_dump --format=custom/);
    assert.match(r.stderr, /pg_restore/);
    assert.doesNotMatch(r.stderr, /secret/, 'the password is not echoed');
    assert.ok(!existsSync('/tmp/never'));
  });
});
