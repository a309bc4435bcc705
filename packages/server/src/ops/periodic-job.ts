/**
 * @module `PeriodicJob`: a job every node schedules and exactly one runs, once per interval across all nodes. Each
 * node looks every `checkMs` whether the job is due (its last completed run, in the store, is an interval old);
 * if so it claims the job's lease, looks again (another node may have just finished), runs it and records the run.
 * A node that dies mid-run stops renewing its lease; once the lease expires the next node that looks takes it over
 * and runs the job again, since the dead node's run was never recorded. Node clocks are assumed to agree to well
 * within the interval.
 */
import { randomUUID } from 'node:crypto';
import { claimLease, jobLastRun, recordJobRun, releaseLease, renewLease, type Db } from '@faultline/store';
import type { BackgroundTask } from '../app.ts';
import type { Logger } from '../log.ts';

export interface PeriodicJobSpec {
  /** The job's name: its lease and its last run in the store, shared by every node. */
  name: string;
  /** Time between runs; 0 = never run. */
  intervalMs: number;
  /** How often this node looks whether the job is due (default: the interval, at most a minute). */
  checkMs?: number;
  /** How long a claim holds without renewal (default 5 min); a dead holder is replaced after at most this. */
  leaseMs?: number;
  /** Lease owner (default: a fresh id per job object). */
  owner?: string;
  /** One run; long jobs call `holds()` between batches (renews the lease) and stop when it says false. */
  run(holds: () => Promise<boolean>): Promise<void>;
}

export class PeriodicJob implements BackgroundTask {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private started = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly spec: PeriodicJobSpec,
  ) {
    this.owner = spec.owner ?? randomUUID();
  }

  private get checkMs(): number {
    return this.spec.checkMs ?? Math.min(60_000, this.spec.intervalMs);
  }

  private get leaseMs(): number {
    return this.spec.leaseMs ?? 5 * 60_000;
  }

  start(): void {
    if (this.spec.intervalMs <= 0 || this.started) return;
    this.started = true;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.log.error(`${this.spec.name} run failed`, { error: String(err) }))
        .finally(() => this.schedule());
    }, this.checkMs);
    this.timer.unref();
  }

  private async due(now: number): Promise<boolean> {
    const last = await jobLastRun(this.db, this.spec.name);
    return last === undefined || now - last >= this.spec.intervalMs;
  }

  /** Runs the job here if it is due and this node gets its lease; true when it ran (and completed) here. */
  async tick(now = Date.now()): Promise<boolean> {
    if (!(await this.due(now))) return false;
    if (this.stopped || !(await claimLease(this.db, this.spec.name, this.owner, this.leaseMs))) return false;
    const holds = async () => !this.stopped && (await renewLease(this.db, this.spec.name, this.owner, this.leaseMs));
    try {
      if (!(await this.due(now))) return false;
      await this.spec.run(holds);
      // Recorded only if the lease stayed this node's throughout: a run cut short (lease lost, stopped) is due again.
      if (!(await holds())) return false;
      await recordJobRun(this.db, this.spec.name, now);
      return true;
    } finally {
      await releaseLease(this.db, this.spec.name, this.owner);
    }
  }
}
