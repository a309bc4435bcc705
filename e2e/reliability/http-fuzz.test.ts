/**
 * HTTP fuzz: thousands of random and mutated envelopes (from the captured SDK fixtures: byte flips, truncations,
 * bogus lengths, wrong encodings, broken compression, random headers, mangled JSON) and malformed raw HTTP sent to
 * a Faultline child process. Every answer is 200 or 4xx (never 5xx, never a hang), the server stays up and keeps
 * digesting, and its memory stays bounded.
 *
 * Longer runs: RELIABILITY_FUZZ_CASES=50000 RELIABILITY_FUZZ_SEED=123 npm test -- http-fuzz
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChildServer, createTestProject, metricSum, newDataDir, until, withStore, type Project } from './helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope } from './helpers/envelopes.ts';
import { fuzzRequest, int, loadFixtureEnvelopes, pick, seededRng, type FuzzRequest } from './helpers/mutate.ts';

const CASES = Number(process.env.RELIABILITY_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? Date.now() % 1_000_000);
const CONCURRENCY = 16;
const HANG_MS = 15_000;
/** Generous: the process may grow caches and heap, but not by what thousands of hostile bodies would leak. */
const RSS_GROWTH_LIMIT = 200 * 1024 * 1024;

async function send(server: ChildServer, project: Project, req: FuzzRequest): Promise<{ status: number; error?: string; body?: string }> {
  const query = req.keyInQuery ? `?sentry_key=${project.publicKey}&sentry_version=7` : '';
  try {
    const res = await fetch(`${server.url}/api/${project.projectId}/${req.path}/${query}`, {
      method: 'POST',
      body: req.body as unknown as BodyInit,
      headers: req.headers,
      signal: AbortSignal.timeout(HANG_MS),
    });
    return { status: res.status, body: (await res.text()).slice(0, 300) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { status: 0, error: `${e.name}: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
}

/** Writes raw bytes on a socket and resolves with the status line the server answers (or how the socket ended). */
function rawRequest(port: number, bytes: Buffer, timeoutMs = HANG_MS): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('hang');
    }, timeoutMs);
    socket.on('data', (d) => {
      data += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data.split('\r\n')[0] || 'closed');
    });
    socket.end(bytes);
  });
}

describe('HTTP fuzz against a child-process server', () => {
  let server: ChildServer;
  let project: Project;
  const target = { dataDir: newDataDir() };
  const failures: string[] = [];
  const failDir = newDataDir('faultline-fuzz-failures-'); // kept when the run fails

  before(async () => {
    project = await createTestProject(target);
    server = await ChildServer.create({ ...target });
    await server.start();
  });
  after(async () => {
    if (server?.running) await server.stop();
  });

  it(`answers ${CASES} mutated envelopes with 200/4xx only, stays up, memory bounded (seed ${SEED})`, { timeout: 300_000 }, async (t) => {
    const fixtures = loadFixtureEnvelopes();
    // Warm up with valid traffic so the RSS baseline includes normal caches and JIT.
    for (let i = 0; i < 300; i++) assert.equal((await postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(newEventId(), i % 20))).status, 200);
    for (const f of fixtures) await postEnvelope(server.url, project.projectId, project.publicKey, f.body);
    await until(async () => (await server.readyz()).body.queue.depth === 0, 'warm-up digest');
    const rssBefore = server.rss();

    const rng = seededRng(SEED);
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let next = 0;
    let maxRss = rssBefore;
    const worker = async () => {
      while (next < CASES) {
        const n = next++;
        const req = fuzzRequest(rng, fixtures, project.publicKey);
        const kind = req.kind.split(':')[1]!.split('+')[0]!;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const r = await send(server, project, req);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200 || (r.status >= 400 && r.status < 500)) continue;
        const file = join(failDir, `case-${n}.bin`);
        writeFileSync(file, req.body);
        failures.push(`case ${n} (${req.kind}, headers ${JSON.stringify(req.headers)}): ${r.status || r.error} ${r.body ?? ''} — body in ${file}`);
      }
    };
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, server.rss());
    }, 250);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(sampler);
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} answers were not 200/4xx (seed ${SEED})`);

    // Still up and still digesting: a valid event goes all the way through.
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const id = newEventId();
    assert.equal((await postEnvelope(server.url, project.projectId, project.publicKey, errorEnvelope(id, 1))).status, 200);
    await until(async () => (await server.readyz()).body.queue.depth === 0, 'digest to drain after the fuzz', 60_000);
    const m = await server.metrics();
    const rssAfter = server.rss();
    assert.ok(rssAfter - rssBefore < RSS_GROWTH_LIMIT, `RSS grew from ${rssBefore >> 20} MiB to ${rssAfter >> 20} MiB`);

    t.diagnostic(
      `seed ${SEED}: ${CASES} cases, answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `mutations ${JSON.stringify(Object.fromEntries([...kinds].sort()))}; ` +
        `RSS ${rssBefore >> 20} → ${rssAfter >> 20} MiB (peak ${maxRss >> 20}); digest errors ${metricSum(m, 'faultline_digest_errors_total')}, ` +
        `outcomes ${metricSum(m, 'faultline_outcomes_total')}`,
    );
    await withStore(target, async ({ db }) => {
      assert.ok(await db.get('SELECT 1 AS x FROM events WHERE event_id = ?', [id]), 'the valid event after the fuzz was stored');
      // Envelopes ingest accepted but digest could not process are kept raw; list them (a digest bug each).
      const raw = await db.all<{ id: number; headers: string; payload: Buffer }>("SELECT id, headers, payload FROM raw_items WHERE type = 'undigested_envelope'");
      for (const r of raw) {
        const file = join(failDir, `undigested-${r.id}.bin`);
        writeFileSync(file, r.payload);
        t.diagnostic(`undigested envelope (digest error ${r.headers}) saved in ${file}`);
      }
      // Acknowledged means digestible: ingest must refuse what digest cannot process.
      assert.equal(raw.length, 0, `${raw.length} acknowledged envelopes failed digest (seed ${SEED})`);
    });
  });

  it('survives malformed raw HTTP (bad framing, lying Content-Length, broken chunking, early close)', { timeout: 120_000 }, async (t) => {
    const rng = seededRng(SEED + 1);
    const path = `/api/${project.projectId}/envelope/?sentry_key=${project.publicKey}`;
    const envelope = errorEnvelope(newEventId(), 1);
    const shapes: Array<() => Buffer> = [
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${envelope.length + 1 + int(rng, 1000)}\r\n\r\n${envelope}`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${int(rng, envelope.length)}\r\n\r\n${envelope}`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n${envelope}`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${pick(rng, ['zz', 'ffffffffffffffff', '5', '-1', '3\r\nabc'])}\r\n`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\x1f\x8b\x08\x00`, 'latin1'),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\n${'X-H: v\r\n'.repeat(int(rng, 3000))}\r\n`),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000 + int(rng, 100_000))}\r\n\r\n`),
      () => Buffer.from(`POST /api/${'9'.repeat(400)}/envelope/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`),
      () => Buffer.from(`POST /api/1/envelope/?${'%'.repeat(int(rng, 50))}sentry_key=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`),
      () => Buffer.from(`GARBAGE ${'\u0000'.repeat(int(rng, 10))} HTTP/9.9\r\n\r\n`, 'latin1'),
      () => Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${envelope.length}\r\n\r\n${envelope.subarray(0, int(rng, envelope.length))}`),
      () => Buffer.from(Array.from({ length: int(rng, 2000) }, () => int(rng, 256))),
      () => Buffer.from(`POST ${path} HTTP/1.0\r\n\r\n${envelope}`),
    ];
    const answers = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const line = await rawRequest(server.port, pick(rng, shapes)());
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? line;
      answers.set(status, (answers.get(status) ?? 0) + 1);
      assert.ok(!/^5\d\d$/.test(status) && status !== 'hang', `raw case ${i}: ${line}`);
    }
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    t.diagnostic(`raw HTTP: 300 cases, answers ${JSON.stringify(Object.fromEntries([...answers].sort()))}`);
  });
});
