/**
 * @module `node --import tsx bench/sourcemaps.ts`: source-map symbolication speed on this machine.
 *
 *   warm     frames resolved per second by the Symbolicator with every map cached (target ≥ 100,000/s):
 *            20-frame events against the captured browser-app map (4 MB), in-memory lookup
 *   cold     parse + decode of a ~10 MB map, as on a cache miss (target ≤ 200 ms), median of 5
 *   digest   events/s through a started server (SQLite): 20-frame browser events whose maps were uploaded by
 *            sentry-cli, from ingest until digest has drained; and the same events with symbolication skipped
 *
 * Prints one JSON object; `--out FILE` also writes it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { transformSync } from 'esbuild';
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import type { NormalizedEvent, StackFrame } from '@faultline/protocol';
import { ArtifactCache, Symbolicator, parseSourceMap, type ArtifactFile, type ArtifactLookup } from '@faultline/pipeline/symbolicate';
import { createProject, createToken, ensureDefaults } from '@faultline/store';
import { loadConfig, startServer } from '@faultline/server';

const { values: flags } = parseArgs({ options: { events: { type: 'string', default: '2000' }, out: { type: 'string' } } });
const FIXTURE = new URL('../fixtures/sdk-11.12.0/browser-app/dist/', import.meta.url).pathname;
const DEBUG_ID = '501739e4-32ae-55df-afa2-57e641abc4a6';
const JS = readFileSync(`${FIXTURE}app.js`, 'utf8');
const MAP = readFileSync(`${FIXTURE}app.js.map`, 'utf8');

/** Generated positions (1-based) that carry a mapping, spread over the bundle: real frames land on such tokens. */
function mappedPositions(n: number): Array<[number, number]> {
  const lines = decodedMappings(new TraceMap(MAP));
  const all: Array<[number, number]> = [];
  lines.forEach((segs, l) => segs.forEach((s) => s.length > 1 && all.push([l + 1, s[0] + 1])));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) out.push(all[Math.floor((i * 7919) % all.length)]!);
  return out;
}

function browserEvent(positions: Array<[number, number]>, id: number): Record<string, unknown> {
  return {
    event_id: id.toString(16).padStart(32, '0'),
    platform: 'javascript',
    timestamp: Date.now() / 1000,
    release: 'dashboard@2.0.0',
    exception: { values: [{ type: 'TypeError', value: `bench ${id % 50}`, stacktrace: { frames: positions.map(([lineno, colno]) => ({ filename: 'http://127.0.0.1:9999/dist/app.js', function: 'r', in_app: true, lineno, colno })) } }] },
    debug_meta: { images: [{ type: 'sourcemap', code_file: 'http://127.0.0.1:9999/dist/app.js', debug_id: DEBUG_ID }] },
  };
}

function normalized(raw: Record<string, unknown>): NormalizedEvent {
  const ev = { ...raw, received: 0, level: 'error', type: 'error', tags: [], contexts: {}, errors: [] } as unknown as NormalizedEvent;
  for (const f of ev.exception!.values[0]!.stacktrace!.frames as StackFrame[]) f.abs_path = f.filename;
  return ev;
}

async function warm(): Promise<Record<string, number>> {
  const file = (text: string, url: string): ArtifactFile => ({ key: url, url, headers: { sourcemap: 'app.js.map' }, origin: 'bench', read: async () => text });
  const files = { source_map: file(MAP, '~/dist/app.js.map'), minified_source: file(JS, '~/dist/app.js') };
  const lookup: ArtifactLookup = { byDebugId: async (_id, type) => files[type as keyof typeof files], byUrl: async () => undefined };
  const s = new Symbolicator(new ArtifactCache());
  const positions = mappedPositions(20 * 500);
  const events = Array.from({ length: 500 }, (_, i) => browserEvent(positions.slice(i * 20, i * 20 + 20), i));
  await s.symbolicateEvent(normalized(structuredClone(events[0]!)), lookup); // load the map
  const prepared = Array.from({ length: 10 }, () => events.map((e) => normalized(structuredClone(e))));
  let frames = 0;
  const t0 = performance.now();
  for (const batch of prepared) for (const ev of batch) frames += (await s.symbolicateEvent(ev, lookup)).resolved;
  const ms = performance.now() - t0;
  return { frames, ms: Math.round(ms), framesPerSecond: Math.round((frames / ms) * 1000) };
}

function bigMap(targetBytes: number): string {
  const fns: string[] = [];
  for (let i = 0; fns.join('\n').length < targetBytes / 2.2; i++) {
    fns.push(`export function handler${i}(request, options) {\n  const value = request.items.map((item) => item.price * options.rate${i % 7});\n  if (value.length > ${i}) { throw new Error('too many items in handler${i}'); }\n  return value.reduce((a, b) => a + b, 0);\n}`);
  }
  return transformSync(fns.join('\n'), { minify: true, sourcemap: 'external', sourcefile: 'src/handlers.js', format: 'esm' }).map;
}

function cold(): Record<string, number> {
  let map = bigMap(11.5 * 1024 * 1024).trimEnd();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    map = `${map.slice(0, -1)} ${' '.repeat(i)}}`; // a fresh string each round: nothing cached by V8
    const t0 = performance.now();
    const parsed = parseSourceMap(map);
    parsed.lookup(1, 100);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { mapBytes: map.length, medianMs: Math.round(times[2]!), minMs: Math.round(times[0]!), maxMs: Math.round(times[4]!) };
}

async function digest(n: number): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-sm-'));
  const server = await startServer(loadConfig(['--port', '0', '--data-dir', dataDir, '--log-level', 'error'], {}));
  try {
    const { db } = server.app;
    const { org, team } = await ensureDefaults(db);
    const { project, key } = await createProject(db, { orgId: org.id, teamId: team.id, slug: 'bench', platform: 'javascript' });
    const { token } = await createToken(db, { userId: null, name: 'bench', scopes: [] });
    const dist = join(dataDir, 'upload');
    cpSync(FIXTURE, dist, { recursive: true });
    await promisify(execFile)(process.execPath, [new URL('../node_modules/@sentry/cli/bin/sentry-cli', import.meta.url).pathname, 'sourcemaps', 'upload', '--release', 'dashboard@2.0.0', dist], {
      env: { PATH: process.env.PATH, SENTRY_URL: server.url, SENTRY_AUTH_TOKEN: token, SENTRY_ORG: org.slug, SENTRY_PROJECT: project.slug },
    });
    const positions = mappedPositions(20 * 100);
    const run = async (label: string, offset: number, patch: (e: Record<string, unknown>) => void) => {
      const bodies = Array.from({ length: n }, (_, i) => {
        const ev = browserEvent(positions.slice((i % 100) * 20, (i % 100) * 20 + 20), offset + i);
        patch(ev);
        return `{"event_id":"${ev.event_id}"}\n{"type":"event"}\n${JSON.stringify(ev)}\n`;
      });
      const url = `${server.url}/api/${project.id}/envelope/?sentry_key=${key.public_key}&sentry_version=7`;
      const t0 = performance.now();
      for (let i = 0; i < bodies.length; i += 32) await Promise.all(bodies.slice(i, i + 32).map((body) => fetch(url, { method: 'POST', body }).then((r) => r.arrayBuffer())));
      await server.app.queue.flush();
      while ((await server.app.queue.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 20));
      await server.app.worker?.drain();
      const ms = performance.now() - t0;
      return { [`${label}EventsPerSecond`]: Math.round((n / ms) * 1000) };
    };
    const withMaps = await run('symbolicated', 0, () => undefined);
    // The same events as a platform the stage skips: what digest costs without symbolication.
    const without = await run('unsymbolicated', 1_000_000, (e) => {
      e.platform = 'python';
      delete e.debug_meta;
    });
    const stored = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events');
    return { events: n, framesPerEvent: 20, stored: Number(stored?.n ?? 0), ...withMaps, ...without };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const result = { warm: await warm(), cold: cold(), digest: await digest(Number(flags.events)) };
console.log(JSON.stringify(result, null, 2));
if (flags.out) writeFileSync(flags.out, JSON.stringify(result, null, 2));
