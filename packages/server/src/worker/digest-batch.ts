/**
 * @module What one digest batch stores at its end: the error events of all its envelopes, written together by
 * `persistEvents` (a few multi-row statements instead of ~25 per event), and the item counters, aggregated.
 * If the batch write fails, each event is retried alone, so one poisonous event cannot block the queue: it is
 * kept raw with an `internal` outcome and the others are stored.
 */
import { addItemCounts, addOutcome, addSessionCounters, addOutcomes, hourOf, isStoreUnavailable, persistEvents, storedEventIds, storeRawItem, type Db, type OutcomeRow, type PersistInput, type PersistResult, type QueuedEnvelope, type SessionCountsDelta, type SessionUserUpdate } from '@faultline/store';
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
  /** Items dropped with a reason (invalid, filtered, duplicate…), written with the batch. */
  outcomes: OutcomeRow[];
  /** Release-health counters of its session items (digest-sessions.ts). */
  sessions: SessionCountsDelta[];
  sessionUsers: SessionUserUpdate[];
}

export function emptyOutput(): EnvelopeOutput {
  return { events: [], itemCounts: [], accepted: [], outcomes: [], sessions: [], sessionUsers: [] };
}

/** The event id an envelope header names (SDKs send the event's own id there), without parsing its items. */
function headerEventId(body: Uint8Array): string | null {
  const nl = body.indexOf(10);
  try {
    const id = (JSON.parse(Buffer.from(body.buffer, body.byteOffset, nl === -1 ? body.byteLength : nl).toString('utf8')) as { event_id?: unknown }).event_id;
    return typeof id === 'string' ? id.replace(/-/g, '').toLowerCase() : null;
  } catch {
    return null;
  }
}

export class DigestBatch {
  readonly events: PreparedEvent[] = [];
  private readonly counts = new Map<string, { projectId: number; ts: number; type: string; bytes: number; quantity: number }>();
  private readonly accepted = new AcceptedCounter();
  private readonly outcomes: OutcomeRow[] = [];
  private readonly sessions: SessionCountsDelta[] = [];
  private readonly sessionUsers: SessionUserUpdate[] = [];
  /** `projectId:event_id` of events stored before this batch or taken into it: a repeat is a duplicate. */
  readonly known = new Set<string>();

  /** One read for the whole batch: which of its envelopes' events are stored already. */
  async readStored(tx: Db, envelopes: readonly QueuedEnvelope[]): Promise<void> {
    const probes: Array<{ projectId: number; eventId: string }> = [];
    for (const env of envelopes) {
      const eventId = headerEventId(env.body);
      if (eventId) probes.push({ projectId: env.projectId, eventId });
    }
    if (probes.length > 0) for (const k of await storedEventIds(tx, probes)) this.known.add(k);
  }

  /** Takes an envelope's output once its savepoint was released (a rolled-back envelope contributes nothing). */
  merge(out: EnvelopeOutput): void {
    this.events.push(...out.events);
    for (const e of out.events) this.known.add(`${e.input.projectId}:${e.input.event.event_id}`);
    this.outcomes.push(...out.outcomes);
    this.sessions.push(...out.sessions);
    this.sessionUsers.push(...out.sessionUsers);
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

  /**
   * Counter rows (item counts, accepted, outcomes, session counts and users) are written last and in key order. A counter row is shared by
   * every batch of its project and hour, and its lock is held until commit: taken first, it would make one
   * project's batches write one after another across nodes — snapshot, issue creation and all — and taken in
   * batch order, two batches could wait on each other (a deadlock). Last, only the tail of the batch waits.
   */
  async flush(tx: Db, deps: DigestDeps, log: Logger): Promise<void> {
    if (this.events.length === 0) return this.flushCounters(tx);
    const results = await this.persist(tx, deps, log);
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
    for (const [projectId, d] of duplicates) this.outcomes.push({ projectId, ts: d.ts, source: 'server', category: 'error', reason: 'duplicate', quantity: d.n });
    if (deps.hooks.afterStore.length > 0) await this.runListeners(tx, deps, log, results);
    await this.flushCounters(tx);
  }

  private async flushCounters(tx: Db): Promise<void> {
    await addItemCounts(tx, [...this.counts.values()]);
    await this.accepted.flush(tx);
    await addOutcomes(tx, this.outcomes);
    await addSessionCounters(tx, this.sessions, this.sessionUsers);
  }

  /**
   * Listeners (alerts, replay links) run after the events are stored, each over the whole batch under its own
   * savepoint: a failing listener loses only its own writes for this batch (logged once), never the events nor
   * another listener's work.
   */
  private async runListeners(tx: Db, deps: DigestDeps, log: Logger, results: Array<PersistResult | null>): Promise<void> {
    for (const listener of deps.hooks.afterStore) {
      try {
        await tx.savepoint(async () => {
          for (let i = 0; i < this.events.length; i++) {
            const r = results[i];
            if (!r || r.duplicate) continue;
            const { ctx, input } = this.events[i]!;
            await listener(ctx, { projectId: input.projectId, orgId: input.orgId, event: input.event, grouping: input.grouping, issueId: r.issueId, isNewIssue: r.isNewIssue, regressed: r.regressed, escalated: r.escalated });
          }
        });
      } catch (err) {
        if (isStoreUnavailable(err)) throw err;
        log.error('a digest listener failed for a batch; its events and the other listeners\' work are stored, this listener\'s skipped', { listener: listener.name || 'anonymous', err });
      }
    }
  }

  private async persist(tx: Db, deps: DigestDeps, log: Logger): Promise<Array<PersistResult | null>> {
    const raceLost = () => deps.metrics.issueRacesLost();
    try {
      return await tx.savepoint(() => persistEvents(tx, this.events.map((e) => e.input), raceLost));
    } catch (err) {
      if (isStoreUnavailable(err)) throw err;
      log.warn('batch write failed; storing its events one by one', { err: (err as Error).message });
    }
    const results: Array<PersistResult | null> = [];
    for (const { input } of this.events) {
      try {
        results.push((await tx.savepoint(() => persistEvents(tx, [input], raceLost)))[0]!);
      } catch (err) {
        if (isStoreUnavailable(err)) throw err;
        log.warn('event could not be stored; kept raw', { event_id: input.event.event_id, err: (err as Error).message });
        await storeRawItem(tx, { projectId: input.projectId, type: 'undigested_event', received: input.receivedMs, eventId: input.event.event_id, headers: { error: String((err as Error).message).slice(0, 500) }, payload: Buffer.from(JSON.stringify(input.event)) });
        await addOutcome(tx, { projectId: input.projectId, ts: input.receivedMs, source: 'server', category: 'error', reason: 'internal', quantity: 1 });
        results.push(null);
      }
    }
    return results;
  }
}
