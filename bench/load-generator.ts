/**
 * @module The load generator, run as its own process (forked by run.ts) so its CPU and memory are not the server's.
 * It builds the corpus once, then runs phases on request over IPC:
 *   closed — N connections, each sends the next request as soon as the last one answered (saturation throughput);
 *   open   — sends on a fixed schedule whatever the server does, and times each request from its scheduled send
 *            time, so a stalled server shows up as latency instead of as a slower sender (no coordinated omission).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Corpus, type CorpusOptions, type OutgoingRequest } from './corpus.ts';
import { createClient, type ClientChoice, type HttpClient } from './http-client.ts';
import { round, summarize, type LatencySummary } from './stats.ts';

export type GeneratorCommand =
  | { type: 'init'; origin: string; connections: number; client: ClientChoice; corpus: CorpusOptions }
  | { type: 'closed'; warmupSeconds: number; seconds: number; expectedRps: number }
  | { type: 'open'; seconds: number; requestsPerSecond: number }
  | { type: 'exit' };

export interface Tally {
  requests: number;
  ok: number;
  okEvents: number;
  errors: number;
  byStatus: Record<string, number>;
  errorKinds: Record<string, number>;
  gzipped: number;
  rawBytes: number;
  wireBytes: number;
}

export interface PhaseResult {
  phase: 'closed' | 'open';
  /** Wall-clock ms of the first request (the first possible queue append) and of the end of the phase. */
  startedAt: number;
  endedAt: number;
  seconds: number;
  measured: Tally;
  requestsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: LatencySummary;
  /** Open loop only: latency from the actual send (excludes time the generator itself was late). */
  serviceLatencyMs?: LatencySummary;
  offeredRequestsPerSecond?: number;
  /** Open loop only: how late the generator dispatched sends behind schedule (its own saturation). */
  sendLagMs?: LatencySummary;
  perSecondOk?: number[];
  generatorCpuSeconds: number;
  generatorLoopDelayP99Ms: number;
  inlineGzips: number;
  distinctIssuesSent: number;
  /** Every 2xx this process has seen since it started, all phases and warm-ups included (for drain detection). */
  cumulativeAccepted: number;
  cumulativeAcceptedEvents: number;
}

export type GeneratorMessage =
  | { type: 'ready'; client: string; buildMs: number; templates: Corpus['templateStats']; eventShare: number }
  | { type: 'started'; at: number }
  | { type: 'result'; result: PhaseResult }
  | { type: 'error'; message: string };

let corpus: Corpus;
let client: HttpClient;
let cumulativeAccepted = 0;
let cumulativeAcceptedEvents = 0;
const issuesSent = new Set<number>();

function newTally(): Tally {
  return { requests: 0, ok: 0, okEvents: 0, errors: 0, byStatus: {}, errorKinds: {}, gzipped: 0, rawBytes: 0, wireBytes: 0 };
}

function count(t: Tally, r: OutgoingRequest, status: number, error: string | undefined): void {
  t.requests++;
  t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
  if (r.gzip) t.gzipped++;
  t.rawBytes += r.rawBytes;
  t.wireBytes += r.body.length;
  if (status >= 200 && status < 300) {
    t.ok++;
    if (r.kind === 'event') t.okEvents++;
  } else {
    t.errors++;
    const k = error ?? String(status);
    t.errorKinds[k] = (t.errorKinds[k] ?? 0) + 1;
  }
}

async function send(r: OutgoingRequest): Promise<{ status: number; error?: string }> {
  const res = await client.send(r.path, r.headers, r.body);
  if (res.status >= 200 && res.status < 300) {
    cumulativeAccepted++;
    if (r.kind === 'event') {
      cumulativeAcceptedEvents++;
      issuesSent.add(r.issue);
    }
  }
  return res;
}

function post(m: GeneratorMessage): void {
  process.send!(m);
}

async function closedLoop(warmupSeconds: number, seconds: number, connections: number, expectedRps: number): Promise<PhaseResult> {
  corpus.prepareGzip(Math.ceil(expectedRps * (warmupSeconds + seconds) * 0.2 * 1.1));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const startedAt = Date.now();
  post({ type: 'started', at: startedAt });
  const measureFrom = t0 + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const tally = newTally();
  const latencies: number[] = [];
  const perSecond: number[] = Array.from({ length: Math.ceil(seconds) }, () => 0);
  loop.enable();
  const worker = async () => {
    while (performance.now() < end) {
      const r = corpus.next();
      const s = performance.now();
      const res = await send(r);
      const e = performance.now();
      if (s >= measureFrom && e <= end) {
        count(tally, r, res.status, res.error);
        latencies.push(e - s);
        if (res.status >= 200 && res.status < 300) perSecond[Math.floor((e - measureFrom) / 1000)]!++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  corpus.dropGzipPool();
  return {
    phase: 'closed',
    startedAt,
    endedAt: Date.now(),
    seconds,
    measured: tally,
    requestsPerSecond: round(tally.ok / seconds, 1),
    eventsPerSecond: round(tally.okEvents / seconds, 1),
    latencyMs: summarize(latencies),
    perSecondOk: perSecond,
    generatorCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    generatorLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
    inlineGzips: corpus.inlineGzips,
    distinctIssuesSent: issuesSent.size,
    cumulativeAccepted,
    cumulativeAcceptedEvents,
  };
}

async function openLoop(seconds: number, rps: number): Promise<PhaseResult> {
  const total = Math.round(rps * seconds);
  corpus.prepareGzip(Math.ceil(total * 0.2 * 1.2));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  const interval = 1000 / rps;
  const tally = newTally();
  const fromSchedule: number[] = [];
  const service: number[] = [];
  const lag: number[] = [];
  const inflight = new Set<Promise<void>>();
  const startedAt = Date.now();
  post({ type: 'started', at: startedAt });
  loop.enable();
  const start = performance.now();
  const fire = (scheduled: number) => {
    const r = corpus.next();
    const s = performance.now();
    lag.push(s - scheduled);
    const p = send(r).then((res) => {
      const e = performance.now();
      count(tally, r, res.status, res.error);
      fromSchedule.push(e - scheduled);
      service.push(e - s);
      inflight.delete(p);
    });
    inflight.add(p);
  };
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (sent < due) fire(start + sent++ * interval);
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all([...inflight]);
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  corpus.dropGzipPool();
  const elapsed = (performance.now() - start) / 1000;
  return {
    phase: 'open',
    startedAt,
    endedAt: Date.now(),
    seconds: round(elapsed),
    measured: tally,
    offeredRequestsPerSecond: rps,
    requestsPerSecond: round(tally.ok / elapsed, 1),
    eventsPerSecond: round(tally.okEvents / elapsed, 1),
    latencyMs: summarize(fromSchedule),
    serviceLatencyMs: summarize(service),
    sendLagMs: summarize(lag),
    generatorCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    generatorLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
    inlineGzips: corpus.inlineGzips,
    distinctIssuesSent: issuesSent.size,
    cumulativeAccepted,
    cumulativeAcceptedEvents,
  };
}

let connections = 64;

process.on('message', (m: GeneratorCommand) => {
  void (async () => {
    try {
      if (m.type === 'init') {
        const t = performance.now();
        corpus = new Corpus(m.corpus);
        client = await createClient(m.origin, m.connections, m.client);
        connections = m.connections;
        post({ type: 'ready', client: client.name, buildMs: Math.round(performance.now() - t), templates: corpus.templateStats, eventShare: corpus.eventShare });
      } else if (m.type === 'closed') {
        post({ type: 'result', result: await closedLoop(m.warmupSeconds, m.seconds, connections, m.expectedRps) });
      } else if (m.type === 'open') {
        post({ type: 'result', result: await openLoop(m.seconds, m.requestsPerSecond) });
      } else if (m.type === 'exit') {
        await client?.close();
        process.disconnect();
      }
    } catch (err) {
      post({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  })();
});
