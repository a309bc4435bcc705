/**
 * `faultline migrate-store` as a real process between a real SQLite data dir and the embedded PostgreSQL:
 * - SIGKILLed mid-copy, a rerun continues from its progress record and ends with exact counts and checksums;
 * - a row tampered with on the target is a MISMATCH (exit 1); `--restart` copies again and agrees;
 * - refusals (exit 2): a target with rows but no progress record, PostgreSQL unreachable, a source at another
 *   schema version.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, ROOT, until } from '../reliability/helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope } from '../reliability/helpers/envelopes.ts';

const BIN = join(ROOT, 'packages/cli/bin/faultline.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('FAULTLINE_')) delete env[k];
  return env;
}

/** Runs the CLI; `onStderr` may kill it (returns the child). */
function migrate(args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'migrate-store', ...args], { cwd: ROOT, env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('faultline migrate-store: resumable and verified', () => {
  it('survives a SIGKILL mid-copy, catches a tampered row, refuses what it must', { timeout: 300_000 }, async (t) => {
    const dataDir = newDataDir('faultline-migrate-');
    const project = await createTestProject({ dataDir });
    const server = await ChildServer.create({ dataDir });
    t.after(() => server.stop());
    await server.start();
    const N = 1500;
    for (let i = 0; i < N; i += 50) {
      const sent = await Promise.all(Array.from({ length: 50 }, (_, j) => postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(newEventId(), (i + j) % 120))));
      for (const r of sent) assert.equal(r.status, 200, r.body);
    }
    await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain', 120_000, 50);
    assert.equal(await server.stop(), 0);
    const source = new Database(join(dataDir, 'faultline.sqlite'), { readonly: true });
    const sourceEvents = (source.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const sourceIssues = (source.prepare('SELECT COUNT(*) AS n FROM issues').get() as { n: number }).n;
    source.close();
    assert.equal(sourceEvents, N);

    // An interrupted blob write's temp file: not a blob, named and not copied.
    mkdirSync(join(dataDir, 'blobs', 'file', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'blobs', 'file', 'ab', 'cd.1234.x1.tmp'), 'half a file');

    const url = await createTestDatabase();
    // Killed once the events table has begun: a batch of 20 rows is committed, 70-odd are still to come.
    let killed = false;
    const first = await migrate(['--from', dataDir, '--to', url, '--batch', '20'], (text, kill) => {
      if (!killed && /^events: \d+ rows copied$/m.test(text)) {
        killed = true;
        kill();
      }
    });
    assert.equal(first.signal, 'SIGKILL', first.stderr);
    const mid = await pgQuery<{ copied: string; done: number }>(url, "SELECT copied, done FROM migrate_store_progress WHERE table_name = 'events'");
    assert.equal(mid[0]!.done, 0, 'the kill landed while events were being copied');
    const partial = Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM events'))[0]!.n);
    assert.equal(partial, Number(mid[0]!.copied), 'the progress record names exactly the rows committed');
    assert.ok(partial > 0 && partial < N, `partial copy: ${partial}`);

    const rerun = await migrate(['--from', dataDir, '--to', url, '--batch', '20']);
    assert.equal(rerun.code, 0, rerun.stderr + rerun.stdout);
    assert.match(rerun.stderr, new RegExp(`events: done, ${N} rows \\(resumed after ${partial}\\)`));
    assert.doesNotMatch(rerun.stdout, /MISMATCH/);
    assert.match(rerun.stderr, /blobs: 1 file\(s\) under blobs\/ are not blobs and are not copied \(.*cd\.1234\.x1\.tmp\)/);
    assert.match(rerun.stdout, /^blobs\s+0\s+0\s/m);
    assert.match(rerun.stdout, new RegExp(`^events\\s+${N}\\s+${N}\\s+[0-9a-f]{16}\\s+[0-9a-f]{16}\\s+ok$`, 'm'));
    assert.equal(Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM events'))[0]!.n), N);
    assert.equal(Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(DISTINCT event_id) AS n FROM events'))[0]!.n), N);
    assert.equal(Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM issues'))[0]!.n), sourceIssues);

    // One title changed on the target: the checksums disagree, exit 1, the table says where.
    await pgQuery(url, "UPDATE issues SET title = title || ' (edited)' WHERE id = (SELECT MIN(id) FROM issues)");
    const tampered = await migrate(['--from', dataDir, '--to', url]);
    assert.equal(tampered.code, 1, tampered.stderr);
    assert.match(tampered.stdout, /^issues\s+\d+\s+\d+\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+MISMATCH$/m);
    assert.match(tampered.stdout, /^events\s.*\sok$/m);
    assert.match(tampered.stderr, /MISMATCH in issues/);

    // --restart empties what migrate-store copied and copies again.
    const restarted = await migrate(['--from', dataDir, '--to', url, '--restart']);
    assert.equal(restarted.code, 0, restarted.stderr + restarted.stdout);
    assert.doesNotMatch(restarted.stdout, /MISMATCH/);

    // Rows but no progress record: not migrate-store's, refused, nothing touched.
    await pgQuery(url, 'DROP TABLE migrate_store_progress');
    const foreign = await migrate(['--from', dataDir, '--to', url, '--restart']);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /already holds Faultline data \(table \w+ has rows\) that migrate-store did not copy/);
    assert.equal(Number((await pgQuery<{ n: string }>(url, 'SELECT COUNT(*) AS n FROM events'))[0]!.n), N);

    // PostgreSQL unreachable: a clear refusal, not a stack trace.
    const down = await migrate(['--from', dataDir, '--to', 'postgres://faultline:secret@127.0.0.1:1/faultline']);
    assert.equal(down.code, 2, down.stderr);
    assert.match(down.stderr, /^faultline: cannot reach the target PostgreSQL \(connect ECONNREFUSED 127\.0\.0\.1:1\); every committed batch is kept/m);

    // A source behind this code's schema: told how to upgrade it first.
    const behind = new Database(join(dataDir, 'faultline.sqlite'));
    behind.prepare('DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)').run();
    behind.close();
    const old = await migrate(['--from', dataDir, '--to', await createTestDatabase()]);
    assert.equal(old.code, 2);
    assert.match(old.stderr, /is at schema version \d+, this Faultline's is \d+\. Upgrade it first: run `faultline project list --data-dir /);
  });
});
