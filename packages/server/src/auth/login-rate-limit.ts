/**
 * @module Login throttling, two ways at once:
 * - per account (the email, from any address): a few failures are free, then each further failure doubles the
 *   wait before the next attempt, up to a cap, so guessing one password is slow however many addresses try it;
 * - per client address (across accounts): at most so many failures in a sliding window, so one address cannot
 *   spray a common password over many emails.
 * An attempt is counted when it starts (before the slow password check), so parallel requests cannot slip past the
 * budget; a failure re-starts the account's wait when it is answered; a success gives its address's attempt back and
 * clears the account.
 * On SQLite (one node) kept in memory here; on PostgreSQL `SharedLoginRateLimit` (`shared-login-rate-limit.ts`)
 * keeps the same state in the store, so every node counts the same budget (a sign-in costs a password hash anyway,
 * so one transaction more per attempt is cheap). The rules are the pure functions below, shared by both.
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

export interface AccountState {
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

/** What a node enforces: in memory (answers at once) or shared through the store. */
export interface LoginLimiter {
  attempt(address: string, account: string): LoginThrottle | Promise<LoginThrottle>;
  failed(account: string): void | Promise<void>;
  succeeded(address: string, account: string): void | Promise<void>;
}

/**
 * An attempt against the account's state and the address's recent attempt times: the throttle, and the state to keep
 * (unchanged when refused, except the address's times pruned to the window).
 */
export function decideAttempt(o: LoginRateLimitOptions, state: AccountState | undefined, times: number[], now: number): { throttle: LoginThrottle; state: AccountState | undefined; times: number[] } {
  if (state && now - state.last > o.forgetMs) state = undefined;
  if (state && state.lockedUntil > now) return { throttle: { waitSeconds: seconds(state.lockedUntil - now), reason: 'account' }, state, times };
  const recent = times.filter((t) => t > now - o.ipWindowMs);
  if (recent.length >= o.ipAttempts) return { throttle: { waitSeconds: seconds(recent[0]! + o.ipWindowMs - now), reason: 'address' }, state, times: recent };
  recent.push(now);
  const failures = (state?.failures ?? 0) + 1;
  return { throttle: { waitSeconds: 0 }, state: { failures, last: now, lockedUntil: lockAfter(o, failures, now) }, times: recent };
}

/**
 * The password check failed: the account's wait runs from now, when the answer goes out, not from when the slow
 * check began — so a client always waits the full backoff between a failure and its next attempt.
 */
export function afterFailure(o: LoginRateLimitOptions, state: AccountState, now: number): AccountState {
  return { ...state, lockedUntil: Math.max(state.lockedUntil, lockAfter(o, state.failures, now)) };
}

function lockAfter(o: LoginRateLimitOptions, failures: number, now: number): number {
  const over = failures - o.freeFailures + 1;
  return over > 0 ? now + Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.min(over - 1, 30)) : 0;
}

export class LoginRateLimit implements LoginLimiter {
  private readonly accounts = new Map<string, AccountState>();
  private readonly addresses = new Map<string, number[]>();

  constructor(private readonly opts: LoginRateLimitOptions = DEFAULT_LOGIN_LIMIT) {}

  /** Records an attempt for `account` from `address`; `waitSeconds` 0 when it may go ahead (and it is counted). */
  attempt(address: string, account: string, now = Date.now()): LoginThrottle {
    const d = decideAttempt(this.opts, this.accounts.get(account), this.addresses.get(address) ?? [], now);
    if (d.throttle.reason !== 'account') touch(this.addresses, address, d.times, this.opts.maxKeys);
    if (d.throttle.waitSeconds === 0) touch(this.accounts, account, d.state!, this.opts.maxKeys);
    return d.throttle;
  }

  failed(account: string, now = Date.now()): void {
    const state = this.accounts.get(account);
    if (state) this.accounts.set(account, afterFailure(this.opts, state, now));
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
