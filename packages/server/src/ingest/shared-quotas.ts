/**
 * @module Key rate limits and spike protection counted in PostgreSQL, so every node behind one database enforces one
 * limit (see `shared-windows.ts` for how, and for the approximation: never more than the limit, at most
 * (nodes − 1) % of it less). Spike protection's line comes from the last hour's shared windows, read once per
 * project and minute.
 */
import { pruneRateWindows, windowTotals, type Db } from '@faultline/store';
import type { Logger } from '../log.ts';
import { PeriodicJob } from '../ops/periodic-job.ts';
import { keyRefusal, spikeLine, spikeRefusal, type KeyLimit, type Quotas, type Refusal } from './quotas.ts';
import { SharedWindows } from './shared-windows.ts';

const MINUTE = 60_000;

export class SharedKeyQuota {
  private readonly windows: SharedWindows;

  constructor(db: Db) {
    this.windows = new SharedWindows(db, 'key');
  }

  async take(publicKey: string, limit: KeyLimit, n: number, now = Date.now()): Promise<Refusal | null> {
    if (n === 0) return null;
    const windowMs = limit.windowSec * 1000;
    // The window's length is part of its name: a limit changed mid-window starts a count of its own.
    const { admitted, start } = await this.windows.take(`${publicKey}/${limit.windowSec}`, windowMs, limit.count, n, now);
    return admitted ? null : keyRefusal(start, windowMs, now);
  }
}

export class SharedSpikeProtection {
  private readonly windows: SharedWindows;
  /** The line of each project for the minute it was read in. */
  private readonly lines = new Map<number, { minute: number; line: Promise<number> }>();

  constructor(
    private readonly db: Db,
    private readonly floorPerMinute: number,
    private readonly multiplier = 10,
  ) {
    this.windows = new SharedWindows(db, 'spike');
  }

  async take(projectId: number, n: number, now = Date.now()): Promise<Refusal | null> {
    if (n === 0) return null;
    const minute = Math.floor(now / MINUTE);
    const allowed = await this.lineOf(projectId, minute);
    const { admitted } = await this.windows.take(String(projectId), MINUTE, allowed, n, now);
    return admitted ? null : spikeRefusal(minute, now);
  }

  /** As in memory: the closed minutes since the project's first counted one (at most 60), silent ones as zero. */
  private lineOf(projectId: number, minute: number): Promise<number> {
    const cached = this.lines.get(projectId);
    if (cached?.minute === minute) return cached.line;
    const line = windowTotals(this.db, 'spike', String(projectId), (minute - 60) * MINUTE, minute * MINUTE).then(({ used, earliest }) =>
      spikeLine(this.floorPerMinute, this.multiplier, used, earliest === null ? 0 : minute - earliest / MINUTE),
    );
    line.catch(() => this.lines.delete(projectId));
    if (this.lines.size > 10_000) this.lines.clear();
    this.lines.set(projectId, { minute, line });
    return line;
  }
}

/** The quotas a node enforces: shared through PostgreSQL, in memory on SQLite (one node). */
export function sharedQuotas(db: Db, spikePerMinute: number): Quotas {
  return { keys: new SharedKeyQuota(db), spike: spikePerMinute > 0 ? new SharedSpikeProtection(db, spikePerMinute) : null };
}

/** Hourly, on one node: forgets windows that ended over two hours ago (spike protection reads the last hour). */
export function rateWindowPruneJob(db: Db, log: Logger): PeriodicJob {
  return new PeriodicJob(db, log, { name: 'rate-window-prune', intervalMs: 60 * MINUTE, run: async () => void (await pruneRateWindows(db, Date.now() - 120 * MINUTE)) });
}
