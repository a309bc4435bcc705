/**
 * @module Outcomes decided at ingest (refused items) are counted in memory and written to the store in the
 * background, so refusing a flood costs no database write per request.
 */
import { addOutcome, type Db } from '@faultline/store';
import type { ServerMetrics } from '../ops/metrics.ts';

export class OutcomeBuffer {
  private pending = new Map<string, { projectId: number; category: string; reason: string; quantity: number }>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly metrics: ServerMetrics,
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  /** projectId 0 = not attributable to a project (bad key, unreadable body). */
  add(projectId: number, category: string, reason: string, quantity = 1): void {
    this.metrics.outcomes({ reason, category }, quantity);
    const key = `${projectId}\0${category}\0${reason}`;
    const cur = this.pending.get(key);
    if (cur) cur.quantity += quantity;
    else this.pending.set(key, { projectId, category, reason, quantity });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const ts = Date.now();
    try {
      await this.db.transaction(async (tx) => {
        for (const o of batch) await addOutcome(tx, { ...o, ts, source: 'server' });
      });
    } catch (err) {
      // Store unreachable: keep the counts for the next attempt.
      for (const o of batch) {
        const key = `${o.projectId}\0${o.category}\0${o.reason}`;
        const cur = this.pending.get(key);
        if (cur) cur.quantity += o.quantity;
        else this.pending.set(key, o);
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}
