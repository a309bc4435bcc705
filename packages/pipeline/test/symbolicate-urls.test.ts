import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { debugIdFromSource, joinPaths, normalizeDebugId, releaseFileCandidates, sourceMappingUrlOf, stripHost, contextAround, originalLocation, generateModule } from '../src/symbolicate/index.ts';
import { decodeDataUrl } from '../src/symbolicate/url-candidates.ts';
import { trimLine } from '../src/symbolicate/context-lines.ts';
import { fixupWebpackFilename, foldFunctionName } from '../src/symbolicate/source-paths.ts';
import { minifiedIdentifier } from '../src/symbolicate/original-function-name.ts';

describe('release file candidates (Sentry ReleaseFile.normalize)', () => {
  for (const [url, expected] of [
    ['https://example.com/assets/bundle.min.js', ['https://example.com/assets/bundle.min.js', '~/assets/bundle.min.js']],
    ['https://example.com/a.js?v=1#frag', ['https://example.com/a.js?v=1', 'https://example.com/a.js', '~/a.js?v=1', '~/a.js']],
    ['app:///_next/server/pages/_error.js', ['app:///_next/server/pages/_error.js', '~/_next/server/pages/_error.js', '~/server/pages/_error.js', '~/pages/_error.js', '~/_error.js']],
    ['/srv/app/dist/server.js', ['/srv/app/dist/server.js', '~/srv/app/dist/server.js', '~/app/dist/server.js', '~/dist/server.js', '~/server.js']],
  ] as const) {
    it(url, () => assert.deepEqual(releaseFileCandidates(url), expected));
  }
});

describe('joinPaths', () => {
  for (const [base, right, expected] of [
    ['http://h/dist/app.js', 'app.js.map', 'http://h/dist/app.js.map'],
    ['http://h/dist/app.js.map', '../src/call-panel.js', 'http://h/src/call-panel.js'],
    ['http://h/app.js.map', '../../../x.js', 'http://h/x.js'],
    ['http://h/dist/app.js', '/maps/app.js.map', 'http://h/maps/app.js.map'],
    ['http://h/dist/app.js', '~/maps/app.js.map', 'http://h/maps/app.js.map'],
    ['~/dist/app.js', 'app.js.map', '~/dist/app.js.map'],
    ['/srv/app/dist/index.js.map', '../src/index.ts', '/srv/app/src/index.ts'],
    ['http://h/dist/app.js.map', 'webpack://app/./src/a.js', 'webpack://app/./src/a.js'],
    ['http://h/dist/app.js.map', 'https://cdn/x.js', 'https://cdn/x.js'],
  ] as const) {
    it(`${base} + ${right}`, () => assert.equal(joinPaths(base, right), expected));
  }
  it('stripHost', () => {
    assert.deepEqual([stripHost('https://h/a/b.js?x'), stripHost('~/a.js'), stripHost('/p.js'), stripHost('https://h')], ['/a/b.js?x', '/a.js', '/p.js', '/']);
  });
});

describe('references inside a bundle', () => {
  it('finds the last sourceMappingURL comment in the tail, and the debugId comment', () => {
    const js = `var a="//# sourceMappingURL=fake.map";\n//# sourceMappingURL=app.js.map\n//# debugId=501739E4-32AE-55DF-AFA2-57E641ABC4A6\n`;
    assert.equal(sourceMappingUrlOf(js), 'app.js.map');
    assert.equal(debugIdFromSource(js), '501739e4-32ae-55df-afa2-57e641abc4a6');
    assert.equal(sourceMappingUrlOf('var x = 1;'), undefined);
  });
  it('decodes base64 and percent-encoded data: maps', () => {
    assert.equal(decodeDataUrl(`data:application/json;charset=utf-8;base64,${Buffer.from('{"a":1}').toString('base64')}`), '{"a":1}');
    assert.equal(decodeDataUrl('data:application/json,%7B%7D'), '{}');
    assert.equal(decodeDataUrl('app.js.map'), undefined);
  });
  it('normalizes debug IDs and refuses non-UUIDs', () => {
    assert.equal(normalizeDebugId('501739E432AE55DFAFA257E641ABC4A6'), '501739e4-32ae-55df-afa2-57e641abc4a6');
    assert.equal(normalizeDebugId('not-a-uuid'), undefined);
    assert.equal(normalizeDebugId(42), undefined);
  });
});

describe('original locations', () => {
  it('shortens relative sources and marks dependencies and bundler internals not in-app', () => {
    assert.deepEqual(originalLocation('../src/call-panel.js', 'http://h/dist/app.js.map'), { absPath: 'http://h/src/call-panel.js', filename: 'src/call-panel.js', module: 'src/call-panel' });
    const dep = originalLocation('../../node_modules/@sentry/browser/src/helpers.ts', 'http://h/dist/app.js.map');
    assert.equal(dep.inApp, false);
    assert.equal(dep.filename, 'node_modules/@sentry/browser/src/helpers.ts');
    assert.equal(originalLocation('webpack://app/./src/a.js', 'http://h/x.js.map').filename, './src/a.js');
    assert.equal(originalLocation('webpack://app/./src/a.js', 'http://h/x.js.map').inApp, true);
    assert.equal(originalLocation('webpack:///webpack/bootstrap', 'http://h/x.js.map').inApp, false);
    assert.equal(originalLocation('\0vite/preload-helper.js', 'http://h/x.js.map').inApp, false);
    assert.equal(originalLocation('../src/server.ts', '/srv/app/dist/server.js.map').absPath, '/srv/app/src/server.ts');
  });
  it('webpack filename fixups and made-up modules', () => {
    assert.equal(fixupWebpackFilename('webpack:///./~/react/index.js'), '~/react/index.js');
    assert.equal(fixupWebpackFilename('webpack:///src/a.js'), 'src/a.js');
    assert.equal(generateModule('http://google.com/js/v1.0/foo/bar/baz.js'), 'foo/bar/baz');
    assert.equal(generateModule('http://h/static/app.min.js'), 'app');
  });
  it('folds repeated property names in function names', () => {
    assert.equal(foldFunctionName('bar.foo.foo.onError'), 'bar.{foo#2}.onError');
    assert.equal(foldFunctionName('foo'), 'foo');
  });
  it('takes the minified identifier out of a V8 function name', () => {
    assert.deepEqual(['HTMLButtonElement.r', 'async ER', 'new Foo', '<anonymous>', 'Object.<anonymous>', undefined].map(minifiedIdentifier), ['r', 'ER', 'Foo', undefined, undefined, undefined]);
  });
});

describe('context lines', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  it('gives five lines before and after, fewer at the edges', () => {
    assert.deepEqual(contextAround(lines, 10, 1), { pre_context: ['line 5', 'line 6', 'line 7', 'line 8', 'line 9'], context_line: 'line 10', post_context: ['line 11', 'line 12', 'line 13', 'line 14', 'line 15'] });
    assert.deepEqual(contextAround(lines, 1, 1)?.pre_context, []);
    assert.deepEqual(contextAround(lines, 20, 1)?.post_context, []);
    assert.equal(contextAround(lines, 21, 1), undefined);
  });
  it('cuts long lines to a window around the column', () => {
    const long = 'x'.repeat(1000) + 'HERE' + 'y'.repeat(1000);
    const t = trimLine(long, 1001);
    assert.ok(t.length < 160);
    assert.ok(t.includes('HERE'));
    assert.ok(t.startsWith('{snip} ') && t.endsWith(' {snip}'));
  });
});
