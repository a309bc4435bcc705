/** @module jsonNestingDepth: depth found without parsing, strings ignored, early exit on hostile input. */

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

  it('rejects a 10,000-deep array quickly and without recursion', () => {
    const body = bytes('['.repeat(10_000) + ']'.repeat(10_000));
    const start = performance.now();
    assert.equal(jsonNestingDepth(body, 64), 65);
    assert.equal(jsonNestingDepth(body, 20_000), 10_000);
    assert.ok(performance.now() - start < 50);
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
});
