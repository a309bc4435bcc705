/**
 * @module The `accepted` outcome of usage stats, counted in the digest batch where items are stored, not at ingest:
 * an item admitted at ingest can still be dropped by digest (a duplicate event, one that fails to store), and
 * counting it accepted there would count it twice. Error events count once `persistEvents` stored them (not
 * duplicates); every other item of a digested envelope counts when the envelope's savepoint is released (it was
 * stored raw or by its processor), except client reports (category `internal`, themselves outcomes). A processor
 * that reports what it accepted (tracing: a transaction and its stored spans, each span counted) is counted by
 * its report instead, so an item it dropped with an outcome is not also accepted.
 */
import { itemTypeToCategory } from '@faultline/protocol';
import { addAcceptedCounts, hourOf, type Db } from '@faultline/store';
import type { EnvelopeOutput } from './digest-batch.ts';

export class AcceptedCounter {
  private readonly counts = new Map<string, { projectId: number; ts: number; category: string; quantity: number }>();

  add(projectId: number, ts: number, category: string, quantity = 1): void {
    if (quantity <= 0) return;
    const key = `${projectId}|${hourOf(ts)}|${category}`;
    const cur = this.counts.get(key);
    if (cur) cur.quantity += quantity;
    else this.counts.set(key, { projectId, ts, category, quantity });
  }

  /** The envelope's non-error items, and its event items that were not error events (feedback, transactions: kept raw). */
  addEnvelope(out: EnvelopeOutput): void {
    let eventItems = 0;
    let first: { projectId: number; ts: number } | null = null;
    for (const c of out.itemCounts) {
      if (c.type === 'client_report' || c.reported) continue;
      if (c.type === 'event') {
        eventItems++;
        first ??= c;
        continue;
      }
      this.add(c.projectId, c.ts, itemTypeToCategory(c.type));
    }
    if (first) this.add(first.projectId, first.ts, 'error', eventItems - out.events.length);
    for (const a of out.accepted) this.add(a.projectId, a.ts, a.category, a.quantity);
  }

  /** One statement; `addAcceptedCounts` writes in key order, so two batches lock shared rows in the same order. */
  async flush(tx: Db): Promise<void> {
    await addAcceptedCounts(tx, [...this.counts.values()]);
  }
}
