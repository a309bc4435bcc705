/**
 * @module Per-key rate limits and per-project spike protection, decided at ingest: here in memory (one node, SQLite);
 * `shared-quotas.ts` counts the same limits in PostgreSQL so that all nodes agree.
 * A refusal names the categories it covers, how long to back off and why; ingest turns it into an outcome per
 * item and an `X-Sentry-Rate-Limits` header the SDKs honour (they stop sending those categories until then).
 */

export interface Refusal {
  categories: string[];
  retryAfter: number;
  scope: 'organization' | 'project' | 'key';
  /** Reason code in the header (SDKs ignore it; people read it). */
  reason: string;
  /** Outcome counted for each refused item. */
  outcome: 'rate_limited' | 'backpressure';
}

/** The categories a key's event quota covers (Sentry counts events, not sessions or replays, against it). */
export const EVENT_CATEGORIES = ['error', 'default', 'transaction', 'security'];

export interface KeyLimit {
  count: number;
  windowSec: number;
}

/** Ingest's view of the limits: in memory (answers at once) or shared (may ask the store). */
export interface Quotas {
  keys: { take(publicKey: string, limit: KeyLimit, n: number): Refusal | null | Promise<Refusal | null> };
  spike: { take(projectId: number, n: number): Refusal | null | Promise<Refusal | null> } | null;
}

/** The refusal of a key whose window starting at `start` is full. */
export function keyRefusal(start: number, windowMs: number, now: number): Refusal {
  return { categories: EVENT_CATEGORIES, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)), scope: 'key', reason: 'key_quota', outcome: 'rate_limited' };
}

/** The refusal of a project over its spike line in `minute` (minutes since the epoch). */
export function spikeRefusal(minute: number, now: number): Refusal {
  return { categories: EVENT_CATEGORIES, retryAfter: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000)), scope: 'project', reason: 'spike_protection', outcome: 'rate_limited' };
}

/** Spike protection's line: `multiplier` × the average of the closed minutes so far (at most an hour), at least the floor. */
export function spikeLine(floorPerMinute: number, multiplier: number, closedSum: number, closedMinutes: number): number {
  const avg = closedMinutes > 0 ? closedSum / closedMinutes : 0;
  return Math.max(floorPerMinute, Math.ceil(avg * multiplier));
}

/** Fixed windows per key: `count` events per `windowSec` seconds, set on the key (Sentry's key rate limit). */
export class KeyQuota {
  private readonly windows = new Map<string, { start: number; used: number }>();

  /** Takes `n` events from the key's window; returns a refusal when the window is full. */
  take(publicKey: string, limit: KeyLimit, n: number, now = Date.now()): Refusal | null {
    if (n === 0) return null;
    const windowMs = limit.windowSec * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    let w = this.windows.get(publicKey);
    if (!w || w.start !== start) {
      w = { start, used: 0 };
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(publicKey, w);
    }
    if (w.used + n > limit.count) return keyRefusal(start, windowMs, now);
    w.used += n;
    return null;
  }
}

/**
 * Spike protection: a project may take, per minute, `multiplier` times its average of the previous hour's
 * minutes, and never less than `floorPerMinute`. A sudden flood (a deploy gone wrong, a loop) is cut at that
 * line instead of burying the store; a steady high volume raises its own line within the hour.
 */
export class SpikeProtection {
  private readonly projects = new Map<number, { minute: number; current: number; history: number[] }>();

  constructor(
    private readonly floorPerMinute: number,
    private readonly multiplier = 10,
  ) {}

  take(projectId: number, n: number, now = Date.now()): Refusal | null {
    if (n === 0) return null;
    const minute = Math.floor(now / 60_000);
    let p = this.projects.get(projectId);
    if (!p) {
      p = { minute, current: 0, history: [] };
      this.projects.set(projectId, p);
    }
    if (p.minute !== minute) {
      // Close the finished minute(s); minutes with no traffic count as zero.
      const gap = Math.min(60, minute - p.minute);
      p.history.push(p.current, ...Array(Math.max(0, gap - 1)).fill(0));
      if (p.history.length > 60) p.history.splice(0, p.history.length - 60);
      p.minute = minute;
      p.current = 0;
    }
    const allowed = spikeLine(this.floorPerMinute, this.multiplier, p.history.reduce((s, x) => s + x, 0), p.history.length);
    if (p.current + n > allowed) return spikeRefusal(minute, now);
    p.current += n;
    return null;
  }
}
