/**
 * @module Properties of the envelope parser under hostile input: whatever the bytes, `parseEnvelope` returns or
 * throws `EnvelopeError` (never a TypeError, RangeError or stack overflow that would become a 500), and any
 * envelope survives `serializeEnvelope` → `parseEnvelope`.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEnvelope, serializeEnvelope, EnvelopeError } from '../src/index.ts';
import type { Envelope, ItemHeaders } from '../src/index.ts';
import { loadSdkFixtures } from './sdk-fixtures.ts';

const encoder = new TextEncoder();
const fixtures = loadSdkFixtures().map((f) => f.body);

/** Parses, or fails the only allowed way. Returns the envelope when there was one. */
function parsesOrRejects(body: Uint8Array): Envelope | undefined {
  try {
    return parseEnvelope(body);
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    assert.ok(error.code.length > 0 && error.message.length > 0);
    assert.ok(error.offset >= 0 && error.offset <= body.length);
    return undefined;
  }
}

/** Re-serializing whatever parsed must give the same envelope back. */
function assertStable(env: Envelope): void {
  const back = parseEnvelope(serializeEnvelope(env));
  assert.deepEqual(back.headers, env.headers);
  assert.deepEqual(
    back.items.map((i) => i.headers),
    env.items.map((i) => ({ ...i.headers, length: i.payload.length })),
  );
  assert.deepEqual(back.items.map((i) => i.payload), env.items.map((i) => i.payload));
}

// Pieces of envelope syntax, so random bodies get past the envelope header and into item framing often.
const token = fc.constantFrom(
  '{}', '{', '}', '[', ']', '"', '\n', '\r', '\n\n', ':', ',', '"type"', '"event"', '"length"', '0', '3', '-1',
  '99999999999', 'null', 'abc', '\u00e9', '\ud83d\ude00', '\\', '\n{"type":"event"}\n', '\n{"type":"event"}',
  '\n{"type":"attachment","length":3}\n', '\n{"type":"a","length":0}\n', '\n{"length":1}\n', '\n[]\n',
);
const syntaxSoup = fc
  .tuple(
    fc.constantFrom('{}\n', '{"event_id":"e"}\n', '{}', '', '[]\n'),
    fc.array(fc.oneof({ arbitrary: token, weight: 4 }, { arbitrary: fc.uint8Array({ maxLength: 4 }), weight: 1 }), { maxLength: 30 }),
  )
  .map(([header, parts]) => {
    const chunks = [header, ...parts].map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  });

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.constantFrom(0x0a, 0x0d, 0x22, 0x7b, 0x7d, 0x5b, 0x30, 0x39, 0x00, 0xff, 0xc3) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(body: Uint8Array, m: Mutation): Uint8Array {
  const at = body.length === 0 ? 0 : m.at % (body.length + 1);
  switch (m.kind) {
    case 'flip': {
      if (at >= body.length) return body;
      const out = body.slice();
      out[at] = m.byte;
      return out;
    }
    case 'truncate':
      return body.slice(0, at);
    case 'insert': {
      const out = new Uint8Array(body.length + m.bytes.length);
      out.set(body.subarray(0, at), 0);
      out.set(m.bytes, at);
      out.set(body.subarray(at), at + m.bytes.length);
      return out;
    }
    case 'delete': {
      const stop = Math.min(body.length, at + m.count);
      const out = new Uint8Array(body.length - (stop - at));
      out.set(body.subarray(0, at), 0);
      out.set(body.subarray(stop), at);
      return out;
    }
  }
}

// JSON values the way they come back from JSON.parse (no -0, no undefined).
const jsonObject = fc
  .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 })
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

const itemHeaders: fc.Arbitrary<ItemHeaders> = fc
  .record({ type: fc.string({ minLength: 1, maxLength: 16 }), extra: jsonObject })
  .map(({ type, extra }) => {
    const { type: _t, length: _l, ...rest } = extra;
    return { ...rest, type };
  });

const envelope: fc.Arbitrary<Envelope> = fc.record({
  headers: jsonObject,
  items: fc.array(fc.record({ headers: itemHeaders, payload: fc.uint8Array({ maxLength: 200 }) }), { maxLength: 6 }),
});

describe('parseEnvelope under fuzzing', () => {
  it('returns or throws EnvelopeError for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (body) => void parsesOrRejects(body)), { numRuns: 1500 });
  });

  it('returns or throws EnvelopeError for envelope-like byte soup, and what parses re-serializes stably', () => {
    fc.assert(
      fc.property(syntaxSoup, (body) => {
        const env = parsesOrRejects(body);
        if (env) assertStable(env);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns or throws EnvelopeError for mutated SDK fixtures, and what parses re-serializes stably', () => {
    fc.assert(
      fc.property(fc.nat({ max: fixtures.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const body = ms.reduce(mutate, fixtures[i]);
        const env = parsesOrRejects(body);
        if (env) assertStable(env);
      }),
      { numRuns: 1500 },
    );
  });

  it('round-trips generated envelopes through serializeEnvelope', () => {
    fc.assert(
      fc.property(envelope, (env) => {
        const back = parseEnvelope(serializeEnvelope(env));
        assert.deepEqual(back.headers, env.headers);
        assert.equal(back.items.length, env.items.length);
        back.items.forEach((item, k) => {
          assert.deepEqual(item.headers, { ...env.items[k].headers, length: env.items[k].payload.length });
          assert.deepEqual(item.payload, env.items[k].payload);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
