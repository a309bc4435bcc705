import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArtifactCache, Symbolicator, unsymbolicateEvent } from '../src/symbolicate/index.ts';
import { APP_DEBUG_ID, MemoryLookup, appBundle, eventFrom, file, fixtureEvent, framesOf } from './symbolicate-fixture.ts';

const { js, map } = appBundle();
const mapFile = () => file(map, '~/dist/app.js.map');
const jsFile = () => file(js, '~/dist/app.js', { sourcemap: 'app.js.map', 'debug-id': APP_DEBUG_ID });

function withoutDebugMeta(name: string) {
  const ev = fixtureEvent(name);
  delete ev.debug_meta;
  return ev;
}

describe('Symbolicator on the captured browser-app event', () => {
  it('resolves every frame by debug ID: original file, line, column, function, context; dependencies not in-app', async () => {
    const ev = fixtureEvent('04-event.envelope');
    const summary = await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', mapFile()).addDebugId(APP_DEBUG_ID, 'minified_source', jsFile()));
    assert.deepEqual(summary, { frames: 4, resolved: 4, errors: 0 });
    const frames = framesOf(ev);
    assert.deepEqual(frames.map((f) => [f.filename, f.lineno, f.function, f.in_app]), [
      ['node_modules/@sentry/browser/src/helpers.ts', 157, 'sentryWrapped', false],
      ['src/app.js', 7, 'HTMLButtonElement.<anonymous>', true],
      ['src/call-panel.js', 2, 'renderCallPanel', true],
      ['src/call-panel.js', 6, 'formatCaller', true],
    ]);
    const top = frames[3]!;
    assert.equal(top.abs_path, 'http://127.0.0.1:9999/src/call-panel.js');
    assert.equal(top.context_line, '  return call.visitor.name.toUpperCase();');
    assert.deepEqual(top.post_context, ['}', '']);
    assert.deepEqual(top.raw, { filename: '/dist/app.js', abs_path: 'http://127.0.0.1:9999/dist/app.js', function: 'ER', lineno: 26, colno: 67519, in_app: true });
    assert.deepEqual(top.data, { sourcemap: 'http://127.0.0.1:9999/dist/app.js.map', resolved_with: 'debug-id', symbolicated: true });
    assert.deepEqual(ev.errors, []);
  });

  it('names functions from the call site when the minified source was not uploaded', async () => {
    const ev = fixtureEvent('04-event.envelope');
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', mapFile()));
    assert.equal(framesOf(ev)[3]!.function, 'formatCaller', "jv's call site names the callee");
  });

  it('falls back to release + dist + ~/path, following the sourcemap header', async () => {
    const ev = withoutDebugMeta('04-event.envelope');
    const lookup = new MemoryLookup().addRelease('dashboard@2.0.0', '', jsFile()).addRelease('dashboard@2.0.0', '', mapFile());
    const summary = await new Symbolicator().symbolicateEvent(ev, lookup);
    assert.equal(summary.resolved, 4);
    assert.equal((framesOf(ev)[3]!.data as Record<string, unknown>).resolved_with, 'release');
    assert.ok(lookup.calls.includes('url:dashboard@2.0.0::http://127.0.0.1:9999/dist/app.js'), 'full URL tried first');
  });

  it('follows a //# sourceMappingURL comment when the file has no sourcemap header, including inline data: maps', async () => {
    const commented = file(`${js}\n//# sourceMappingURL=app.js.map`, '~/dist/app.js');
    let ev = withoutDebugMeta('05-event.envelope');
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addRelease('dashboard@2.0.0', '', commented).addRelease('dashboard@2.0.0', '', mapFile()));
    assert.equal(framesOf(ev)[1]!.filename, 'src/app.js');
    const inline = file(`${js}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}`, '~/dist/app.js');
    ev = withoutDebugMeta('05-event.envelope');
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addRelease('dashboard@2.0.0', '', inline));
    assert.equal(framesOf(ev)[1]!.filename, 'src/app.js');
  });

  it('keeps minified frames and records one js_no_source error per file when the map is missing', async () => {
    const ev = fixtureEvent('04-event.envelope');
    const summary = await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'minified_source', jsFile()));
    assert.deepEqual(summary, { frames: 4, resolved: 0, errors: 1 });
    assert.equal(framesOf(ev)[3]!.function, 'ER');
    const [err] = ev.errors;
    assert.equal(err!.type, 'js_no_source');
    assert.equal(err!.debug_id, APP_DEBUG_ID);
    assert.equal(err!.url, 'http://127.0.0.1:9999/dist/app.js');
    assert.equal((err!.frames as string[]).length, 4);
    assert.match(String(err!.reason), /only its minified file was/);
  });

  it('asks for inject when the event has neither a debug ID nor a release', async () => {
    const ev = withoutDebugMeta('04-event.envelope');
    delete ev.release;
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup());
    assert.equal(ev.errors[0]!.type, 'js_missing_debug_id');
    assert.match(String(ev.errors[0]!.reason), /sourcemaps inject/);
  });

  it('reports an unparsable map as js_invalid_source', async () => {
    const ev = fixtureEvent('04-event.envelope');
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', file('{"version":3,"sources":[', '~/dist/app.js.map')));
    assert.equal(ev.errors[0]!.type, 'js_invalid_source');
    assert.match(String(ev.errors[0]!.reason), /not valid JSON/);
  });

  it('refuses a map from another build rather than resolving to the wrong lines', async () => {
    const ev = fixtureEvent('04-event.envelope');
    (ev.debug_meta!.images[0]!).debug_id = '11111111-2222-3333-4444-555555555555';
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addRelease('dashboard@2.0.0', '', jsFile()).addRelease('dashboard@2.0.0', '', mapFile()));
    assert.equal(ev.errors[0]!.type, 'js_invalid_source');
    assert.match(String(ev.errors[0]!.reason), /different builds/);
    assert.equal(framesOf(ev)[3]!.lineno, 26);
  });

  it('reports a frame beyond the map as js_invalid_sourcemap_location', async () => {
    const ev = eventFrom({ platform: 'javascript', exception: { values: [{ type: 'E', stacktrace: { frames: [{ abs_path: 'http://h/app.js', lineno: 900, colno: 1 }] } }] }, debug_meta: { images: [{ type: 'sourcemap', code_file: 'http://h/app.js', debug_id: APP_DEBUG_ID }] } });
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', mapFile()));
    assert.equal(ev.errors[0]!.type, 'js_invalid_sourcemap_location');
    assert.match(String(ev.errors[0]!.reason), /beyond the 26 lines/);
  });

  it('stays silent for plain Node paths without a debug ID (unbundled server code)', async () => {
    const ev = eventFrom({ platform: 'node', release: 'r1', exception: { values: [{ type: 'E', stacktrace: { frames: [{ abs_path: '/srv/app/node_modules/x/index.js', lineno: 3, colno: 1 }, { abs_path: 'node:internal/process', lineno: 1, colno: 1 }] } }] } });
    const summary = await new Symbolicator().symbolicateEvent(ev, new MemoryLookup());
    assert.deepEqual(summary, { frames: 1, resolved: 0, errors: 0 });
    assert.deepEqual(ev.errors, []);
  });

  it('unsymbolicateEvent puts every frame back exactly as it arrived', async () => {
    const original = fixtureEvent('04-event.envelope');
    const ev = fixtureEvent('04-event.envelope');
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', mapFile()));
    assert.ok(unsymbolicateEvent(ev));
    assert.deepEqual(ev, original);
    assert.equal(unsymbolicateEvent(ev), false, 'nothing left to undo');
  });

  it('parses a map once: later events are served from the cache', async () => {
    const cache = new ArtifactCache();
    const s = new Symbolicator(cache);
    const mf = mapFile();
    const lookup = new MemoryLookup().addDebugId(APP_DEBUG_ID, 'source_map', mf);
    for (let i = 0; i < 3; i++) await s.symbolicateEvent(fixtureEvent('04-event.envelope'), lookup);
    assert.equal(mf.reads, 1);
    assert.equal(cache.stats.misses, 1);
    assert.equal(cache.stats.hits, 2);
  });
});

describe('Symbolicator on Node frames (file paths, not URLs)', () => {
  it('resolves bundled server code by debug ID, with paths relative to the map', async () => {
    const { transformSync } = await import('esbuild');
    const source = 'export function handleOffer(offer) {\n  if (!offer.sdp) {\n    throw new Error("missing SDP in offer");\n  }\n}\n';
    const out = transformSync(source, { minify: true, sourcemap: 'external', sourcefile: '../src/signaling.ts', format: 'cjs', loader: 'ts' });
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    const col = out.code.indexOf('throw') + 1;
    const minifiedName = /function ([\w$]+)\(/.exec(out.code)![1]!;
    const ev = eventFrom({
      platform: 'node',
      exception: { values: [{ type: 'Error', stacktrace: { frames: [{ filename: '/srv/app/dist/server.js', function: `Object.${minifiedName}`, lineno: 1, colno: col, in_app: true }] } }] },
      debug_meta: { images: [{ type: 'sourcemap', code_file: '/srv/app/dist/server.js', debug_id: id }] },
    });
    await new Symbolicator().symbolicateEvent(ev, new MemoryLookup().addDebugId(id, 'source_map', file(out.map, '~/server.js.map')).addDebugId(id, 'minified_source', file(out.code, '~/server.js', { sourcemap: 'server.js.map' })));
    const f = framesOf(ev)[0]!;
    assert.deepEqual([f.abs_path, f.filename, f.lineno, f.function], ['/srv/app/src/signaling.ts', 'src/signaling.ts', 3, 'handleOffer']);
    assert.equal(f.context_line, '    throw new Error("missing SDP in offer");');
  });
});
