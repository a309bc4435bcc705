/**
 * @module Login throttling, two ways at once:
 * - per account (the email, from any address): a few failures are free, then each further failure doubles the
 *   wait before the next attempt, up to a cap, so guessing one password is slow however many addresses try it;
 * - per client address (across accounts): at most so many failures in a sliding window, so one address cannot
 *   spray a common password over many emails.
 * An attempt is counted when it starts (before the slow password check), so parallel requests cannot slip past the
 * budget; a failure re-starts the account's wait when it is answered; a success gives its address's attempt back and
 * clears the account.
 * Kept in memory on purpose: it slows guessing against one node without a database write per attempt; behind
 * several nodes each keeps its own counts, which still bounds guessing to N × nodes.
 */

export interface LoginRateLimitOptions {
  /** Attempts per account without any wait (Sentry-like: 10); the one after waits `backoffBaseMs`. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; each next failure doubles it. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** An account's failures are forgotten this long after the last one. */
  forgetMs: number;
  /** Attempts per client address across all accounts in `ipWindowMs`. */
  ipAttempts: number;
  ipWindowMs: number;
  /** Bound on tracked accounts and addresses each, so a flood of distinct emails cannot grow memory without limit. */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginRateLimitOptions = {
  freeFailures: 10,
  backoffBaseMs: 1_000,
  backoffMaxMs: 15 * 60_000,
  forgetMs: 24 * 3_600_000,
  ipAttempts: 20,
  ipWindowMs: 15 * 60_000,
  maxKeys: 50_000,
};

interface AccountState {
  failures: number;
  last: number;
  lockedUntil: number;
}

export interface LoginThrottle {
  /** 0: go ahead (the attempt is counted); else seconds until the next attempt may be made. */
  waitSeconds: number;
  /** Which budget is spent. */
  reason?: 'account' | 'address';
}

export class LoginRateLimit {
  private readonly accounts = new Map<string, AccountState>();
  private readonly addresses = new Map<string, number[]>();

  constructor(private readonly opts: LoginRateLimitOptions = DEFAULT_LOGIN_LIMIT) {}

  /** Records an attempt for `account` from `address`; `waitSeconds` 0 when it may go ahead (and it is counted). */
  attempt(address: string, account: string, now = Date.now()): LoginThrottle {
    const o = this.opts;
    let state = this.accounts.get(account);
    if (state && now - state.last > o.forgetMs) state = undefined;
    if (state && state.lockedUntil > now) return { waitSeconds: seconds(state.lockedUntil - now), reason: 'account' };
    const recent = (this.addresses.get(address) ?? []).filter((t) => t > now - o.ipWindowMs);
    if (recent.length >= o.ipAttempts) {
      touch(this.addresses, address, recent, o.maxKeys);
      return { waitSeconds: seconds(recent[0]! + o.ipWindowMs - now), reason: 'address' };
    }
    recent.push(now);
    touch(this.addresses, address, recent, o.maxKeys);
    const failures = (state?.failures ?? 0) + 1;
    touch(this.accounts, account, { failures, last: now, lockedUntil: this.lockAfter(failures, now) }, o.maxKeys);
    return { waitSeconds: 0 };
  }

  /**
   * The password check failed: the account's wait runs from now, when the answer goes out, not from when the slow
   * check began — so a client always waits the full backoff between a failure and its next attempt.
   */
  failed(account: string, now = Date.now()): void {
    const state = this.accounts.get(account);
    if (state) state.lockedUntil = Math.max(state.lockedUntil, this.lockAfter(state.failures, now));
  }

  private lockAfter(failures: number, now: number): number {
    const o = this.opts;
    const over = failures - o.freeFailures + 1;
    return over > 0 ? now + Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.min(over - 1, 30)) : 0;
  }

  /** A successful sign-in forgets the account's failures and gives the address its attempt back. */
  succeeded(address: string, account: string): void {
    this.accounts.delete(account);
    const recent = this.addresses.get(address);
    recent?.pop();
    if (recent?.length === 0) this.addresses.delete(address);
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Sets `key` as the most recently used entry, evicting the least recently used past `max`. */
function touch<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
