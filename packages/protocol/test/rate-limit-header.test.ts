/** @module X-Sentry-Rate-Limits, written as Relay writes it and read back. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatRateLimits, parseRateLimits } from '../src/index.ts';
import type { RateLimit } from '../src/index.ts';

describe('formatRateLimits', () => {
  it('writes limits the way Relay does (docs/protocol.md §4.3)', () => {
    assert.equal(
      formatRateLimits([
        { retryAfter: 60, categories: ['transaction'], scope: 'key' },
        { retryAfter: 2700, categories: ['default', 'error', 'security'], scope: 'organization', reason: 'usage_exceeded' },
      ]),
      '60:transaction:key, 2700:default;error;security:organization:usage_exceeded',
    );
    assert.equal(formatRateLimits([{ retryAfter: 60, categories: [], scope: 'organization' }]), '60::organization');
  });

  it('never puts a space inside a limit', () => {
    const header = formatRateLimits([
      { retryAfter: 1, categories: ['a', 'b'], scope: 'project', reason: 'r' },
      { retryAfter: 2, categories: [], scope: 'key' },
    ]);
    for (const limit of header.split(', ')) assert.doesNotMatch(limit, /\s/);
  });

  it('rounds fractional seconds up, since the SDK reads them with parseInt', () => {
    assert.equal(formatRateLimits([{ retryAfter: 0.2, categories: ['error'], scope: 'key' }]), '1:error:key');
  });

  it('refuses categories and reasons the grammar cannot carry', () => {
    for (const categories of [['a b'], ['a;b'], ['a:b'], ['a,b'], ['']]) {
      assert.throws(() => formatRateLimits([{ retryAfter: 1, categories, scope: 'key' }]), TypeError);
    }
    assert.throws(() => formatRateLimits([{ retryAfter: 1, categories: [], scope: 'key', reason: 'a b' }]), TypeError);
    assert.throws(() => formatRateLimits([{ retryAfter: NaN, categories: [], scope: 'key' }]), TypeError);
  });
});

describe('parseRateLimits', () => {
  it('reads Relay headers, with or without a space after the comma', () => {
    assert.deepEqual(parseRateLimits('60:transaction:key,2700:default;error:organization:usage_exceeded'), [
      { retryAfter: 60, categories: ['transaction'], scope: 'key' },
      { retryAfter: 2700, categories: ['default', 'error'], scope: 'organization', reason: 'usage_exceeded' },
    ]);
  });

  it('ignores namespaces and extra fields, and skips limits it cannot read', () => {
    assert.deepEqual(parseRateLimits('10:metric_bucket:organization:quota:custom:extra, x:error:key, 5:error:galaxy, '), [
      { retryAfter: 10, categories: ['metric_bucket'], scope: 'organization', reason: 'quota' },
    ]);
  });

  it('is the inverse of formatRateLimits', () => {
    const name = fc.stringMatching(/^[a-z_]{1,12}$/);
    const limit: fc.Arbitrary<RateLimit> = fc.record(
      {
        retryAfter: fc.integer({ min: 0, max: 86_400 }),
        categories: fc.array(name, { maxLength: 4 }),
        scope: fc.constantFrom('organization' as const, 'project' as const, 'key' as const),
        reason: name,
      },
      { requiredKeys: ['retryAfter', 'categories', 'scope'], noNullPrototype: true },
    );
    fc.assert(
      fc.property(fc.array(limit, { maxLength: 5 }), (limits) => {
        assert.deepEqual(parseRateLimits(formatRateLimits(limits)), limits);
      }),
      { numRuns: 300 },
    );
  });
});
