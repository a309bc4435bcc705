/**
 * @module `npm run bench -- --only replay` (SQLite) or `--only replay-postgres`: session replay through a real
 * `faultline start` child. Ingest+digest: C senders each send 10-minute sessions (`replay-session.ts`, 120 segments
 * of 5 s, zlib-compressed as the SDK sends them) segment after segment for the measured seconds; the figure is the
 * recording payload accepted (as received, and as rrweb JSON after inflating) over the time from the first send until
 * digest has stored every accepted envelope, plus the server's CPU per MB and per segment. Meanwhile a steady stream
 * of error events (open loop, `errorRate` a second, each timed from its scheduled send, as the main bench's latency
 * phase) gives error-event ingest latency while replays are ingested. Download: one stored 10-minute session's
 * `recording-segments/?download`, fetched to its last byte several times.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../scripts/test-postgres.ts';
import { createProject, createToken, FaultlineProcess, sleep } from './faultline-process.ts';
import { readProfile } from './backend-run.ts';
import { treeCpuSeconds } from './proc-stats.ts';
import { segmentEnvelope, SESSION_SEGMENTS, type SegmentEnvelope } from './replay-session.ts';
import { round, summarize, type LatencySummary } from './stats.ts';

export interface ReplayBenchOptions {
  backend: 'sqlite' | 'postgres';
  seconds: number;
  senders: number;
  downloads: number;
  /** Error events a second sent alongside the replay load (0: none, so the server's CPU is the replays' alone). */
  errorRate: number;
  /**
   * Replay segments a second, open loop (each timed from its scheduled send), from `5 × rate` concurrent sessions
   * (one segment per 5 s each, as the SDK sends), each joined at a different segment so the mix is a steady state's,
   * not every session's full snapshot at once. Unset: `senders` closed-loop senders, as fast as the server answers.
   * 0: no replays (the server's CPU per error event alone).
   */
  replayRate?: number;
  keep: boolean;
  /** Run the server under `node --cpu-prof` and print where its CPU went. */
  profile?: boolean;
  log: (s: string) => void;
}

export interface ReplayBenchResult {
  backend: 'sqlite' | 'postgres';
  /** Segments a second sent open loop, or `closed-loop` (`senders` senders as fast as the server answers). */
  replayRate: number | 'closed-loop';
  ingest: {
    seconds: number;
    sessionsStarted: number;
    envelopesAccepted: number;
    envelopesRefused: number;
    drained: boolean;
    recordingMB: number;
    rrwebJsonMB: number;
    recordingMBPerSecond: number;
    rrwebJsonMBPerSecond: number;
    serverCpuSeconds: number;
    serverCpuSecondsPerRecordingMB: number;
    serverCpuMicrosPerSegment: number;
    /** Server CPU over every item accepted (segments and error events). */
    serverCpuMicrosPerItem: number;
    /** Open loop only: the segments' own ingest latency from their scheduled send. */
    segmentMs?: LatencySummary;
  };
  /** The error events sent meanwhile: ingest latency from each one's scheduled send time. */
  errors: {
    rate: number;
    sent: number;
    failed: number;
    ms: LatencySummary;
    /** Those scheduled after the first second: the server's JIT warm-up and first batches left out. */
    msAfterFirstSecond: LatencySummary;
  };
  download: { segments: number; bytes: number; identical: boolean; ms: LatencySummary };
}

const PLACEHOLDER = 'feedfacefeedfacefeedfacefeedface';
const MB = 1024 * 1024;

/** The session's envelopes once, with every offset of the replay id in each, so a new session is a copy and a patch. */
function sessionTemplate(t0: number): Array<SegmentEnvelope & { idAt: number[] }> {
  return Array.from({ length: SESSION_SEGMENTS }, (_, n) => {
    const s = segmentEnvelope(PLACEHOLDER, n, t0, 1);
    const idAt: number[] = [];
    for (let at = s.body.indexOf(PLACEHOLDER); at >= 0; at = s.body.indexOf(PLACEHOLDER, at + 1)) idAt.push(at);
    return { ...s, idAt };
  });
}

/** One error event (a few issues' worth of stacks), as an SDK envelope. */
function errorEnvelope(n: number): string {
  const eventId = randomUUID().replaceAll('-', '');
  const event = {
    event_id: eventId, platform: 'javascript', level: 'error', timestamp: Date.now() / 1000, environment: 'production', release: 'greeter@2.4.1',
    exception: { values: [{ type: 'TypeError', value: `greeting ${n % 20} failed`, stacktrace: { frames: [{ filename: 'https://greeter.example/app.js', function: `greet${n % 20}`, lineno: 10 + (n % 20), in_app: true }] } }] },
    contexts: { replay: { replay_id: replayIdOf(n % 8) } },
  };
  return [JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() }), JSON.stringify({ type: 'event' }), JSON.stringify(event)].join('\n');
}

const replayIdOf = (session: number) => `${(0xbe000000 + session).toString(16)}${'0'.repeat(24)}`;

function withId(s: SegmentEnvelope & { idAt: number[] }, replayId: string): Buffer {
  const body = Buffer.from(s.body);
  for (const at of s.idAt) body.write(replayId, at, 'latin1');
  return body;
}

/**
 * Sends `rate` envelopes a second to `url` from `started` until `stopAt`, each on its schedule whatever the server's answers
 * (open loop), and times each from its scheduled send; resolves with how many were sent once all have answered.
 */
async function openLoop(
  url: string,
  rate: number,
  started: number,
  stopAt: number,
  next: (k: number, scheduled: number) => { body: string | Buffer; ok: (ms: number) => void; failed: () => void },
): Promise<number> {
  const inflight: Array<Promise<void>> = [];
  let k = 0;
  for (; rate > 0; k++) {
    const scheduled = started + (k * 1000) / rate;
    if (scheduled >= stopAt) break;
    if (scheduled > performance.now()) await sleep(scheduled - performance.now());
    const item = next(k, scheduled);
    const res = fetch(url, { method: 'POST', body: item.body as unknown as BodyInit });
    inflight.push(res.then(async (r) => (await r.arrayBuffer(), r.ok ? item.ok(performance.now() - scheduled) : item.failed()), item.failed));
  }
  await Promise.all(inflight);
  return k;
}

export async function runReplayBench(o: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-replay-'));
  let pg: TestPostgres | undefined;
  let server: FaultlineProcess | undefined;
  try {
    if (o.backend === 'postgres') pg = await startTestPostgres();
    const store = { dataDir, databaseUrl: pg ? await createTestDatabase(pg.url) : undefined };
    const project = await createProject(store, 'greeter', 'javascript');
    const token = await createToken(store);
    const profDir = o.profile ? join(dataDir, 'cpu-profile') : undefined;
    server = await FaultlineProcess.start({ ...store, logFile: join(dataDir, 'server.log'), cpuProfDir: profDir });
    const url = `${server.url}/api/${project.projectId}/envelope/?sentry_key=${project.publicKey}`;
    const template = sessionTemplate(Date.now() - 15 * 60_000);
    o.log(`replay (${o.backend}): a session is ${SESSION_SEGMENTS} segments, ${round(template.reduce((n, s) => n + s.recordingBytes, 0) / MB)} MB as sent, ${round(template.reduce((n, s) => n + s.jsonBytes, 0) / MB)} MB of rrweb JSON`);

    const digested0 = (await server.metrics()).faultline_envelopes_digested_total ?? 0;
    const cpu0 = treeCpuSeconds(server.pid);
    let nextSession = 0;
    let accepted = 0;
    let refused = 0;
    let recordingBytes = 0;
    let jsonBytes = 0;
    const started = performance.now();
    const stopAt = started + o.seconds * 1000;
    const sender = async () => {
      while (performance.now() < stopAt) {
        const replayId = replayIdOf(nextSession++);
        for (const seg of template) {
          if (performance.now() >= stopAt) return;
          const res = await fetch(url, { method: 'POST', body: withId(seg, replayId) as unknown as BodyInit });
          await res.arrayBuffer();
          if (res.ok) {
            accepted++;
            recordingBytes += seg.recordingBytes;
            jsonBytes += seg.jsonBytes;
          } else refused++;
        }
      }
    };
    const segmentTimes: number[] = [];
    /** Open loop: segment k goes at `k / rate` s, to session k mod N (N = 5 × rate) at its next segment. */
    const openLoopReplays = (rate: number) => {
      const sessions = Math.max(1, Math.ceil(rate * 5));
      return openLoop(url, rate, started, stopAt, (k) => {
        const session = k % sessions;
        const at = ((session * 53) % SESSION_SEGMENTS) + Math.floor(k / sessions);
        const seg = template[at % SESSION_SEGMENTS]!;
        const sessionNo = session + sessions * Math.floor(at / SESSION_SEGMENTS);
        nextSession = Math.max(nextSession, sessionNo + 1);
        return {
          body: withId(seg, replayIdOf(sessionNo)),
          ok: (ms) => {
            segmentTimes.push(ms);
            accepted++;
            recordingBytes += seg.recordingBytes;
            jsonBytes += seg.jsonBytes;
          },
          failed: () => void refused++,
        };
      });
    };
    const errorStream = async () => {
      const times: number[] = [];
      const steady: number[] = [];
      let failed = 0;
      const sent = await openLoop(url, o.errorRate, started, stopAt, (k, scheduled) => ({
        body: errorEnvelope(k + 1),
        ok: (ms) => {
          times.push(ms);
          if (scheduled - started >= 1000) steady.push(ms);
        },
        failed: () => void failed++,
      }));
      return { rate: o.errorRate, sent, failed, ms: summarize(times.length ? times : [0]), msAfterFirstSecond: summarize(steady.length ? steady : [0]) };
    };
    const replayLoad = o.replayRate === undefined ? Array.from({ length: o.senders }, sender) : [openLoopReplays(o.replayRate)];
    const [errors] = await Promise.all([errorStream(), ...replayLoad]);
    let drained = false;
    for (const deadline = performance.now() + 120_000; performance.now() < deadline; await sleep(50)) {
      if (((await server.metrics()).faultline_envelopes_digested_total ?? 0) - digested0 >= accepted + errors.sent - errors.failed) {
        drained = true;
        break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = treeCpuSeconds(server.pid) - cpu0;
    const ingest = {
      seconds: round(seconds),
      sessionsStarted: nextSession,
      envelopesAccepted: accepted,
      envelopesRefused: refused,
      drained,
      recordingMB: round(recordingBytes / MB),
      rrwebJsonMB: round(jsonBytes / MB),
      recordingMBPerSecond: round(recordingBytes / MB / seconds),
      rrwebJsonMBPerSecond: round(jsonBytes / MB / seconds),
      serverCpuSeconds: round(cpu),
      serverCpuSecondsPerRecordingMB: round(cpu / (recordingBytes / MB), 3),
      serverCpuMicrosPerSegment: round((cpu * 1e6) / Math.max(1, accepted)),
      serverCpuMicrosPerItem: round((cpu * 1e6) / Math.max(1, accepted + errors.sent - errors.failed)),
      ...(o.replayRate === undefined ? {} : { segmentMs: summarize(segmentTimes.length ? segmentTimes : [0]) }),
    };
    const loadName = o.replayRate === undefined ? `${o.senders} closed-loop senders` : `${o.replayRate} segments/s open loop from ${Math.ceil(o.replayRate * 5)} sessions`;
    o.log(`  replays: ${loadName}${ingest.segmentMs ? `, segment ingest p50 ${ingest.segmentMs.p50} ms, p99 ${ingest.segmentMs.p99} ms` : ''}`);
    o.log(`  error events alongside, ${errors.rate}/s: ${errors.sent} sent (${errors.failed} refused or failed), ingest p50 ${errors.ms.p50} ms, p99 ${errors.ms.p99} ms, max ${errors.ms.max} ms; after the first second p50 ${errors.msAfterFirstSecond.p50} ms, p99 ${errors.msAfterFirstSecond.p99} ms`);
    o.log(`  ingest+digest: ${ingest.recordingMBPerSecond} MB/s as sent (${ingest.rrwebJsonMBPerSecond} MB/s of rrweb JSON), ${accepted} envelopes (${refused} refused), drained ${drained}, ${ingest.serverCpuSecondsPerRecordingMB} server CPU-s per MB, ${ingest.serverCpuMicrosPerSegment} server CPU µs per segment, ${ingest.serverCpuMicrosPerItem} per item (segments and errors)`);

    // Download: one more session, sent whole after the ingest phase, then fetched through the API to its last byte.
    const downloadId = replayIdOf(0xffffff);
    for (const seg of template) {
      const res = await fetch(url, { method: 'POST', body: withId(seg, downloadId) as unknown as BodyInit });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the download session's segment was refused: ${res.status}`);
    }
    const dl = `${server.url}/api/0/projects/faultline/greeter/replays/${downloadId}/recording-segments/?download`;
    const stored = async () => {
      const res = await fetch(`${server!.url}/api/0/organizations/faultline/replays/${downloadId}/`, { headers: { authorization: `Bearer ${token}` } });
      return res.ok && ((await res.json()) as { data: { count_segments: number } }).data.count_segments === SESSION_SEGMENTS;
    };
    for (const deadline = performance.now() + 60_000; !(await stored()); await sleep(50)) if (performance.now() > deadline) throw new Error('the download session was not stored within 60 s');
    const times: number[] = [];
    let bytes = 0;
    let identical = false;
    const want = template.reduce((n, s) => n + s.jsonBytes, 0) + SESSION_SEGMENTS - 1 + 2;
    for (let i = 0; i < o.downloads; i++) {
      const t = performance.now();
      const res = await fetch(dl, { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      times.push(performance.now() - t);
      if (!res.ok) throw new Error(`download answered ${res.status}: ${body.toString().slice(0, 200)}`);
      bytes = body.byteLength;
      identical = bytes === want && (JSON.parse(body.toString()) as unknown[]).length === SESSION_SEGMENTS;
    }
    const download = { segments: SESSION_SEGMENTS, bytes, identical, ms: summarize(times) };
    o.log(`  download of a 10-minute session (${SESSION_SEGMENTS} segments, ${round(bytes / MB)} MB): p50 ${download.ms.p50} ms, max ${download.ms.max} ms; all segments, the expected size: ${identical}`);
    const stop = await server.stop();
    server = undefined;
    if (stop.code !== 0) throw new Error(`faultline exited with ${stop.code ?? stop.signal}`);
    if (profDir) readProfile(profDir, o);
    return { backend: o.backend, replayRate: o.replayRate ?? 'closed-loop', ingest, errors, download };
  } finally {
    if (server) await server.stop();
    await pg?.stop();
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}
