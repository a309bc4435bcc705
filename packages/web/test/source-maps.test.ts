import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../src/lib/format-bytes.ts';
import { describeStep, framePath, isSourceMapError, location, minifiedFrame, parseFramePath, sourceMapErrorTitle } from '../src/lib/source-maps.ts';
import { releasePath } from '../src/components/release-link.tsx';

describe('source-map helpers', () => {
  it('reads exception frame paths back to indexes, and only those', () => {
    assert.deepEqual(parseFramePath('exception.values.1.stacktrace.frames.12'), { excIdx: 1, frameIdx: 12 });
    assert.equal(framePath({ excIdx: 1, frameIdx: 12 }), 'exception.values.1.stacktrace.frames.12');
    assert.equal(parseFramePath('threads.values.0.stacktrace.frames.3'), null);
    assert.equal(parseFramePath('exception.values.0.stacktrace.frames.x'), null);
  });

  it('titles the errors symbolication writes and leaves the others alone', () => {
    assert.equal(sourceMapErrorTitle('js_no_source'), 'No source map found');
    assert.ok(isSourceMapError({ type: 'js_invalid_source' }));
    assert.ok(!isSourceMapError({ type: 'invalid_data' }));
    assert.equal(sourceMapErrorTitle('some_new_type'), 'some new type');
  });

  it('prints locations and prefers the minified copy of a resolved frame', () => {
    assert.equal(location({ abs_path: 'http://x/app.js', lineno: 1, colno: 968 }), 'http://x/app.js:1:968');
    assert.equal(location({ filename: 'a.js', colno: 3 }), 'a.js');
    assert.equal(location(undefined), '<unknown>');
    const f = { filename: 'src/a.js', lineno: 6, raw: { abs_path: 'http://x/app.js', lineno: 1, colno: 9, function: 'r' } };
    assert.equal(minifiedFrame(f), f.raw);
    assert.equal(minifiedFrame({ filename: 'b.js' }).filename, 'b.js');
  });

  it('turns the lookup steps the server writes into checks that passed, failed or just say something', () => {
    const cases: Array<[string, string, string]> = [
      ["found debug ID 5017 for this file in the event's debug_meta", 'Debug ID in the event (debug_meta)?', 'ok'],
      ['the event names no debug ID for this file (debug_meta.images has no entry for it)', 'Debug ID in the event (debug_meta)?', 'miss'],
      ['no source map with debug ID 5017 has been uploaded (only its minified file was)', 'Source map uploaded with that debug ID?', 'miss'],
      ['found source map ~/dist/app.js.map by debug ID 5017 in artifact bundle 3f2', 'Source map uploaded with that debug ID?', 'ok'],
      ['the event has no release, so release files were not searched', 'Files uploaded for the release?', 'miss'],
      ['release web@1 has no file named ~/dist/app.js or ~/app.js', 'Minified file found by release, dist and URL?', 'miss'],
      ['found ~/dist/app.js and its source map ~/dist/app.js.map in release web@1', 'Minified file found by release, dist and URL?', 'ok'],
      ['~/dist/app.js names source map app.js.map, but release web@1 has no file ~/dist/app.js.map', 'sourceMappingURL followed?', 'miss'],
      ['~/dist/app.js has no sourceMappingURL; trying its debug ID comment 5017', 'sourceMappingURL followed?', 'info'],
      ['the source map has debug ID a but the code has b: they come from different builds', 'Map and code from the same build?', 'miss'],
      ['position 1:968 maps to src/call-panel.js:6:15', 'Position found in the map?', 'ok'],
      ['line 40 is beyond the 3 lines the source map covers: the map is probably from another build', 'Position found in the map?', 'miss'],
    ];
    for (const [text, check, outcome] of cases) assert.deepEqual(describeStep(text), { text, check, outcome }, text);
  });

  it('formats sizes and release paths', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
    assert.equal(formatBytes(-1), '—');
    assert.equal(releasePath('web@1.0.0+build/2'), '/releases/web%401.0.0%2Bbuild%2F2/');
  });
});
