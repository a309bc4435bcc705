/**
 * @module `npm run bench`: Faultline's throughput, latency and memory on this machine, next to the ceiling of a bare
 * node:http server driven by the same load generator in the same run. See bench/README.md for what each figure means.
 *
 *   ceiling   bare server process ← generator process: closed loop (saturation) and open loop (latency floor)
 *   sqlite    fresh data dir; `faultline start` child ← generator: closed loop → drain → open loop → drain
 *   postgres  the same on a database of an embedded PostgreSQL the bench starts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createTestDatabase, startTestPostgres, type TestPostgres } from '../scripts/test-postgres.ts';
import { cpuMicros, CpuMeter, runBackend, type BackendResult, type CeilingResult, type CpuCores, type RunSettings } from './backend-run.ts';
import { DEFAULT_CORPUS, type CorpusOptions, type ProjectTarget } from './corpus.ts';
import { REPO, sleep } from './faultline-process.ts';
import { GeneratorProcess, type ReadyInfo } from './generator-process.ts';
import { readProc } from './proc-stats.ts';
import { runReplayBench } from './replay-bench.ts';
import { round } from './stats.ts';

const USAGE = `usage: npm run bench -- [options]

  --seconds N         measured seconds of each phase (saturation and fixed-rate), default 10
  --warmup N          unmeasured seconds before the saturation window, default 2
  --only B            run one backend: sqlite or postgres (the ceiling always runs); or replay / replay-postgres:
                      session replay alone (ingest+digest MB/s, download of a 10-minute session; bench/replay-bench.ts)
  --senders N         replay: concurrent senders of sessions, default 4
  --downloads N       replay: downloads of the 10-minute session timed, default 10
  --replay-rate S     replay: segments/s sent open loop from 5×S sessions (one segment per 5 s each) instead of
                      --senders closed-loop senders; 0: error events alone
  --error-rate N      replay: error events/s sent open-loop alongside the replays (their ingest p50/p99), default 200; 0: none
  --connections N     concurrent keep-alive connections, default 64
  --client C          the generator's HTTP client: undici (Pool, default) or node-http (http.Agent keep-alive)
  --rate N            fixed offered load in error events/s for the latency phase, default 1000
  --drain-timeout N   seconds to wait for the queue to drain after saturation, default 30
  --issues N          distinct issues in the corpus, default 1000
  --profile           run Faultline under node --cpu-prof and print where its CPU went (writes latest-profiled.json)
  --split             also measure intake with digest off (--no-digest) and digest alone on the backlog it leaves
  --keep              keep the temp data dirs and server logs
  --out FILE          write the JSON here (default bench/results/latest.json + a dated copy)`;

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    senders: { type: 'string', default: '4' },
    downloads: { type: 'string', default: '10' },
    'error-rate': { type: 'string', default: '200' },
    'replay-rate': { type: 'string' },
    connections: { type: 'string', default: '64' },
    client: { type: 'string', default: 'undici' },
    rate: { type: 'string', default: '1000' },
    'drain-timeout': { type: 'string', default: '30' },
    issues: { type: 'string', default: '1000' },
    profile: { type: 'boolean', default: false },
    split: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: keyof typeof flags): number => {
  const v = Number(flags[name]);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`--${name} must be a positive number\n\n${USAGE}`);
    process.exit(2);
  }
  return v;
};
const SECONDS = num('seconds');
const WARMUP = num('warmup');
const CONNECTIONS = num('connections');
const RATE = num('rate');
const DRAIN_TIMEOUT = num('drain-timeout');
const ISSUES = num('issues');
const REPLAY_ONLY = flags.only === 'replay' ? 'sqlite' : flags.only === 'replay-postgres' ? 'postgres' : null;
const BACKENDS = (REPLAY_ONLY ? [] : flags.only ? [flags.only] : ['sqlite', 'postgres']) as Array<'sqlite' | 'postgres'>;
if (!BACKENDS.every((b) => b === 'sqlite' || b === 'postgres')) {
  console.error(`--only must be sqlite, postgres, replay or replay-postgres\n\n${USAGE}`);
  process.exit(2);
}

if (flags.client !== 'undici' && flags.client !== 'node-http') {
  console.error(`--client must be undici or node-http\n\n${USAGE}`);
  process.exit(2);
}
GeneratorProcess.client = flags.client;

const TARGETS = { intakePctOfCeiling: 70, digestEventsPerSecondSqlite: 2000, p99Ms: 20, peakRssMB: 250 };
const FIXTURES = join(REPO, 'fixtures/sdk-11.12.0');

function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cores: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memTotalMB: Math.round(os.totalmem() / 2 ** 20),
    loadAvgAtStart: os.loadavg().map((x) => round(x)),
  };
}

/** Which code was measured: the tree changes under the bench while others work, so record HEAD and local edits. */
function codeUnderTest(): { commit: string; uncommittedInPackages: number } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedInPackages: git('status', '--porcelain', '--', 'packages').split('\n').filter(Boolean).length };
  } catch {
    return { commit: 'unknown', uncommittedInPackages: -1 };
  }
}

function corpusFor(node: ProjectTarget, browser: ProjectTarget): CorpusOptions {
  return { ...DEFAULT_CORPUS, issues: ISSUES, fixturesDir: FIXTURES, node, browser };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function runCeiling(): Promise<{ ceiling: CeilingResult; ready: ReadyInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bare-server.ts')], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bare server exited (code ${code})`)));
    });
    const { port } = JSON.parse(line) as { port: number };
    // Any ids: the bare server authenticates nothing.
    const { gen, ready } = await GeneratorProcess.start(`http://127.0.0.1:${port}`, CONNECTIONS, corpusFor({ projectId: '1', publicKey: '0123456789abcdef0123456789abcdef' }, { projectId: '2', publicKey: 'fedcba9876543210fedcba9876543210' }));
    try {
      log(`ceiling: bare node:http server (pid ${child.pid}), generator ready (${ready.client}, corpus built in ${ready.buildMs} ms)`);
      const meter = new CpuMeter(() => readProc(child.pid!), null);
      const c0 = meter.now();
      const sat = await gen.run({ type: 'closed', warmupSeconds: WARMUP, seconds: SECONDS, expectedRps: 8000 });
      const c1 = meter.now();
      const satCpu = meter.cores(c0, c1, sat.generatorCpuSeconds);
      const saturation = { ...sat, cpu: satCpu, serverCpuMicrosPerRequest: cpuMicros(satCpu, sat.cumulativeAccepted) };
      log(`  saturation: ${fmt(sat.requestsPerSecond)} req/s (${fmt(sat.eventsPerSecond)} events/s), p50 ${sat.latencyMs.p50} ms p99 ${sat.latencyMs.p99} ms; cores: server ${saturation.cpu.faultline}, generator ${saturation.cpu.generator}, others ${saturation.cpu.others}`);
      const c2 = meter.now();
      const fixed = await gen.run({ type: 'open', seconds: SECONDS, requestsPerSecond: RATE / ready.eventShare });
      const fixedRate = { ...fixed, cpu: meter.cores(c2, meter.now(), fixed.generatorCpuSeconds) };
      log(`  fixed ${RATE} events/s: p50 ${fixed.latencyMs.p50} ms p99 ${fixed.latencyMs.p99} ms, errors ${fixed.measured.errors}`);
      return { ceiling: { saturation, fixedRate }, ready };
    } finally {
      await gen.exit();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n);
}

function verdicts(r: BackendResult) {
  return {
    intake: { value: r.intake.pctOfCeiling, target: `≥ ${TARGETS.intakePctOfCeiling}% of ceiling`, met: r.intake.pctOfCeiling >= TARGETS.intakePctOfCeiling },
    digest: r.backend === 'sqlite' ? { value: r.digest.eventsPerSecond, target: `≥ ${TARGETS.digestEventsPerSecondSqlite} events/s`, met: r.digest.eventsPerSecond >= TARGETS.digestEventsPerSecondSqlite } : { value: r.digest.eventsPerSecond, target: 'none (SQLite target only)', met: null },
    p99: { value: r.fixedRate.latencyMs.p99, target: `≤ ${TARGETS.p99Ms} ms at ${RATE} events/s`, met: r.fixedRate.latencyMs.p99 <= TARGETS.p99Ms && r.fixedRate.measured.errors === 0 },
    rss: { value: r.peakRssMB, target: `≤ ${TARGETS.peakRssMB} MB`, met: r.peakRssMB <= TARGETS.peakRssMB },
  };
}

function table(ceiling: CeilingResult, runs: BackendResult[]): string {
  const cols = runs.map((r) => r.backend);
  const cores = (c: CpuCores) => `${c.faultline}${c.postgres === null ? '' : `+${c.postgres}pg`} / ${c.generator} / ${c.others}`;
  const rows: Array<[string, ...string[]]> = [
    ['intake req/s (saturation, closed loop)', ...runs.map((r) => fmt(r.intake.requestsPerSecond))],
    ['  events/s accepted', ...runs.map((r) => fmt(r.intake.eventsPerSecond))],
    [`  % of ceiling (target ≥ ${TARGETS.intakePctOfCeiling})`, ...runs.map((r) => `${r.intake.pctOfCeiling}%`)],
    ['  non-2xx / p50 / p99 ms', ...runs.map((r) => `${r.intake.measured.errors} / ${r.intake.latencyMs.p50} / ${r.intake.latencyMs.p99}`)],
    ['  CPU cores: server / generator / others', ...runs.map((r) => cores(r.intake.cpu))],
    ['  server CPU µs per accepted request', ...runs.map((r) => fmt(r.intake.serverCpuMicrosPerRequest))],
    ['    of it the main thread (ingest)', ...runs.map((r) => fmt(r.intake.mainThreadCpuMicrosPerRequest))],
    ['  server waiting for a CPU (cores)', ...runs.map((r) => `${r.intake.cpu.faultlineWaitingForCpu}`)],
    ['digest events/s, first append → drained', ...runs.map((r) => `${fmt(r.digest.eventsPerSecond)}${r.digest.drained ? '' : ' (not drained)'}`)],
    ['  while intake ran / after', ...runs.map((r) => `${fmt(r.digest.whileIntakeEventsPerSecond)} / ${fmt(r.digest.afterIntakeEventsPerSecond)}`)],
    ['  peak queue depth', ...runs.map((r) => fmt(r.digest.peakQueueDepth))],
    [`latency at ${RATE} events/s p50 / p99 ms`, ...runs.map((r) => `${r.fixedRate.latencyMs.p50} / ${r.fixedRate.latencyMs.p99}`)],
    ['  max ms / errors', ...runs.map((r) => `${r.fixedRate.latencyMs.max} / ${r.fixedRate.measured.errors}`)],
    ['  queue depth at start / end', ...runs.map((r) => `${fmt(r.fixedRate.backlogAtStart)} / ${fmt(r.fixedRate.depthAtEnd)}`)],
    ['  CPU cores: server / generator / others', ...runs.map((r) => cores(r.fixedRate.cpu))],
    ['  server CPU µs per accepted request', ...runs.map((r) => fmt(r.fixedRate.serverCpuMicrosPerRequest))],
    ['  server waiting for a CPU (cores)', ...runs.map((r) => `${r.fixedRate.cpu.faultlineWaitingForCpu}`)],
    [`peak RSS MB (target ≤ ${TARGETS.peakRssMB})`, ...runs.map((r) => `${r.peakRssMB}`)],
    ['  V8 heap MB: main thread / digest thread', ...runs.map((r) => `${r.peakHeapMB.main} / ${r.peakHeapMB.digest}`)],
    ['issues created / distinct sent', ...runs.map((r) => `${r.issuesCreated ?? '?'} / ${r.distinctIssuesSent}`)],
    ['events accepted / digested', ...runs.map((r) => `${fmt(r.eventsAccepted)} / ${fmt(r.eventsDigested)}`)],
  ];
  if (runs.some((r) => r.split)) {
    rows.push(
      ['split: intake alone req/s (% of ceiling)', ...runs.map((r) => (r.split ? `${fmt(r.split.intakeAlone.requestsPerSecond)} (${r.split.intakeAlone.pctOfCeiling}%)` : '-'))],
      ['  server CPU µs per request', ...runs.map((r) => (r.split ? fmt(r.split.intakeAlone.serverCpuMicrosPerRequest) : '-'))],
      ['    of it the main thread (ingest)', ...runs.map((r) => (r.split ? fmt(r.split.intakeAlone.mainThreadCpuMicrosPerRequest) : '-'))],
      ['split: digest alone events/s', ...runs.map((r) => (r.split ? `${fmt(r.split.digestAlone.eventsPerSecond)}${r.split.digestAlone.drained ? '' : ' (not drained)'}` : '-'))],
      ['  server CPU µs per event', ...runs.map((r) => (r.split ? fmt(r.split.digestAlone.serverCpuMicrosPerEvent) : '-'))],
    );
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w = cols.map((_, i) => Math.max(cols[i]!.length, ...rows.map((r) => r[i + 1]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w0) : c.padStart(w[i - 1]!))).join('   ');
  const c = ceiling;
  return [
    `ceiling (bare node:http, same generator): ${fmt(c.saturation.requestsPerSecond)} req/s (${fmt(c.saturation.eventsPerSecond)} events/s), p99 ${c.saturation.latencyMs.p99} ms, cores server / generator / others ${c.saturation.cpu.faultline} / ${c.saturation.cpu.generator} / ${c.saturation.cpu.others}, server ${c.saturation.serverCpuMicrosPerRequest} µs CPU per request`,
    `  at ${RATE} events/s: p50 ${c.fixedRate.latencyMs.p50} / p99 ${c.fixedRate.latencyMs.p99} ms (the harness's own latency floor)`,
    '',
    line(['', ...cols]),
    ...rows.map(line),
  ].join('\n');
}

function writeResults(name: string, startedAt: Date, m: ReturnType<typeof machine>, out: unknown): void {
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(out, null, 2)}\n`;
  const files = flags.out ? [flags.out] : [join(resultsDir, `${name}.json`), join(resultsDir, `${startedAt.toISOString().slice(0, 10)}-${m.hostname.replace(/[^\w.-]+/g, '_')}${name.replace(/^latest/, '')}.json`)];
  for (const f of files) writeFileSync(f, json);
  console.log(`\nwrote ${files.map((f) => f.replace(`${REPO}/`, '')).join(' and ')}`);
}

function replayRate(): number | undefined {
  if (flags['replay-rate'] === undefined) return undefined;
  const v = Number(flags['replay-rate']);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--replay-rate must be a number ≥ 0\n\n${USAGE}`);
    process.exit(2);
  }
  return v;
}

async function replayMain(backend: 'sqlite' | 'postgres', startedAt: Date, m: ReturnType<typeof machine>): Promise<void> {
  const result = await runReplayBench({ backend, seconds: SECONDS, senders: num('senders'), downloads: num('downloads'), errorRate: Number(flags['error-rate']) || 0, replayRate: replayRate(), keep: flags.keep, profile: flags.profile, log });
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const out = { schema: 1, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), command, machine: { ...m, loadAvgAtEnd: os.loadavg().map((x) => round(x)) }, code: codeUnderTest(), replay: result };
  console.log(`\n${JSON.stringify(result, null, 2)}`);
  writeResults(`latest-replay${backend === 'postgres' ? '-postgres' : ''}`, startedAt, m, out);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const m = machine();
  log(`Faultline bench ${startedAt.toISOString()} on ${m.hostname}: ${m.cores} × ${m.model}, node ${m.node}, load avg ${m.loadAvgAtStart.join(' ')}`);
  // Faultline runs as `npm start` runs it: the compiled JavaScript build (made here when stale, as prestart does).
  execFileSync(process.execPath, [join(REPO, 'packages/cli/build-if-stale.mjs')], { stdio: 'inherit' });
  if (REPLAY_ONLY) return replayMain(REPLAY_ONLY, startedAt, m);
  log(`phases: ${WARMUP}+${SECONDS}s saturation at ${CONNECTIONS} connections, ${SECONDS}s at ${RATE} events/s; backends: ${BACKENDS.join(', ')}`);
  const { ceiling, ready } = await runCeiling();
  const settings: RunSettings = { seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS, rate: RATE, drainTimeout: DRAIN_TIMEOUT, profile: flags.profile, split: flags.split, keep: flags.keep, corpusFor, log };
  // Started only when the postgres backend runs, and only then (an idle PostgreSQL during the SQLite run costs nothing).
  const pgBox: { server: Promise<TestPostgres> | null } = { server: null };
  const pgDatabase = async () => createTestDatabase((await (pgBox.server ??= startTestPostgres())).url);
  const runs: BackendResult[] = [];
  try {
    for (const b of BACKENDS) runs.push(await runBackend(b, ceiling, b === 'postgres' ? pgDatabase : null, settings));
  } finally {
    if (pgBox.server) await (await pgBox.server).stop();
  }
  await sleep(100);
  const out = {
    schema: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { ...m, loadAvgAtEnd: os.loadavg().map((x) => round(x)) },
    code: codeUnderTest(),
    settings: { seconds: SECONDS, warmupSeconds: WARMUP, connections: CONNECTIONS, fixedRateEventsPerSecond: RATE, fixedRateRequestsPerSecond: round(RATE / ready.eventShare, 1), drainTimeoutSeconds: DRAIN_TIMEOUT, profiled: flags.profile, split: flags.split },
    client: ready.client,
    corpus: { ...DEFAULT_CORPUS, issues: ISSUES, ...ready.templates, fixtures: 'fixtures/sdk-11.12.0' },
    targets: TARGETS,
    ceiling,
    runs: Object.fromEntries(runs.map((r) => [r.backend, { ...r, verdicts: verdicts(r) }])),
  };
  console.log(`\n${table(ceiling, runs)}\n`);
  for (const r of runs) {
    const missed = Object.entries(verdicts(r)).filter(([, v]) => v.met === false);
    console.log(`${r.backend}: ${missed.length === 0 ? 'all targets met' : `missed ${missed.map(([k, v]) => `${k} (${v.value} vs ${v.target})`).join(', ')}`}`);
  }
  // A profiled run is slower by the profiler's overhead: it never replaces latest.json.
  writeResults(flags.profile ? 'latest-profiled' : 'latest', startedAt, m, out);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
