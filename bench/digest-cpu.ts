/**
 * @module `node --import tsx bench/digest-cpu.ts [--events N] [--postgres URL] [--thread] [--fill-only DIR | --digest-only DIR]`:
 * digest alone, in one process, over the bench corpus (the same seeded mix `npm run bench` sends). The queue is
 * filled by a `--no-digest` server, which then stops; a server with digest on this event loop starts on the same
 * store and drains it. Prints events/s (wall) and the process's CPU µs per digested event: on a shared machine
 * the CPU figure holds where the wall-clock one does not. No HTTP, no load generator. The two halves can run as
 * separate processes (`--fill-only`, then `--digest-only` on that data dir), so `perf stat -e instructions:u`
 * can count the digest half alone; a digest of an empty queue gives the start-up's share to subtract.
 * By default digest runs on this event loop, as `--digest-thread false` runs it: on SQLite its batches are then
 * sized to ~15 ms of wall time (it would share the loop with ingest), so a loaded machine makes them small and
 * commits dearer. `--thread` digests on its own thread, as `faultline start` does: full batches
 * (`--digest-batch-size`, 200), and the process CPU counts that thread too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadConfig, startServer } from '@faultline/server';
import { createProject, ensureDefaults } from '@faultline/store';
import { Corpus, DEFAULT_CORPUS } from './corpus.ts';
import { REPO } from './faultline-process.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '6000' }, postgres: { type: 'string' }, 'fill-only': { type: 'string' }, 'digest-only': { type: 'string' }, thread: { type: 'boolean', default: false } } });
const total = Number(values.events);
const dataDir = values['fill-only'] ?? values['digest-only'] ?? mkdtempSync(join(tmpdir(), 'faultline-digest-cpu-'));
const args = ['--port', '0', '--data-dir', dataDir, '--log-level', 'error', ...(values.postgres ? ['--database-url', values.postgres] : [])];
let events = 0;
let envelopes = 0;
if (!values['digest-only']) await fill();
if (values['fill-only']) process.exit(0);

async function fill(): Promise<void> {
  const filler = await startServer(loadConfig([...args, '--no-digest'], {}));
  const { org, team } = await ensureDefaults(filler.app.db);
  const node = (await createProject(filler.app.db, { orgId: org.id, teamId: team.id, slug: 'node', platform: 'node' })).project.id;
  const browser = (await createProject(filler.app.db, { orgId: org.id, teamId: team.id, slug: 'browser', platform: 'javascript' })).project.id;
  const corpus = new Corpus({ ...DEFAULT_CORPUS, fixturesDir: `${REPO}/fixtures/sdk-11.12.0`, node: { projectId: String(node), publicKey: 'n'.repeat(32) }, browser: { projectId: String(browser), publicKey: 'b'.repeat(32) } });
  while (events < total) {
    const r = corpus.next();
    const projectId = Number(/\/api\/(\d+)\//.exec(r.path)![1]);
    await filler.app.queue.append({ projectId, received: Date.now(), clientIp: '10.0.0.1', body: r.gzip ? gunzipSync(r.body) : r.body });
    envelopes++;
    if (r.kind === 'event') events++;
}
await filler.app.queue.flush();
await filler.close();
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const digest = await startServer(loadConfig(args, {}), undefined, { digestThread: values.thread });
await digest.app.worker!.drain();
while ((await digest.app.queue.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const stored = await digest.app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events');
events ||= Number(stored!.n);
await digest.close();
const cpuUs = cpu.user + cpu.system;
console.log(
  JSON.stringify({
    backend: values.postgres ? 'postgres' : 'sqlite',
    digest: values.thread ? 'thread' : 'in-process',
    envelopes,
    events,
    stored: Number(stored!.n),
    seconds: Math.round(ms) / 1000,
    eventsPerSecond: Math.round((events / ms) * 1000),
    cpuUsPerEvent: Math.round(cpuUs / events),
    cpuCores: Math.round((cpuUs / 1000 / ms) * 100) / 100,
  }),
);
