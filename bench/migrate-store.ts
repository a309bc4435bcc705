/**
 * `npm run bench`-style figure for `faultline migrate-store`: fills a SQLite data dir with N error events through
 * the real ingest path (a Faultline child process), then times the CLI copying it into an embedded PostgreSQL.
 * Prints wall time and the migrate-store process's CPU (user + sys, from /usr/bin/time) per copied row and per event.
 * Usage: node --import tsx bench/migrate-store.ts [events=20000] [batch=5000]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, createTestDatabase } from '../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, ROOT, until } from '../e2e/reliability/helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope } from '../e2e/reliability/helpers/envelopes.ts';

const N = Number(process.argv[2] ?? 20_000);
const BATCH = String(process.argv[3] ?? 5000);
const dataDir = newDataDir('faultline-bench-migrate-');
const project = await createTestProject({ dataDir }, 'bench');
const server = await ChildServer.create({ dataDir });
await server.start();
for (let i = 0; i < N; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, N - i) }, (_, j) => postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(newEventId(), (i + j) % 1000))));
}
await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain', 600_000, 100);
await server.stop();

const pgServer = await startTestPostgres();
try {
  const url = await createTestDatabase(pgServer.url);
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('FAULTLINE_')) delete env[k];
  const load = loadavg()[0]!.toFixed(1);
  const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, join(ROOT, 'packages/cli/bin/faultline.js'), 'migrate-store', '--from', dataDir, '--to', url, '--batch', BATCH], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', () => resolve({ stdout, stderr }));
  });
  const [, wall, user, sys] = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr) ?? [];
  const rows = [...r.stdout.matchAll(/^\S+\s+(\d+)\s+\d+\s/gm)].reduce((s, m) => s + Number(m[1]), 0);
  const cpu = (Number(user) + Number(sys)) * 1e6;
  console.log(r.stdout);
  console.log(
    `migrate-store: ${N} events, ${rows} rows in all tables, batch ${BATCH}: wall ${wall} s (${(Number(wall) * 1e6 / N).toFixed(0)} µs/event), ` +
      `migrate-store CPU ${(cpu / 1e6).toFixed(1)} s = ${(cpu / N).toFixed(0)} µs/event, ${(cpu / rows).toFixed(0)} µs/row (copy + both checksums; PostgreSQL's own CPU not included); load average at start ${load}`,
  );
} finally {
  await pgServer.stop();
}
