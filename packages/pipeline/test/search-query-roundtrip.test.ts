/**
 * @module Property tests for `parseSearchQuery` beyond "throws only SearchQueryError" (normalize-fuzz.test.ts):
 * any structured query written out with quoting parses back to exactly the filters and text it was made of,
 * whatever the values hold (quotes, backslashes, colons, unicode, whitespace); errors point inside the query;
 * and parsing stays linear on long input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSearchQuery, SearchQueryError, type SearchFilter, type SearchOperator } from '../src/index.ts';

const SPACES = [' ', '\t', '\n', '\u00a0', '\u3000', '  '];
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const key = fc.stringMatching(/^[A-Za-z0-9_.\-[\]]{1,20}$/);
// A value is anything, except the two shapes the syntax gives a meaning even when quoted: a leading operator
// character (`key:">5"` compares) and a leading `//` (a pasted URL is text).
const value = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', ':', ' ', '!', 'é', '😀', '\t'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 20 }).filter((v) => !/^[<>=]/.test(v) && !v.startsWith('//'));
const op = fc.constantFrom<SearchOperator>('=', '>', '<', '>=', '<=');

type Term = { filter: SearchFilter } | { text: string };
const term: fc.Arbitrary<Term> = fc.oneof(
  fc.record({ key, value, negated: fc.boolean(), op }).map((f) => ({ filter: { key: f.key, value: f.value, negated: f.negated, op: f.op } })),
  value.filter((v) => v !== '').map((text) => ({ text })),
);

function write(terms: Term[], seps: string[]): string {
  return terms
    .map((t, i) => {
      const sep = seps[i % seps.length]!;
      if ('text' in t) return `${sep}${quote(t.text)}`;
      const f = t.filter;
      return `${sep}${f.negated ? '!' : ''}${f.key}:${f.op === '=' ? '' : f.op}${quote(f.value)}`;
    })
    .join('');
}

describe('parseSearchQuery properties', () => {
  it('a query written with quoting parses back to the same filters and text', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 8 }), fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 }), (terms, seps) => {
        const q = write(terms, seps);
        const parsed = parseSearchQuery(q);
        assert.deepEqual(parsed.filters, terms.flatMap((t) => ('filter' in t ? [t.filter] : [])), q);
        assert.deepEqual(parsed.text, terms.flatMap((t) => ('text' in t ? [t.text] : [])), q);
      }),
      { numRuns: 1000 },
    );
  });

  it('an error points inside the query', () => {
    const queryLike = fc.array(fc.constantFrom('a', ':', '"', '\\', ' ', '!', '>', 'key:', '""', 'x:"y'), { maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(queryLike, (q) => {
        try {
          parseSearchQuery(q);
        } catch (err) {
          assert.ok(err instanceof SearchQueryError);
          assert.ok(err.position >= 0 && err.position < q.length, `position ${err.position} in ${JSON.stringify(q)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('parses long queries in linear time', () => {
    for (const unit of ['a:b ', '"x y" ', 'é', '\\"', 'key:"a\\"b" ']) {
      const q = unit.repeat(Math.ceil(200_000 / unit.length));
      const t0 = performance.now();
      try {
        parseSearchQuery(q);
      } catch (err) {
        assert.ok(err instanceof SearchQueryError);
      }
      assert.ok(performance.now() - t0 < 2000, `${JSON.stringify(unit)} × ${q.length / unit.length}: ${performance.now() - t0} ms`);
    }
  });
});
