/**
 * @module `node --import tsx bench/replay-digest-cpu.ts [--sessions N] [--postgres URL]`: replay digest alone, in one
 * process: a `--no-digest` server queues N of the replay bench's 10-minute sessions (`replay-session.ts`, 120
 * zlib-compressed segments each, every envelope a `replay_event` + a `replay_recording`), stops, and a server with
 * digest on this event loop drains them. Prints the process's CPU µs per segment and MB/s of recording payload per
 * CPU-second: on a shared machine the CPU figures hold where wall-clock ones do not. No HTTP. `--profile`: a V8 CPU
 * profile of the digest half alone (summarize it with `bench/cpu-profile.ts`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, startServer } from '@faultline/server';
import { countReplaySegments, createProject, ensureDefaults } from '@faultline/store';
import { createTestDatabase, startTestPostgres } from '../scripts/test-postgres.ts';
import { segmentEnvelope, SESSION_SEGMENTS } from './replay-session.ts';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '20' }, postgres: { type: 'string' }, profile: { type: 'string' } } });
const sessions = Number(values.sessions);
const dataDir = mkdtempSync(join(tmpdir(), 'faultline-replay-digest-cpu-'));
// `--postgres embedded`: a database on an embedded PostgreSQL started here (as the replay bench does).
const pg = values.postgres === 'embedded' ? await startTestPostgres() : undefined;
const databaseUrl = pg ? await createTestDatabase(pg.url) : values.postgres;
const args = ['--port', '0', '--data-dir', dataDir, '--log-level', 'error', ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
const replayIdOf = (n: number) => `${(0xbe000000 + n).toString(16)}${'0'.repeat(24)}`;

const filler = await startServer(loadConfig([...args, '--no-digest'], {}));
const { org, team } = await ensureDefaults(filler.app.db);
const projectId = (await createProject(filler.app.db, { orgId: org.id, teamId: team.id, slug: 'greeter', platform: 'javascript' })).project.id;
const t0 = Date.now() - 15 * 60_000;
let recordingBytes = 0;
for (let s = 0; s < sessions; s++) {
  for (let n = 0; n < SESSION_SEGMENTS; n++) {
    const seg = segmentEnvelope(replayIdOf(s), n, t0, 1);
    recordingBytes += seg.recordingBytes;
    await filler.app.queue.append({ projectId, received: Date.now(), clientIp: '10.0.0.1', body: seg.body });
  }
}
await filler.app.queue.flush();
await filler.close();

const segments = sessions * SESSION_SEGMENTS;
const session = values.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const w0 = performance.now();
const digest = await startServer(loadConfig(args, {}), undefined, { digestThread: false });
await digest.app.worker!.drain();
while ((await digest.app.queue.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
const ms = performance.now() - w0;
const cpu = process.cpuUsage(cpu0);
if (session) writeFileSync(values.profile!, JSON.stringify((await session.post('Profiler.stop')).profile));
let stored = 0;
for (let s = 0; s < sessions; s++) stored += await countReplaySegments(digest.app.db, projectId, replayIdOf(s));
await digest.close();
await pg?.stop();
rmSync(dataDir, { recursive: true, force: true });
const cpuUs = cpu.user + cpu.system;
console.log(
  JSON.stringify({
    backend: values.postgres ? 'postgres' : 'sqlite',
    segments,
    stored,
    recordingMB: Math.round((recordingBytes / 1048576) * 100) / 100,
    seconds: Math.round(ms) / 1000,
    cpuUsPerSegment: Math.round(cpuUs / segments),
    recordingMBPerCpuSecond: Math.round((recordingBytes / 1048576 / (cpuUs / 1e6)) * 100) / 100,
  }),
);
