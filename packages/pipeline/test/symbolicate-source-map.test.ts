import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transformSync } from 'esbuild';
import { parseSourceMap, SourceMapError, LruCache } from '../src/symbolicate/index.ts';

const SOURCE = ['export function outer(x) {', '  return inner(x) + 1;', '}', 'function inner(value) {', '  return value.missing.field;', '}', ''].join('\n');

function minified() {
  const r = transformSync(SOURCE, { minify: true, sourcemap: 'external', sourcefile: 'src/math.js', format: 'esm' });
  return { code: r.code, map: r.map };
}

/** Generated 1-based line/column of the first occurrence of `needle` in `code`. */
function positionOf(code: string, needle: string): { line: number; column: number } {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c !== -1) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`${needle} not in ${code}`);
}

describe('parseSourceMap', () => {
  it('maps a minified position back to the original file, line and column', () => {
    const { code, map } = minified();
    const sm = parseSourceMap(map);
    const at = positionOf(code, '.missing');
    const pos = sm.lookup(at.line, at.column)!;
    assert.equal(pos.source, 'src/math.js');
    assert.equal(pos.line, 5);
    assert.deepEqual(sm.sourceLines(pos.sourceIndex)?.slice(3, 5), ['function inner(value) {', '  return value.missing.field;']);
  });

  it('reads debugId (CLI 3 spelling) and debug_id (CLI 2 spelling), case- and dash-insensitively', () => {
    const base = { version: 3, sources: ['a.js'], names: [], mappings: 'AAAA' };
    assert.equal(parseSourceMap(JSON.stringify({ ...base, debugId: '501739E4-32AE-55DF-AFA2-57E641ABC4A6' })).debugId, '501739e4-32ae-55df-afa2-57e641abc4a6');
    assert.equal(parseSourceMap(JSON.stringify({ ...base, debug_id: '501739e432ae55dfafa257e641abc4a6' })).debugId, '501739e4-32ae-55df-afa2-57e641abc4a6');
    assert.equal(parseSourceMap(JSON.stringify(base)).debugId, undefined);
  });

  it('resolves through an indexed (sectioned) map', () => {
    const a = JSON.parse(minified().map) as Record<string, unknown>;
    const b = { version: 3, sources: ['src/second.js'], sourcesContent: ['one\ntwo\nthree'], names: [], mappings: 'AAAA;AACA;AACA' };
    const indexed = JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: a }, { offset: { line: 100, column: 0 }, map: b }] });
    const sm = parseSourceMap(indexed);
    const pos = sm.lookup(102, 1)!;
    assert.deepEqual([pos.source, pos.line], ['src/second.js', 2]);
    assert.equal(sm.sourceLines(pos.sourceIndex)?.[1], 'two');
    assert.equal(sm.lookup(1, 1)?.source, 'src/math.js');
  });

  it('applies sourceRoot to relative sources and skips an XSSI prefix', () => {
    const sm = parseSourceMap(`)]}'\n${JSON.stringify({ version: 3, sourceRoot: 'webpack://app/', sources: ['./src/x.js'], names: [], mappings: 'AAAA' })}`);
    assert.equal(sm.lookup(1, 1)?.source, 'webpack://app/./src/x.js');
  });

  it('answers undefined beyond the mapped lines, and for explicitly unmapped segments', () => {
    const sm = parseSourceMap(JSON.stringify({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA,C' }));
    assert.equal(sm.lookup(5, 1), undefined);
    assert.equal(sm.lookup(1, 5), undefined, 'column 1 is a 1-field (unmapped) segment');
    assert.equal(sm.lookup(1, 1)?.line, 1);
  });

  for (const [what, text, reason] of [
    ['invalid JSON', '{"version":3,', /not valid JSON/],
    ['a JSON array', '[]', /not a JSON object/],
    ['another version', '{"version":2,"sources":[],"mappings":""}', /unsupported source map version 2/],
    ['no mappings', '{"version":3,"sources":[]}', /no "mappings"/],
  ] as const) {
    it(`rejects ${what} with a reason`, () => {
      assert.throws(() => parseSourceMap(text), (err: unknown) => err instanceof SourceMapError && reason.test(err.message));
    });
  }
});

describe('LruCache', () => {
  it('evicts the least recently used entries past the weight budget', () => {
    const c = new LruCache<string, number>(10);
    c.set('a', 1, 4);
    c.set('b', 2, 4);
    assert.equal(c.get('a'), 1, 'touch a');
    c.set('c', 3, 4);
    assert.equal(c.get('b'), undefined, 'b was least recently used');
    assert.deepEqual([c.get('a'), c.get('c'), c.weight, c.size], [1, 3, 8, 2]);
  });

  it('does not keep an entry heavier than the whole budget, and bounds the entry count', () => {
    const c = new LruCache<string, number>(10, 2);
    c.set('huge', 1, 11);
    assert.equal(c.size, 0);
    c.set('a', 1, 1);
    c.set('b', 1, 1);
    c.set('c', 1, 1);
    assert.deepEqual([c.get('a'), c.size], [undefined, 2]);
  });
});
