/**
 * @module `RetentionJob`: deletes events and raw items past their age (`--retention-days`, `--raw-retention-days`),
 * on digest nodes, every `--retention-interval-minutes`. Work comes in batches of a few hundred rows, each its own
 * short transaction with a yield between, so ingest and digest never wait long behind it. A lease in the store
 * (`claimLease`, renewed per batch) makes exactly one node run it at a time; if that node dies, another takes over
 * once the lease has expired.
 */
import { randomUUID } from 'node:crypto';
import { claimLease, deleteExpiredEvents, deleteExpiredRawItems, deleteExpiredSpans, listProjects, releaseLease, type Db } from '@faultline/store';
import type { Logger } from '../log.ts';

const DAY_MS = 86_400_000;
const LEASE = 'retention';

export interface RetentionOptions {
  retentionDays: number;
  rawRetentionDays: number;
  intervalMs: number;
  batchSize?: number;
  leaseMs?: number;
}

export interface RetentionResult {
  /** False when another node holds the lease (nothing was done here). */
  ran: boolean;
  events: number;
  rawItems: number;
  /** Span and transaction rows (tracing), aged as raw items. */
  spans: number;
}

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  readonly owner = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: RetentionOptions,
    private readonly onDeleted: (kind: 'event' | 'raw_item' | 'span', n: number) => void = () => {},
  ) {}

  start(): void {
    if (this.opts.intervalMs <= 0) return;
    this.stopped = false;
    // The first run a minute after start-up, not during it; then at the interval.
    this.schedule(Math.min(60_000, this.opts.intervalMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.log.error('retention run failed', { error: String(err) }))
        .finally(() => this.schedule(this.opts.intervalMs));
    }, ms);
    this.timer.unref();
  }

  /** One pass over every project; `now` is the clock the ages are measured against (tests move it). */
  async runOnce(now = Date.now()): Promise<RetentionResult> {
    const batch = this.opts.batchSize ?? 500;
    const leaseMs = this.opts.leaseMs ?? 5 * 60_000;
    const result: RetentionResult = { ran: false, events: 0, rawItems: 0, spans: 0 };
    if (!(await claimLease(this.db, LEASE, this.owner, leaseMs))) return result;
    result.ran = true;
    try {
      const eventsBefore = now - this.opts.retentionDays * DAY_MS;
      const rawBefore = now - this.opts.rawRetentionDays * DAY_MS;
      const kinds = [
        { kind: 'event' as const, before: eventsBefore, remove: deleteExpiredEvents, add: (n: number) => (result.events += n) },
        { kind: 'raw_item' as const, before: rawBefore, remove: deleteExpiredRawItems, add: (n: number) => (result.rawItems += n) },
        { kind: 'span' as const, before: rawBefore, remove: deleteExpiredSpans, add: (n: number) => (result.spans += n) },
      ];
      for (const project of await listProjects(this.db)) {
        for (const k of kinds) {
          for (;;) {
            if (this.stopped || !(await claimLease(this.db, LEASE, this.owner, leaseMs))) return result;
            const n = await k.remove(this.db, project.id, k.before, batch);
            k.add(n);
            if (n) this.onDeleted(k.kind, n);
            await new Promise((r) => setImmediate(r));
            if (n < batch) break;
          }
        }
      }
      if (result.events || result.rawItems || result.spans) this.log.info('retention deleted expired data', { events: result.events, rawItems: result.rawItems, spans: result.spans });
      return result;
    } finally {
      await releaseLease(this.db, LEASE, this.owner);
    }
  }
}
