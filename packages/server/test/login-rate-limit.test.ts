import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoginRateLimit } from '../src/auth/login-rate-limit.ts';

describe('LoginRateLimit', () => {
  const opts = { attempts: 3, windowMs: 60_000, maxKeys: 2 };
  it('allows N attempts per window, then says how long to wait', () => {
    const l = new LoginRateLimit(opts);
    assert.deepEqual([l.attempt('k', 0), l.attempt('k', 1000), l.attempt('k', 2000)], [0, 0, 0]);
    assert.equal(l.attempt('k', 3000), 57);
    assert.equal(l.attempt('k', 59_999), 1);
    assert.equal(l.attempt('k', 60_001), 0, 'the oldest attempt left the window');
  });
  it('keeps keys apart and forgets a key on success', () => {
    const l = new LoginRateLimit(opts);
    for (let i = 0; i < 3; i++) l.attempt('a', i);
    assert.ok(l.attempt('a', 10) > 0);
    assert.equal(l.attempt('b', 10), 0);
    l.reset('a');
    assert.equal(l.attempt('a', 11), 0);
  });
  it('bounds memory by evicting the least recently used key', () => {
    const l = new LoginRateLimit(opts);
    for (let i = 0; i < 3; i++) l.attempt('a', i);
    l.attempt('b', 5);
    l.attempt('c', 6);
    assert.equal(l.attempt('a', 7), 0, 'a was evicted');
  });
});
