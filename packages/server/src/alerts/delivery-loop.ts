/**
 * @module The delivery loop: claims due rows from the alert outbox, sends each with its notifier (several at once,
 * each bounded by the 10 s send timeout), and records every attempt. Runs on every digest node; the claim
 * (a lease, SKIP LOCKED on PostgreSQL) keeps nodes from sending the same row at the same time, and the rows
 * being in the database is what makes delivery survive a restart. Old rows are pruned by `alertPruneJob`.
 */
import { randomUUID } from 'node:crypto';
import { claimDueDeliveries, recordAttempt, type Db, type DeliveryRow } from '@faultline/store';
import type { BackgroundTask } from '../app.ts';
import type { Logger } from '../log.ts';
import type { AlertPayload } from './alert-payload.ts';
import { failure, SEND_TIMEOUT_MS, type SendOutcome } from '../notifiers/notifier.ts';
import { sendNotification, type NotifierDeps } from '../notifiers/send-notification.ts';
import { nextStep } from './retry-schedule.ts';

export interface DeliveryLoopOptions {
  db: Db;
  log: Logger;
  notifiers: NotifierDeps;
  /** Read at send time: the public URL is only final once the server listens. */
  publicUrl: () => string;
  retryBaseMs: number;
  concurrency?: number;
  pollMs?: number;
  /** How long a claim holds a row; past it, another node (or this one after a restart) takes it again. */
  leaseMs?: number;
  timeoutMs?: number;
  onAttempt?: (status: string) => void;
}

export class DeliveryLoop implements BackgroundTask {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private lastError = 0;
  /** The earliest retry this node scheduled: sleep no longer than until then (retries are not tied to the poll). */
  private nextDue = Number.POSITIVE_INFINITY;

  constructor(private readonly o: DeliveryLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New rows were queued in a transaction that commits shortly: look soon rather than at the next poll. */
  notifySoon(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.nudge();
    }, 50);
    this.wakeTimer.unref();
  }

  /** Stops claiming; sends in flight are aborted, logged as attempts and left due at once for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    const concurrency = this.o.concurrency ?? 8;
    while (this.running) {
      const free = concurrency - this.inflight.size;
      if (free > 0) {
        try {
          const claimed = await this.claim(free);
          if (claimed === free) continue;
        } catch (err) {
          // Store unreachable or similar: nothing was claimed; try again at the next poll.
          if (Date.now() - this.lastError > 5000) this.o.log.error('alert delivery: claim failed; will retry', { err });
          this.lastError = Date.now();
        }
      }
      const now = Date.now();
      if (this.nextDue <= now) this.nextDue = Number.POSITIVE_INFINITY;
      await this.sleep(Math.max(0, Math.min(this.o.pollMs ?? 1000, this.nextDue - now)));
    }
    await Promise.allSettled([...this.inflight]);
  }

  private async claim(limit: number): Promise<number> {
    const token = randomUUID();
    const rows = await claimDueDeliveries(this.o.db, { now: Date.now(), limit, leaseMs: this.o.leaseMs ?? 60_000, token });
    for (const row of rows) {
      const p = this.deliver(row, token).finally(() => {
        this.inflight.delete(p);
        this.nudge();
      });
      this.inflight.add(p);
    }
    return rows.length;
  }

  private async deliver(row: DeliveryRow, token: string): Promise<void> {
    const attempt = Number(row.attempts) + 1;
    const startedAt = Date.now();
    let outcome: SendOutcome;
    try {
      const payload = JSON.parse(row.payload) as AlertPayload;
      const ctx = { payload, publicUrl: this.o.publicUrl(), deliveryId: Number(row.id), attempt, signal: this.abort.signal, timeoutMs: this.o.timeoutMs ?? SEND_TIMEOUT_MS, outbound: this.o.notifiers.outbound };
      outcome = await sendNotification(JSON.parse(row.action_config), ctx, this.o.notifiers);
    } catch (err) {
      outcome = failure(`internal error: ${(err as Error).message}`, false);
    }
    const now = Date.now();
    // Cut short by shutdown: not the receiver's fault, so due again at once (on the next start, or another node).
    const step = this.abort.signal.aborted && !outcome.ok ? { status: 'pending' as const, nextAttemptAt: now } : nextStep(attempt, outcome, this.o.retryBaseMs, now);
    try {
      await recordAttempt(this.o.db, row, token, {
        startedAt,
        durationMs: now - startedAt,
        ok: outcome.ok,
        responseCode: outcome.responseCode,
        error: outcome.error,
        status: step.status,
        nextAttemptAt: step.nextAttemptAt,
      });
    } catch (err) {
      // The lease runs out and the row is tried again: at least once, never lost.
      this.o.log.error('alert delivery: could not record the attempt', { deliveryId: row.id, err });
    }
    this.o.onAttempt?.(step.status);
    if (step.status === 'pending') this.nextDue = Math.min(this.nextDue, step.nextAttemptAt);
    if (!outcome.ok) {
      const fields = { deliveryId: row.id, action: row.action_type, attempt, error: outcome.error, next: step.status === 'pending' ? new Date(step.nextAttemptAt).toISOString() : null };
      if (step.status === 'failed') this.o.log.warn('alert delivery failed; giving up', fields);
      else this.o.log.info('alert delivery failed; will retry', fields);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = finish;
    });
  }

  /** Ends the current sleep, or the next one before it starts (a send finished while the loop was claiming). */
  private nudge(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }
}
