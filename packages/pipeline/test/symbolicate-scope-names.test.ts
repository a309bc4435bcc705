/**
 * Function names from the minified file's scopes when the source map records no `names` (as Turbopack's maps):
 * a real esbuild minification of TypeScript, its map re-encoded without names, symbolicated end to end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transformSync } from 'esbuild';
import { decodedMappings, encodedMappings, TraceMap } from '@jridgewell/trace-mapping';
import { Symbolicator } from '../src/symbolicate/index.ts';
import { MemoryLookup, eventFrom, file, framesOf } from './symbolicate-fixture.ts';

const SOURCE = `interface Call { visitor: { name: string } | null }

function formatCaller(call: Call): string {
  return call.visitor!.name.toUpperCase();
}

export const acceptFirst = (calls: Call[]) => {
  return [formatCaller(calls[0]!)].map((s) => s.trim().missing.field);
};

export class CallPanel {
  renderRow(c: Call) {
    return formatCaller(c).padEnd(80);
  }
}

export const handlers = {
  onRoute: function () {
    throw new Error('routing failed');
  },
};
`;

const ID = 'c0ffee00-0000-4000-8000-00000000000a';

/** esbuild's real output, with the map re-encoded as Turbopack writes it: no `names`, 4-field segments. */
function build(opts: { sourcesContent?: boolean } = {}) {
  const out = transformSync(SOURCE, { minify: true, sourcemap: 'external', sourcefile: 'app/call-panel.tsx', format: 'esm', loader: 'ts', target: 'es2022' });
  const raw = JSON.parse(out.map) as { sources: string[]; sourcesContent?: string[] };
  const segments = decodedMappings(new TraceMap(out.map)).map((line) => line.map((s) => s.slice(0, 4) as [number, number, number, number]));
  const map = { ...raw, names: [], mappings: encodedMappings(new TraceMap({ version: 3, sources: raw.sources, names: [], mappings: segments })) };
  if (opts.sourcesContent === false) delete map.sourcesContent;
  return { code: out.code, map: JSON.stringify(map) };
}

/** 1-based column of `needle` in the one-line minified file. */
const col = (code: string, needle: string) => {
  const c = code.indexOf(needle);
  assert.ok(c >= 0, `${needle} in ${code}`);
  return c + 1;
};

async function symbolicate(code: string, map: string, frames: Array<{ function: string; colno: number }>) {
  const ev = eventFrom({
    exception: { values: [{ type: 'TypeError', stacktrace: { frames: frames.map((f) => ({ filename: 'http://app.test/_next/static/chunks/app.js', abs_path: 'http://app.test/_next/static/chunks/app.js', lineno: 1, in_app: true, ...f })) } }] },
    debug_meta: { images: [{ type: 'sourcemap', code_file: 'http://app.test/_next/static/chunks/app.js', debug_id: ID }] },
  });
  const lookup = new MemoryLookup().addDebugId(ID, 'source_map', file(map, '~/_next/static/chunks/app.js.map')).addDebugId(ID, 'minified_source', file(code, '~/_next/static/chunks/app.js'));
  await new Symbolicator().symbolicateEvent(ev, lookup);
  return framesOf(ev);
}

describe('scope-based function names for maps without names', () => {
  it('names each frame after the function around it: a declaration, an arrow const, a method, an object member', async () => {
    const { code, map } = build();
    assert.deepEqual(JSON.parse(map).names, [], 'the map has no names, as Turbopack writes it');
    const fnName = (re: RegExp) => re.exec(code)![1]!;
    const formatCaller = fnName(/function ([\w$]+)\(/);
    const frames = await symbolicate(code, map, [
      { function: 'Object.onRoute', colno: col(code, 'throw') },
      { function: 'CallPanel.renderRow', colno: col(code, '.padEnd') },
      { function: '<anonymous>', colno: col(code, '.missing') },
      { function: fnName(/const ([\w$]+)=/), colno: col(code, '.map(') },
      { function: formatCaller, colno: col(code, '.visitor') },
    ]);
    assert.ok(frames.every((f) => f.symbolicated && f.filename === 'app/call-panel.tsx'), JSON.stringify(frames));
    assert.deepEqual(frames.map((f) => [f.function, f.lineno]), [
      ['onRoute', 19],
      ['renderRow', 13],
      ['<anonymous>', 8],
      ['acceptFirst', 8],
      ['formatCaller', 4],
    ]);
    assert.equal(frames[4]!.raw?.function, formatCaller, 'the minified name is kept in raw');
  });

  it('keeps the minified name when the original source is not in the map and no names are either', async () => {
    const { code, map } = build({ sourcesContent: false });
    const minifiedName = /function ([\w$]+)\(/.exec(code)![1]!;
    const [top] = await symbolicate(code, map, [{ function: minifiedName, colno: col(code, '.visitor') }]);
    assert.deepEqual([top!.function, top!.lineno], [minifiedName, 4]);
  });

  it('leaves a file it cannot parse to the other lookups, without an error', async () => {
    const { code, map } = build();
    const broken = `${code.slice(0, -1)}{{{`;
    const minifiedName = /function ([\w$]+)\(/.exec(code)![1]!;
    const [top] = await symbolicate(broken, map, [{ function: minifiedName, colno: col(code, '.visitor') }]);
    assert.deepEqual([top!.function, top!.lineno, top!.symbolicated], [minifiedName, 4, true]);
  });
});
