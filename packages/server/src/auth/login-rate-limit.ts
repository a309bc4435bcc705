/**
 * @module Login throttling per client IP + email: a fixed number of attempts in a sliding window.
 * Kept in memory on purpose: it slows password guessing against one node without a database write per attempt;
 * behind several nodes each keeps its own window, which still bounds guessing to N × nodes per window.
 */

export interface LoginRateLimitOptions {
  /** Attempts allowed per window (Sentry-like: 10 attempts in 15 minutes). */
  attempts: number;
  windowMs: number;
  /** Bound on tracked keys so a flood of distinct emails cannot grow memory without limit. */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginRateLimitOptions = { attempts: 10, windowMs: 15 * 60_000, maxKeys: 50_000 };

export class LoginRateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly opts: LoginRateLimitOptions = DEFAULT_LOGIN_LIMIT) {}

  /** Records an attempt; returns 0 when allowed, else the seconds to wait before the next one is. */
  attempt(key: string, now = Date.now()): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.opts.windowMs);
    if (recent.length >= this.opts.attempts) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.opts.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.opts.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return 0;
  }

  /** A successful sign-in forgets the failures before it. */
  reset(key: string): void {
    this.hits.delete(key);
  }
}
