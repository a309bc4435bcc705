/**
 * @module What one digest batch stores at its end: the error events of all its envelopes, written together by
 * `persistEvents` (a few multi-row statements instead of ~25 per event), and the item counters, aggregated.
 * If the batch write fails, each event is retried alone, so one poisonous event cannot block the queue: it is
 * kept raw with an `internal` outcome and the others are stored.
 */
import { addItemCount, addOutcome, hourOf, persistEvents, storeRawItem, type Db, type PersistInput, type PersistResult } from '@faultline/store';
import type { Logger } from '../log.ts';
import type { DigestDeps } from './digest-envelope.ts';
import type { StageContext } from './digest-hooks.ts';
import { AcceptedCounter } from './accepted-counter.ts';

export interface PreparedEvent {
  ctx: StageContext;
  input: PersistInput;
}

export interface EnvelopeOutput {
  events: PreparedEvent[];
  /** One per item; `reported` when its processor reported what it accepted (then counted from `accepted`). */
  itemCounts: Array<{ projectId: number; ts: number; type: string; bytes: number; reported?: boolean }>;
  /** Accepted quantities processors reported (a span container: its stored spans, not 1). */
  accepted: Array<{ projectId: number; ts: number; category: string; quantity: number }>;
}

export function emptyOutput(): EnvelopeOutput {
  return { events: [], itemCounts: [], accepted: [] };
}

export class DigestBatch {
  readonly events: PreparedEvent[] = [];
  private readonly counts = new Map<string, { projectId: number; ts: number; type: string; bytes: number; quantity: number }>();
  private readonly accepted = new AcceptedCounter();

  /** Takes an envelope's output once its savepoint was released (a rolled-back envelope contributes nothing). */
  merge(out: EnvelopeOutput): void {
    this.events.push(...out.events);
    this.accepted.addEnvelope(out);
    for (const c of out.itemCounts) {
      const key = `${c.projectId}|${hourOf(c.ts)}|${c.type}`;
      const cur = this.counts.get(key);
      if (cur) {
        cur.quantity++;
        cur.bytes += c.bytes;
      } else this.counts.set(key, { ...c, quantity: 1 });
    }
  }

  async flush(tx: Db, deps: DigestDeps, log: Logger, isConnectionError: (err: unknown) => boolean): Promise<void> {
    for (const c of this.counts.values()) await addItemCount(tx, c.projectId, c.ts, c.type, c.bytes, c.quantity);
    if (this.events.length === 0) return this.accepted.flush(tx);
    const results = await this.persist(tx, log, isConnectionError);
    const duplicates = new Map<number, { ts: number; n: number }>();
    for (let i = 0; i < this.events.length; i++) {
      const r = results[i];
      const { input } = this.events[i]!;
      if (!r) continue;
      if (r.duplicate) {
        const d = duplicates.get(input.projectId) ?? { ts: input.receivedMs, n: 0 };
        d.n++;
        duplicates.set(input.projectId, d);
      } else {
        deps.metrics.eventsDigested();
        this.accepted.add(input.projectId, input.receivedMs, 'error');
      }
    }
    await this.accepted.flush(tx);
    for (const [projectId, d] of duplicates) {
      await addOutcome(tx, { projectId, ts: d.ts, source: 'server', category: 'error', reason: 'duplicate', quantity: d.n });
    }
    if (deps.hooks.afterStore.length === 0) return;
    // Listeners (alerts) run after the events are stored; a failing listener must not lose the batch's events.
    try {
      await tx.savepoint(async () => {
        for (let i = 0; i < this.events.length; i++) {
          const r = results[i];
          if (!r || r.duplicate) continue;
          const { ctx, input } = this.events[i]!;
          for (const listener of deps.hooks.afterStore) {
            await listener(ctx, { projectId: input.projectId, orgId: input.orgId, event: input.event, grouping: input.grouping, issueId: r.issueId, isNewIssue: r.isNewIssue, regressed: r.regressed, escalated: r.escalated });
          }
        }
      });
    } catch (err) {
      if (isConnectionError(err)) throw err;
      log.error('digest listeners failed for a batch; its events are stored, its alerts skipped', { err });
    }
  }

  private async persist(tx: Db, log: Logger, isConnectionError: (err: unknown) => boolean): Promise<Array<PersistResult | null>> {
    try {
      return await tx.savepoint(() => persistEvents(tx, this.events.map((e) => e.input)));
    } catch (err) {
      if (isConnectionError(err)) throw err;
      log.warn('batch write failed; storing its events one by one', { err: (err as Error).message });
    }
    const results: Array<PersistResult | null> = [];
    for (const { input } of this.events) {
      try {
        results.push((await tx.savepoint(() => persistEvents(tx, [input])))[0]!);
      } catch (err) {
        if (isConnectionError(err)) throw err;
        log.warn('event could not be stored; kept raw', { event_id: input.event.event_id, err: (err as Error).message });
        await storeRawItem(tx, { projectId: input.projectId, type: 'undigested_event', received: input.receivedMs, eventId: input.event.event_id, headers: { error: String((err as Error).message).slice(0, 500) }, payload: Buffer.from(JSON.stringify(input.event)) });
        await addOutcome(tx, { projectId: input.projectId, ts: input.receivedMs, source: 'server', category: 'error', reason: 'internal', quantity: 1 });
        results.push(null);
      }
    }
    return results;
  }
}
