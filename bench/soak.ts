/**
 * Soak: a steady mixed load (errors, spans, sessions, replays) at a target rate against Faultline running as a
 * child process, reporting every 10 s the server's RSS, event-loop delay, queue depth, digest progress, answers
 * and latency; at the end it checks that every acknowledged error was stored, and writes everything to
 * bench/results/soak-*.json.
 *
 *   npm run soak -- --minutes 10 [--rate 500] [--database-url postgres://…] [--mix errors=40,spans=25,sessions=25,replays=10]
 *                   [--interval 10] [--ramp-seconds 10] [--warmup-minutes 2]
 *
 * The temp data dir is removed after a successful run (RELIABILITY_KEEP_DATA=1 keeps it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChildServer, createTestProject, metricSum, newDataDir, ROOT, until, withStore } from '../e2e/reliability/helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope, replayEnvelope, sessionEnvelope, spanEnvelope } from '../e2e/reliability/helpers/envelopes.ts';

interface Args {
  minutes: number;
  rate: number;
  databaseUrl?: string;
  mix: Record<Kind, number>;
  intervalS: number;
  maxInFlight: number;
  warmupMinutes: number;
  rampSeconds: number;
}
type Kind = 'errors' | 'spans' | 'sessions' | 'replays';

function parseArgs(argv: string[]): Args {
  const a: Args = { minutes: 1, rate: 500, mix: { errors: 40, spans: 25, sessions: 25, replays: 10 }, intervalS: 10, maxInFlight: 512, warmupMinutes: NaN, rampSeconds: 10 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    switch (flag) {
      case '--minutes':
        a.minutes = Number(value());
        break;
      case '--rate':
        a.rate = Number(value());
        break;
      case '--database-url':
        a.databaseUrl = value();
        break;
      case '--interval':
        a.intervalS = Number(value());
        break;
      case '--ramp-seconds':
        a.rampSeconds = Number(value());
        break;
      case '--warmup-minutes':
        a.warmupMinutes = Number(value());
        break;
      case '--mix':
        for (const part of value().split(',')) {
          const [k, v] = part.split('=');
          if (!(k! in a.mix)) throw new Error(`unknown mix kind "${k}" (errors, spans, sessions, replays)`);
          a.mix[k as Kind] = Number(v);
        }
        break;
      default:
        throw new Error(`unknown option ${flag} (--minutes N, --rate R, --database-url URL, --mix k=v,…, --interval S, --ramp-seconds S, --warmup-minutes M)`);
    }
  }
  if (!(a.minutes > 0) || !(a.rate > 0)) throw new Error('--minutes and --rate must be positive');
  if (Number.isNaN(a.warmupMinutes)) a.warmupMinutes = Math.min(2, a.minutes / 5);
  return a;
}

interface Sample {
  t: number;
  rssMiB: number;
  heapNote?: string;
  eldP50Ms: number;
  eldP99Ms: number;
  eldMaxMs: number;
  queueDepth: number;
  digestLagS: number;
  sentPerS: number;
  answers: Record<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  eventsDigested: number;
  envelopesDigested: number;
  clientSkipped: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const target = { dataDir: newDataDir('faultline-soak-'), databaseUrl: args.databaseUrl };
  const project = await createTestProject(target, 'soak');
  const server = await ChildServer.create({ ...target });
  await server.start();
  const kinds = Object.entries(args.mix).filter(([, w]) => w > 0) as Array<[Kind, number]>;
  const totalWeight = kinds.reduce((s, [, w]) => s + w, 0);
  const pick = (): Kind => {
    let r = Math.random() * totalWeight;
    for (const [k, w] of kinds) if ((r -= w) < 0) return k;
    return kinds[0]![0];
  };
  process.stderr.write(
    `soak: ${args.minutes} min at ${args.rate} envelopes/s (${kinds.map(([k, w]) => `${k} ${w}`).join(', ')}) against ${server.url} ` +
      `(${args.databaseUrl ? 'postgres' : `sqlite ${target.dataDir}`}), pid ${server.pid}\n`,
  );

  const ackedErrors = new Set<string>();
  let inFlight = 0;
  let sent = 0;
  let skipped = 0;
  let windowAnswers: Record<string, number> = {};
  const totals: Record<string, number> = {};
  let windowLatencies: number[] = [];
  const selfEld = monitorEventLoopDelay({ resolution: 10 });
  selfEld.enable();

  const sendOne = async () => {
    const kind = pick();
    const id = newEventId();
    const body =
      kind === 'errors' ? errorEnvelope(id, randomInt(500)) : kind === 'spans' ? spanEnvelope() : kind === 'sessions' ? sessionEnvelope() : replayEnvelope(id);
    inFlight++;
    sent++;
    const t0 = performance.now();
    const r = await postEnvelope(server.url, project.projectId, project.publicKey, body, { timeoutMs: 30_000 });
    windowLatencies.push(performance.now() - t0);
    inFlight--;
    const key = r.status === 0 ? `transport:${r.error}` : String(r.status);
    windowAnswers[key] = (windowAnswers[key] ?? 0) + 1;
    totals[key] = (totals[key] ?? 0) + 1;
    if (r.status === 200 && kind === 'errors') ackedErrors.add(id);
  };

  // Open loop: the schedule does not slow down when the server does; past maxInFlight a send is skipped and counted.
  const started = Date.now();
  const endAt = started + args.minutes * 60_000;
  // Scheduled by elapsed time, not by ticks: a late tick sends what is due (the rate holds even when timers lag).
  let scheduled = 0;
  const ticker = setInterval(() => {
    const elapsedS = (Math.min(Date.now(), endAt) - started) / 1000;
    // Linear ramp to the target rate over rampSeconds (SDK fleets do not start in one instant), then steady.
    const ramp = Math.min(elapsedS, args.rampSeconds);
    const due = Math.floor(args.rate * (args.rampSeconds > 0 ? (ramp * ramp) / (2 * args.rampSeconds) + (elapsedS - ramp) : elapsedS));
    for (; scheduled < due; scheduled++) {
      if (inFlight >= args.maxInFlight) skipped++;
      else void sendOne();
    }
  }, 5);

  const samples: Sample[] = [];
  let lastSent = 0;
  let lastSampleAt = started;
  const sample = async () => {
    const now = Date.now();
    const m = await server.metrics();
    const lat = windowLatencies.sort((a, b) => a - b);
    const s: Sample = {
      t: round((now - started) / 1000, 0),
      rssMiB: round(server.rss() / 1024 / 1024),
      eldP50Ms: round(metricSum(m, 'faultline_event_loop_delay_p50_seconds') * 1000, 2),
      eldP99Ms: round(metricSum(m, 'faultline_event_loop_delay_p99_seconds') * 1000, 2),
      eldMaxMs: round(metricSum(m, 'faultline_event_loop_delay_max_seconds') * 1000, 2),
      queueDepth: metricSum(m, 'faultline_queue_depth'),
      digestLagS: round(metricSum(m, 'faultline_digest_lag_seconds'), 2),
      sentPerS: round((sent - lastSent) / ((now - lastSampleAt) / 1000)),
      answers: windowAnswers,
      latencyP50Ms: round(percentile(lat, 50), 1),
      latencyP99Ms: round(percentile(lat, 99), 1),
      eventsDigested: metricSum(m, 'faultline_events_digested_total'),
      envelopesDigested: metricSum(m, 'faultline_envelopes_digested_total'),
      clientSkipped: skipped,
    };
    lastSent = sent;
    lastSampleAt = now;
    windowAnswers = {};
    windowLatencies = [];
    samples.push(s);
    const errs = Object.entries(s.answers).filter(([k]) => k !== '200');
    process.stderr.write(
      `[${String(s.t).padStart(4)} s] rss ${s.rssMiB} MiB  eld p50/p99/max ${s.eldP50Ms}/${s.eldP99Ms}/${s.eldMaxMs} ms  queue ${s.queueDepth} (lag ${s.digestLagS} s)  ` +
        `sent ${s.sentPerS}/s  latency p50/p99 ${s.latencyP50Ms}/${s.latencyP99Ms} ms  digested ${s.envelopesDigested}  ` +
        `errors ${errs.length ? errs.map(([k, v]) => `${k}:${v}`).join(' ') : 0}${skipped ? `  client-skipped ${skipped}` : ''}\n`,
    );
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      void sample().then(() => {
        if (Date.now() >= endAt) {
          clearInterval(timer);
          resolve();
        }
      });
    }, args.intervalS * 1000);
  });
  clearInterval(ticker);
  await until(() => inFlight === 0, 'in-flight requests to finish', 60_000);
  const drainStart = Date.now();
  await until(async () => metricSum(await server.metrics(), 'faultline_queue_depth') === 0, 'digest to drain', 600_000, 200);
  const drainMs = Date.now() - drainStart;
  const exitCode = await server.stop();
  const stored = await withStore(target, async ({ db }) => {
    const rows = await db.all<{ event_id: string }>('SELECT event_id FROM events WHERE project_id = ?', [project.projectId]);
    const ids = new Set(rows.map((r) => r.event_id));
    return { events: ids.size, missing: [...ackedErrors].filter((id) => !ids.has(id)).length };
  });

  const warm = samples.filter((s) => s.t >= args.warmupMinutes * 60);
  const rss = warm.map((s) => s.rssMiB);
  const summary = {
    durationS: round((Date.now() - started) / 1000, 0),
    sent,
    answers: totals,
    clientSkipped: skipped,
    achievedRatePerSAfterRamp: round(
      samples.filter((x) => x.t > args.rampSeconds).reduce((sum, x) => sum + x.sentPerS, 0) / Math.max(1, samples.filter((x) => x.t > args.rampSeconds).length),
    ),
    ackedErrors: ackedErrors.size,
    storedEvents: stored.events,
    ackedErrorsMissing: stored.missing,
    drainMsAfterLoad: drainMs,
    gracefulExitCode: exitCode,
    rssMiB: {
      first: samples[0]?.rssMiB,
      afterWarmupMin: Math.min(...rss),
      afterWarmupMax: Math.max(...rss),
      last: samples.at(-1)?.rssMiB,
      slopeAfterWarmupMiBPerMin: round(slope(warm.map((s) => s.t / 60), rss), 2),
    },
    eventLoopDelayMs: {
      p99Max: Math.max(...samples.map((s) => s.eldP99Ms)),
      p99Median: percentile(samples.map((s) => s.eldP99Ms).sort((a, b) => a - b), 50),
      max: Math.max(...samples.map((s) => s.eldMaxMs)),
    },
    queueDepthMax: Math.max(...samples.map((s) => s.queueDepth)),
    latencyP99MsMax: Math.max(...samples.map((s) => s.latencyP99Ms)),
    loadGeneratorEldP99Ms: round(selfEld.percentile(99) / 1e6, 1),
  };
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform };
  writeFileSync(file, `${JSON.stringify({ args, store: args.databaseUrl ? 'postgres' : 'sqlite', machine, summary, samples }, null, 2)}\n`);
  process.stderr.write(`\n${JSON.stringify(summary, null, 2)}\nwrote ${file}\n`);
  if (stored.missing > 0 || exitCode !== 0) process.exitCode = 1;
}

await main();
