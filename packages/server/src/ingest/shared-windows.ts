/**
 * @module `SharedWindows`: fixed-window counters that every node on one PostgreSQL agrees on, without a round trip
 * per event. A node reserves a chunk of a window's allowance in the store (`reserveFromWindow`, all or nothing, never
 * past the limit) and admits events from it locally; when the chunk is spent it reserves the next, one reservation
 * at a time per window (concurrent requests wait for it). When a chunk no longer fits it asks for exactly what the
 * request needs, and when even that does not fit the window is full on this node until it ends.
 *
 * The approximation, stated: together the nodes never admit more than the limit. They may admit less: chunks a
 * node reserved and did not use before the window ended are lost to the others, so with k nodes at least
 * limit − (k − 1) × chunk are admitted before any refusal; chunk = 1 % of the limit (at least 1), so the shortfall is
 * at most (k − 1) % of the limit (exact below 200 per window).
 */
import { reserveFromWindow, type Db } from '@faultline/store';

interface LocalWindow {
  start: number;
  /** Reserved in the store and not yet admitted here. */
  tokens: number;
  full: boolean;
  reserving: Promise<void> | null;
}

/** The reservation size for a window of `limit`: 1 % of it, at least one. */
export function chunkOf(limit: number): number {
  return Math.max(1, Math.floor(limit / 100));
}

const MAX_WINDOWS = 10_000;

export class SharedWindows {
  private readonly windows = new Map<string, LocalWindow>();

  constructor(
    private readonly db: Db,
    private readonly scope: string,
  ) {}

  /** Takes `n` from `key`'s window of `windowMs` holding `limit`: true when admitted, with the window's start. */
  async take(key: string, windowMs: number, limit: number, n: number, now = Date.now()): Promise<{ admitted: boolean; start: number }> {
    const start = Math.floor(now / windowMs) * windowMs;
    const id = `${key}\u0000${windowMs}`;
    let w = this.windows.get(id);
    if (!w || w.start !== start) {
      w = { start, tokens: 0, full: false, reserving: null };
      if (this.windows.size >= MAX_WINDOWS) this.windows.clear();
      this.windows.set(id, w);
    }
    for (;;) {
      if (w.tokens >= n) {
        w.tokens -= n;
        return { admitted: true, start };
      }
      if (w.full || n > limit) return { admitted: false, start };
      if (!w.reserving) {
        const window = w;
        window.reserving = this.reserve(window, key, windowMs, limit, n - window.tokens).finally(() => (window.reserving = null));
      }
      await w.reserving;
    }
  }

  private async reserve(w: LocalWindow, key: string, windowMs: number, limit: number, need: number): Promise<void> {
    const target = { scope: this.scope, key, windowStart: w.start, windowMs };
    const chunk = Math.max(need, chunkOf(limit));
    if (await reserveFromWindow(this.db, target, chunk, limit)) w.tokens += chunk;
    else if (chunk > need && (await reserveFromWindow(this.db, target, need, limit))) w.tokens += need;
    else w.full = true;
  }
}
