/** When the reporter stops sending: the rate-limit headers read as the Sentry SDKs read them. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatRateLimits } from '@faultline/protocol';
import { backoffSeconds } from '../src/backoff-seconds.ts';

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('backoffSeconds', () => {
  it('keeps sending on a plain 200 or an error that carries no limit', () => {
    assert.equal(backoffSeconds(200, headers({})), 0);
    assert.equal(backoffSeconds(400, headers({})), 0);
    assert.equal(backoffSeconds(503, headers({})), 0);
  });

  it('takes the longest limit that covers errors from X-Sentry-Rate-Limits, on any status', () => {
    const h = formatRateLimits([
      { retryAfter: 30, categories: ['error', 'default'], scope: 'key', reason: 'key_quota' },
      { retryAfter: 600, categories: ['transaction'], scope: 'organization' },
      { retryAfter: 45, categories: ['error'], scope: 'organization', reason: 'backpressure' },
    ]);
    assert.equal(backoffSeconds(429, headers({ 'x-sentry-rate-limits': h, 'retry-after': '600' })), 45);
    assert.equal(backoffSeconds(200, headers({ 'x-sentry-rate-limits': h })), 45);
  });

  it('treats an empty category list as every category', () => {
    assert.equal(backoffSeconds(429, headers({ 'x-sentry-rate-limits': '12::organization' })), 12);
    assert.equal(backoffSeconds(429, headers({ 'x-sentry-rate-limits': '2.5::key:quota, 1:error:key' })), 2.5);
  });

  it('ignores limits on categories the reporter never sends', () => {
    assert.equal(backoffSeconds(200, headers({ 'x-sentry-rate-limits': '60:transaction;replay:organization' })), 0);
  });

  it('falls back to Retry-After in seconds or as an HTTP date, then to 60 s on a 429', () => {
    assert.equal(backoffSeconds(429, headers({ 'retry-after': '17' })), 17);
    assert.equal(backoffSeconds(503, headers({ 'retry-after': new Date(NOW + 90_000).toUTCString() }), NOW), 90);
    assert.equal(backoffSeconds(429, headers({})), 60);
    assert.equal(backoffSeconds(429, headers({ 'retry-after': 'soon' })), 60);
  });
});
