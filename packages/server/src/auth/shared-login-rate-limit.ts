/**
 * @module Login throttling shared by every node on one PostgreSQL: the same rules as in memory
 * (`login-rate-limit.ts`), the account's and the address's state kept in the store (`updateExpiringState`, rows locked
 * for the attempt's decision), so the budgets are the same however many nodes an attacker spreads attempts over.
 * Exact, not approximate: each attempt is one short transaction. Expired state goes in an hourly `PeriodicJob`.
 */
import { pruneExpiringState, updateExpiringState, type Db } from '@faultline/store';
import type { Logger } from '../log.ts';
import { PeriodicJob } from '../ops/periodic-job.ts';
import { afterFailure, decideAttempt, DEFAULT_LOGIN_LIMIT, type AccountState, type LoginLimiter, type LoginRateLimitOptions, type LoginThrottle } from './login-rate-limit.ts';

const PREFIX = 'login:';
const accountKey = (account: string) => `${PREFIX}account:${account}`;
const addressKey = (address: string) => `${PREFIX}address:${address}`;

export class SharedLoginRateLimit implements LoginLimiter {
  constructor(
    private readonly db: Db,
    private readonly opts: LoginRateLimitOptions = DEFAULT_LOGIN_LIMIT,
  ) {}

  private accountValue(state: AccountState) {
    return { value: state, expiresAt: Math.max(state.last + this.opts.forgetMs, state.lockedUntil) };
  }

  attempt(address: string, account: string, now = Date.now()): Promise<LoginThrottle> {
    return updateExpiringState(this.db, [accountKey(account), addressKey(address)], now, ([state, times]) => {
      const d = decideAttempt(this.opts, state as AccountState | undefined, (times as number[] | undefined) ?? [], now);
      const counted = d.throttle.waitSeconds === 0;
      const addressValue = d.times.length ? { value: d.times, expiresAt: d.times[d.times.length - 1]! + this.opts.ipWindowMs } : null;
      return { result: d.throttle, write: [counted ? this.accountValue(d.state!) : undefined, d.throttle.reason === 'account' ? undefined : addressValue] };
    });
  }

  async failed(account: string, now = Date.now()): Promise<void> {
    await updateExpiringState(this.db, [accountKey(account)], now, ([state]) => ({
      result: undefined,
      write: [state ? this.accountValue(afterFailure(this.opts, state as AccountState, now)) : undefined],
    }));
  }

  async succeeded(address: string, account: string, now = Date.now()): Promise<void> {
    await updateExpiringState(this.db, [accountKey(account), addressKey(address)], now, ([, times]) => {
      const recent = ((times as number[] | undefined) ?? []).slice(0, -1);
      return { result: undefined, write: [null, recent.length ? { value: recent, expiresAt: recent[recent.length - 1]! + this.opts.ipWindowMs } : null] };
    });
  }
}

/** Hourly, on one node: forgets expired login throttle state. */
export function loginStatePruneJob(db: Db, log: Logger): PeriodicJob {
  return new PeriodicJob(db, log, { name: 'login-state-prune', intervalMs: 3_600_000, run: async () => void (await pruneExpiringState(db, PREFIX)) });
}
