import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoginRateLimit, type LoginRateLimitOptions } from '../src/auth/login-rate-limit.ts';

const opts: LoginRateLimitOptions = { freeFailures: 3, backoffBaseMs: 1000, backoffMaxMs: 8000, forgetMs: 3_600_000, ipAttempts: 5, ipWindowMs: 60_000, maxKeys: 3 };
const wait = (l: LoginRateLimit, ip: string, account: string, now: number) => l.attempt(ip, account, now).waitSeconds;

describe('LoginRateLimit', () => {
  it('lets an account fail a few times, then doubles the wait after each further failure up to a cap', () => {
    const l = new LoginRateLimit({ ...opts, ipAttempts: 100 });
    assert.deepEqual([0, 1, 2].map((t) => wait(l, `ip${t}`, 'a', t)), [0, 0, 0]);
    assert.deepEqual(l.attempt('ip9', 'a', 3), { waitSeconds: 1, reason: 'account' }, 'from another address too');
    assert.equal(wait(l, 'ip9', 'a', 1002), 0, 'after the wait');
    assert.equal(wait(l, 'ip9', 'a', 1003), 2);
    assert.equal(wait(l, 'ip9', 'a', 3002), 0);
    assert.equal(wait(l, 'ip9', 'a', 3003), 4);
    assert.equal(wait(l, 'ip9', 'a', 7002), 0);
    assert.equal(wait(l, 'ip9', 'a', 15_002), 0);
    assert.equal(wait(l, 'ip9', 'a', 15_003), 8, 'capped');
    assert.equal(wait(l, 'ip9', 'b', 15_003), 0, 'other accounts are not slowed');
  });

  it('starts the wait when a slow failure is answered, not when its check began', () => {
    const l = new LoginRateLimit({ ...opts, ipAttempts: 100 });
    for (let t = 0; t < 3; t++) l.attempt('ip', 'a', t);
    // The third attempt's password check took 1.5 s: without re-anchoring, its 1 s wait would be over already.
    l.failed('a', 1502);
    assert.deepEqual(l.attempt('ip', 'a', 1503), { waitSeconds: 1, reason: 'account' });
    assert.equal(wait(l, 'ip', 'a', 2502), 0);
    l.failed('unknown-account', 2600);
    assert.equal(wait(l, 'ip', 'unknown-account', 2601), 0, 'a failure never counted as an attempt locks nothing');
  });

  it('forgets an account on success, and its failures after forgetMs', () => {
    const l = new LoginRateLimit({ ...opts, ipAttempts: 100 });
    for (let t = 0; t < 3; t++) l.attempt('ip', 'a', t);
    l.succeeded('ip', 'a');
    assert.equal(wait(l, 'ip', 'a', 4), 0);
    for (let t = 5; t < 7; t++) l.attempt('ip', 'a', t);
    assert.ok(wait(l, 'ip', 'a', 8) > 0);
    assert.equal(wait(l, 'ip', 'a', 8 + opts.forgetMs), 0);
  });

  it('limits one address across many accounts in a sliding window; a success gives its attempt back', () => {
    const l = new LoginRateLimit(opts);
    for (let i = 0; i < 5; i++) assert.equal(wait(l, 'ip', `user${i}`, i), 0);
    assert.deepEqual(l.attempt('ip', 'user5', 10), { waitSeconds: 60, reason: 'address' });
    assert.equal(wait(l, 'other-ip', 'user5', 10), 0);
    assert.equal(wait(l, 'ip', 'user6', 60_001), 0, 'the oldest attempt left the window');
    const s = new LoginRateLimit(opts);
    for (let i = 0; i < 10; i++) {
      assert.equal(wait(s, 'office', `u${i}`, i), 0);
      s.succeeded('office', `u${i}`);
    }
  });

  it('bounds memory by evicting the least recently used keys', () => {
    const l = new LoginRateLimit({ ...opts, ipAttempts: 100 });
    for (let t = 0; t < 3; t++) l.attempt('ip', 'a', t);
    for (const k of ['b', 'c', 'd']) l.attempt('ip', k, 5);
    assert.equal(wait(l, 'ip', 'a', 6), 0, 'a was evicted');
  });
});
