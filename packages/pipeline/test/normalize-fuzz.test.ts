/**
 * @module Property tests: whatever arrives (any JSON, any JS value, event-shaped junk), normalizeEvent returns a
 * valid event without throwing and grouping can use it; parseSearchQuery only ever throws SearchQueryError.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { NormalizedEvent } from '@faultline/protocol';
import { computeGrouping, normalizeEvent, parseSearchQuery, SearchQueryError } from '../src/index.ts';

const LEVELS = new Set(['fatal', 'error', 'warning', 'info', 'debug']);

/** The invariants every normalized event keeps; throws (failing the property) when one is broken. */
function assertValid(event: NormalizedEvent): void {
  assert.ok(Number.isFinite(event.timestamp), 'timestamp is a finite number');
  assert.ok(Number.isFinite(event.received), 'received is a finite number');
  assert.match(event.event_id, /^[0-9a-f]{32}$/);
  assert.ok(LEVELS.has(event.level), `level ${event.level}`);
  assert.equal(typeof event.platform, 'string');
  assert.ok(Array.isArray(event.tags));
  for (const pair of event.tags) {
    assert.ok(Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string', 'tag pair');
    assert.ok(pair[0].length <= 200 && pair[1].length <= 200, 'tag length');
  }
  assert.ok(typeof event.contexts === 'object' && event.contexts !== null && !Array.isArray(event.contexts));
  for (const context of Object.values(event.contexts)) assert.ok(typeof context === 'object' && context !== null && !Array.isArray(context));
  assert.ok(Array.isArray(event.errors));
  assert.ok(!event.errors.some((e) => e.type === 'internal_error'), `normalizer bug: ${JSON.stringify(event.errors)}`);
  if (event.exception) for (const value of event.exception.values) for (const frame of value.stacktrace?.frames ?? []) assert.equal(typeof frame.in_app, 'boolean');
  JSON.stringify(event); // storable
  const grouping = computeGrouping(event);
  assert.ok(grouping.hashes.length > 0 && grouping.hashes.every((h) => /^[0-9a-f]{32}$/.test(h)));
  assert.equal(typeof grouping.title, 'string');
}

const ctx = { receivedAt: 1_795_386_500, clientIp: '198.51.100.7' };

/** Event-shaped junk: the right keys with arbitrary values, so the per-field code paths are exercised. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }));
const frame = fc.record(
  { function: anyValue, filename: fc.oneof(fc.constantFrom('https://a.example/x.js', '/srv/node_modules/a/b.js', 'node:internal/x', '<anonymous>', '[native code]'), anyValue), abs_path: anyValue, module: anyValue, lineno: anyValue, in_app: anyValue, context_line: anyValue, platform: anyValue },
  { requiredKeys: [] },
);
const eventShaped = fc.record(
  {
    event_id: anyValue,
    timestamp: fc.oneof(fc.double(), fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyValue),
    level: fc.oneof(fc.constantFrom('warn', 'log', 'critical', 'info', 'nope'), anyValue),
    platform: anyValue,
    message: anyValue,
    logentry: fc.oneof(fc.record({ message: anyValue, params: anyValue, formatted: anyValue }, { requiredKeys: [] }), anyValue),
    fingerprint: fc.oneof(fc.array(fc.oneof(fc.constantFrom('{{ default }}', '{{ transaction }}', '{{ tags.a }}', '{{ nope }}'), anyValue)), anyValue),
    tags: fc.oneof(fc.dictionary(fc.string(), anyValue), fc.array(fc.tuple(anyValue, anyValue)), anyValue),
    user: fc.oneof(fc.record({ id: anyValue, ip_address: fc.oneof(fc.constant('{{auto}}'), anyValue) }, { requiredKeys: [] }), anyValue),
    request: fc.oneof(fc.record({ url: anyValue, headers: fc.oneof(fc.dictionary(fc.constantFrom('User-Agent', 'x'), anyValue), anyValue) }, { requiredKeys: [] }), anyValue),
    contexts: fc.oneof(fc.dictionary(fc.constantFrom('browser', 'os', 'trace', '__proto__'), anyValue), anyValue),
    breadcrumbs: fc.oneof(fc.array(fc.record({ timestamp: anyValue, data: anyValue, level: anyValue }, { requiredKeys: [] })), anyValue),
    exception: fc.oneof(
      fc.record({ values: fc.array(fc.record({ type: anyValue, value: anyValue, mechanism: fc.oneof(fc.record({ synthetic: anyValue, exception_id: fc.nat(3), parent_id: fc.nat(3), is_exception_group: fc.boolean() }, { requiredKeys: [] }), anyValue), stacktrace: fc.record({ frames: fc.array(frame, { maxLength: 6 }) }) }, { requiredKeys: [] }), { maxLength: 4 }) }),
      anyValue,
    ),
    threads: anyValue,
    sdk: fc.oneof(fc.record({ settings: fc.record({ infer_ip: fc.constantFrom('auto', 'never') }) }), anyValue),
    extra: anyValue,
    transaction: anyValue,
  },
  { requiredKeys: [] },
);

describe('normalizeEvent never throws', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (raw) => assertValid(normalizeEvent(raw, ctx))), { numRuns: 300 });
  });

  it('on any JS value', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }), (raw) => assertValid(normalizeEvent(raw, ctx))), { numRuns: 300 });
  });

  it('on event-shaped junk', () => {
    fc.assert(fc.property(eventShaped, fc.option(fc.string()), (raw, envelopeEventId) => assertValid(normalizeEvent(raw, { ...ctx, envelopeEventId: envelopeEventId ?? undefined }))), { numRuns: 250 });
  });
});

describe('parseSearchQuery', () => {
  it('returns a query or throws SearchQueryError, nothing else', () => {
    const queryLike = fc.array(fc.oneof(fc.constantFrom('is:', 'level', ':', '!', '"', '\\', '>', '<=', '=', ' ', 'a', 'release:"x y"', '\\"'), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), queryLike), (q) => {
        try {
          const result = parseSearchQuery(q);
          assert.ok(Array.isArray(result.filters) && Array.isArray(result.text));
          for (const f of result.filters) assert.ok(f.key !== '' && ['=', '>', '<', '>=', '<='].includes(f.op));
        } catch (error) {
          if (!(error instanceof SearchQueryError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('normalizeEvent is idempotent', () => {
  it('normalizing a normalized event changes nothing', () => {
    const id = '620f30da083a4fa3b7522da9465a28e4';
    fc.assert(
      fc.property(fc.oneof(eventShaped, fc.jsonValue()), (raw) => {
        const once = normalizeEvent(raw, { ...ctx, envelopeEventId: id });
        const twice = normalizeEvent(JSON.parse(JSON.stringify(once)), { ...ctx, envelopeEventId: id });
        assert.deepEqual(twice, JSON.parse(JSON.stringify(once)));
      }),
      { numRuns: 200 },
    );
  });
});
