/**
 * The stored form of JSON bodies: what `encodeJsonBody` writes decodes to the same text, bodies stored before it
 * (raw deflate at any level) still decode, and the tag that marks the new form can never start a raw deflate stream.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeJsonBody, encodeJsonBody } from '../src/index.ts';

/** Deterministic JSON-ish text of every shape: repetitive, random, non-ASCII, empty. */
function texts(): string[] {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const out = ['', '{}', JSON.stringify({ message: 'héllo wörld ✓ 🚀', n: 1 })];
  for (let k = 0; k < 200; k++) {
    const len = Math.floor(rnd() * 4000);
    let s = '';
    for (let i = 0; i < len; i++) s += rnd() < 0.5 ? 'abc{}[]":, '[Math.floor(rnd() * 11)] : String.fromCharCode(32 + Math.floor(rnd() * 2000));
    out.push(JSON.stringify({ k, s, frames: Array.from({ length: k % 30 }, (_, i) => ({ function: `fn${i}`, lineno: i })) }));
  }
  return out;
}

describe('stored JSON bodies', () => {
  it('decode to the text that was encoded, and are tagged as the new form', () => {
    for (const t of texts()) {
      const body = encodeJsonBody(t);
      assert.equal(body[0], 0xfe);
      assert.equal(decodeJsonBody(body), t);
    }
  });

  it('bodies stored before (raw deflate, any level) still decode, and none of them begins with the tag', () => {
    for (const t of texts()) {
      for (const level of [0, 1, 6, 9]) {
        const old = deflateRawSync(t, { level });
        assert.notEqual(old[0], 0xfe, `level ${level}`);
        assert.equal(decodeJsonBody(old), t);
      }
    }
    // The tag's bits read as a deflate block of the reserved type 11: inflate refuses it outright.
    assert.throws(() => inflateRawSync(Buffer.from([0xfe, 0, 0, 0])), /invalid block type/);
  });
});
