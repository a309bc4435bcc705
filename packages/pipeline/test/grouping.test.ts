/** @module docs/protocol.md §6 default grouping, case by case: each test fails if the rule it names is removed. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { computeGrouping, DEFAULT_GROUPING_CONFIG_ID, GROUPING_CONFIGS } from '../src/index.ts';
import { browserFrame, errorEvent, exception, group, hashes, nodeFrame, normalize } from './event-builders.ts';

const md5 = (...values: string[]): string => createHash('md5').update(values.join('')).digest('hex');
const EMPTY = 'd41d8cd98f00b204e9800998ecf8427e';
const stack = [nodeFrame('main', '/srv/app/src/main.js'), nodeFrame('handle', '/srv/app/src/handler.js')];

describe('exception grouping (docs/protocol.md §6 Step 4)', () => {
  it('groups the same type and in-app frames together whatever the message says', () => {
    const a = hashes(errorEvent({ type: 'TypeError', value: 'x is undefined', frames: stack }));
    const b = hashes(errorEvent({ type: 'TypeError', value: 'a completely different message', frames: stack }));
    assert.deepEqual(a, b);
  });

  it('splits different in-app frames', () => {
    const other = [nodeFrame('main', '/srv/app/src/main.js'), nodeFrame('render', '/srv/app/src/handler.js')];
    assert.notDeepEqual(hashes(errorEvent({ frames: stack })), hashes(errorEvent({ frames: other })));
  });

  it('splits different exception types on the same frames', () => {
    assert.notDeepEqual(hashes(errorEvent({ type: 'TypeError', frames: stack })), hashes(errorEvent({ type: 'RangeError', frames: stack })));
  });

  it('uses the message only when there is no stacktrace, parameterized', () => {
    const noStack = (value: string) => hashes(errorEvent({ type: 'Error', value }));
    assert.notDeepEqual(noStack('connection refused'), noStack('disk full'));
    assert.deepEqual(noStack('user 1234 not found'), noStack('user 98 not found'));
    assert.deepEqual(hashes(errorEvent({ type: 'Error', value: 'user 1234 not found' })), [md5('Error', 'user <int> not found')]);
  });

  it('hashes stacktrace, then type, then value (the 2023 order)', () => {
    const result = hashes(errorEvent({ type: 'TypeError', frames: [nodeFrame('handle', '/srv/app/src/handler.js')] }));
    assert.deepEqual(result, [md5('handler.js', 'handle', 'TypeError')]);
  });

  it('ignores the type of a synthetic exception', () => {
    const synthetic = { synthetic: true, type: 'generic' };
    const a = hashes(errorEvent({ type: 'Error', frames: stack, mechanism: synthetic }));
    const b = hashes(errorEvent({ type: 'Foo', frames: stack, mechanism: synthetic }));
    assert.deepEqual(a, b);
    const c = hashes(errorEvent({ type: 'Foo', frames: stack }));
    assert.notDeepEqual(a, c);
  });

  it('hashes every exception of a cause chain (legacy list without ids)', () => {
    const withCause = (causeFrames: ReturnType<typeof nodeFrame>[]) =>
      hashes({ platform: 'node', exception: { values: [exception({ type: 'TypeError', frames: causeFrames }), exception({ type: 'SignalingError', frames: stack })] } });
    const alone = hashes(errorEvent({ type: 'SignalingError', frames: stack }));
    const a = withCause([nodeFrame('parse', '/srv/app/src/parse.js')]);
    const b = withCause([nodeFrame('decode', '/srv/app/src/parse.js')]);
    assert.notDeepEqual(a, alone);
    assert.notDeepEqual(a, b);
  });

  it('hashes a cause chain with exception_id/parent_id from the root down', () => {
    const cause = { ...exception({ type: 'TypeError', frames: [nodeFrame('parse')] }), mechanism: { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 } };
    const root = { ...exception({ type: 'SignalingError', frames: [nodeFrame('negotiate')] }), mechanism: { type: 'generic', exception_id: 0 } };
    const result = group({ platform: 'node', exception: { values: [cause, root] } });
    // root first (first path from the tree's root), then its cause: Sentry's order for chains with ids
    assert.deepEqual(result.hashes, [md5('handler.js', 'negotiate', 'SignalingError', 'handler.js', 'parse', 'TypeError')]);
    assert.equal(result.title, 'SignalingError: boom');
  });

  it('groups an exception group of identical children like the single child (RFC 0079 filter)', () => {
    const child = (id: number) => ({ ...exception({ type: 'DbError', value: `timeout ${id}`, frames: [nodeFrame('query')] }), mechanism: { type: 'chained', source: `errors[${id - 1}]`, exception_id: id, parent_id: 0 } });
    const group3 = { ...exception({ type: 'AggregateError', value: 'all failed', frames: [nodeFrame('runAll')] }), mechanism: { type: 'generic', is_exception_group: true, exception_id: 0 } };
    const aggregated = group({ platform: 'node', exception: { values: [child(1), child(2), child(3), group3] } });
    const single = group(errorEvent({ type: 'DbError', value: 'timeout 1', frames: [nodeFrame('query')] }));
    assert.deepEqual(aggregated.hashes, single.hashes);
    assert.equal(aggregated.title, 'DbError: timeout 3'); // named by the child, not by the wrapper
  });

  it('keeps one of each distinct child plus the group when an exception group mixes failures', () => {
    const child = (id: number, type: string) => ({ ...exception({ type, frames: [nodeFrame('query')] }), mechanism: { type: 'chained', exception_id: id, parent_id: 0 } });
    const root = { ...exception({ type: 'AggregateError', frames: [nodeFrame('runAll')] }), mechanism: { type: 'generic', is_exception_group: true, exception_id: 0 } };
    const mixed = hashes({ platform: 'node', exception: { values: [child(1, 'DbError'), child(2, 'AuthError'), root] } });
    assert.deepEqual(mixed, [md5('handler.js', 'query', 'DbError', 'handler.js', 'query', 'AuthError', 'handler.js', 'runAll', 'AggregateError')]);
  });

  it('gives a stack without app frames only its system hash (non-stacktrace variants do not count)', () => {
    const system = [nodeFrame('listOnTimeout', 'node:internal/timers', { in_app: false })];
    assert.equal(hashes(errorEvent({ frames: system })).length, 1);
    assert.equal(hashes(errorEvent({ frames: [...system, nodeFrame('handle')] })).length, 2);
  });
});

describe('frame components (docs/protocol.md §6 Step 2)', () => {
  it('does not count the filename of a URL abs_path (content-hashed bundles)', () => {
    const a = hashes(errorEvent({ frames: [browserFrame('render', 'https://cdn.example.com/main.3f9a.js')] }, 'javascript'));
    const b = hashes(errorEvent({ frames: [browserFrame('render', 'https://cdn.example.com/main.77c1.js')] }, 'javascript'));
    assert.deepEqual(a, b);
    const c = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/app/src/a.js')] }));
    const d = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/app/src/b.js')] }));
    assert.notDeepEqual(c, d);
  });

  it('counts only the last path segment of the filename, lowercased', () => {
    const a = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/v1/src/Panel.js')] }));
    const b = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/v2/lib/panel.js')] }));
    assert.deepEqual(a, b);
  });

  it('lets a module take precedence over the filename', () => {
    const a = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/v1/a.js', { module: 'app.render' })] }));
    const b = hashes(errorEvent({ frames: [nodeFrame('render', '/srv/v2/b.js', { module: 'app.render' })] }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, hashes(errorEvent({ frames: [nodeFrame('render', '/srv/v1/a.js', { module: 'app.other' })] })));
  });

  it('ignores a browser module that repeats the abs_path', () => {
    const frame = (module: string) => browserFrame('render', `https://cdn.example.com/${module}`, { module });
    assert.deepEqual(hashes(errorEvent({ frames: [frame('assets/main.1.js')] }, 'javascript')), hashes(errorEvent({ frames: [frame('assets/main.2.js')] }, 'javascript')));
  });

  it('keeps only the function name after the last dot', () => {
    const fn = (name: string) => hashes(errorEvent({ frames: [nodeFrame(name)] }));
    assert.deepEqual(fn('Foo.bar'), fn('Baz.bar'));
    assert.deepEqual(fn('Foo.bar'), fn('bar'));
    assert.notDeepEqual(fn('Foo.bar'), fn('Foo.qux'));
  });

  it('ignores unknown and anonymous function names', () => {
    const withSecond = (name: string | undefined) =>
      hashes(errorEvent({ frames: [browserFrame('handle'), browserFrame(name)] }, 'javascript'));
    const baseline = hashes(errorEvent({ frames: [browserFrame('handle')] }, 'javascript'));
    for (const name of ['?', '<anonymous>', 'HTMLButtonElement.<anonymous>', '<anonymous function>', 'Anonymous function', 'foo/<', undefined]) {
      assert.deepEqual(withSecond(name), baseline, String(name));
    }
    assert.notDeepEqual(withSecond('named'), baseline);
  });

  it('ignores the function of a source-mapped frame when its context line counts', () => {
    const grouped = (fn: string, symbolicated: boolean) => {
      const event = normalize(errorEvent({ frames: [browserFrame(fn, undefined, { context_line: '  const title = formatCaller(call);' })] }, 'javascript'));
      // what the symbolication stage sets; normalization drops it from SDK input
      if (symbolicated) event.exception!.values[0].stacktrace!.frames[0].symbolicated = true;
      return computeGrouping(event).hashes;
    };
    assert.deepEqual(grouped('renderCallPanel', true), grouped('r', true));
    assert.notDeepEqual(grouped('renderCallPanel', false), grouped('r', false));
  });

  it('counts a context line only up to 120 characters, whitespace collapsed', () => {
    const line = (text: string) => hashes(errorEvent({ frames: [nodeFrame('handle', undefined, { context_line: text })] }));
    assert.notDeepEqual(line('return a.b;'), line('return a.c;'));
    assert.deepEqual(line('return   a.b;'), line('  return a.b;\t'));
    assert.deepEqual(line(`x = "${'a'.repeat(120)}";`), line(`x = "${'b'.repeat(120)}";`));
  });

  it('ignores the context line of a nameless frame loaded from a URL', () => {
    const line = (text: string) => hashes(errorEvent({ frames: [browserFrame('handle'), browserFrame(undefined, undefined, { context_line: text })] }, 'javascript'));
    assert.deepEqual(line('a()'), line('b()'));
  });

  it('skips eval and native frames entirely', () => {
    const baseline = hashes(errorEvent({ frames: [nodeFrame('handle')] }));
    const plus = (frame: ReturnType<typeof nodeFrame>) => hashes(errorEvent({ frames: [nodeFrame('handle'), frame] }));
    assert.deepEqual(plus(nodeFrame('eval', '/srv/app/src/x.js')), baseline);
    assert.deepEqual(plus(nodeFrame('forEach', '[native code]')), baseline);
    assert.deepEqual(plus({ function: 'run', abs_path: 'eval code', in_app: true }), baseline);
    assert.deepEqual(plus({ function: 'JSON.parse', filename: '<anonymous>', in_app: true }), baseline);
    assert.notDeepEqual(plus(nodeFrame('evaluate', '/srv/app/src/x.js')), baseline);
  });

  it('collapses direct recursion', () => {
    const rec = nodeFrame('walk', '/srv/app/src/tree.js');
    assert.deepEqual(hashes(errorEvent({ frames: [nodeFrame('main'), rec, rec, rec] })), hashes(errorEvent({ frames: [nodeFrame('main'), rec] })));
    const deeper = nodeFrame('walk', '/srv/app/src/tree.js', { lineno: 11 });
    assert.notDeepEqual(hashes(errorEvent({ frames: [nodeFrame('main'), rec, deeper] })), hashes(errorEvent({ frames: [nodeFrame('main'), rec] })));
  });

  it('ignores a lone nameless JS frame pointing at a URL (then the value decides)', () => {
    // the module would count on its own; as a lone nameless URL frame it must not
    const lone = (value: string, fn?: string) => hashes(errorEvent({ value, frames: [browserFrame(fn, undefined, { module: 'main' })] }, 'javascript'));
    assert.notDeepEqual(lone('first'), lone('second'));
    assert.deepEqual(lone('first', 'handle'), lone('second', 'handle'));
  });
});

describe('app and system variants (docs/protocol.md §6 Steps 1 and 3)', () => {
  const lib = (fn: string, pkg: string, inApp?: boolean) =>
    nodeFrame(fn, `/srv/app/node_modules/${pkg}/index.js`, inApp === undefined ? { in_app: undefined } : { in_app: inApp });

  it('ignores node_modules frames in the app variant, even when the SDK said in_app', () => {
    const viaExpress = hashes(errorEvent({ frames: [lib('next', 'express', true), nodeFrame('handle')] }));
    const viaKoa = hashes(errorEvent({ frames: [lib('dispatch', 'koa', true), nodeFrame('handle')] }));
    assert.equal(viaExpress[0], viaKoa[0]); // app variant
    assert.notEqual(viaExpress[1], viaKoa[1]); // system variant still tells them apart
  });

  it('marks CDN and vendor frames as not in-app', () => {
    for (const url of ['https://unpkg.com/react@18/index.js', 'https://cdn.jsdelivr.net/npm/x.js', 'https://cdnjs.cloudflare.com/a.js', 'https://app.example.com/vendor/lib.js']) {
      const event = normalize(errorEvent({ frames: [browserFrame('lib', url), browserFrame('handle')] }, 'javascript'));
      assert.equal(event.exception!.values[0].stacktrace!.frames[0].in_app, false, url);
      assert.equal(event.exception!.values[0].stacktrace!.frames[1].in_app, true);
    }
  });

  it('excludes transpiler helpers and event-loop plumbing from every variant', () => {
    const baseline = hashes(errorEvent({ frames: [nodeFrame('handle')] }));
    const withFrame = (frame: ReturnType<typeof nodeFrame>) => hashes(errorEvent({ frames: [frame, nodeFrame('handle')] }));
    assert.deepEqual(withFrame(nodeFrame('processTicksAndRejections', 'node:internal/process/task_queues', { in_app: false })), baseline);
    assert.deepEqual(withFrame(nodeFrame('process.processTicksAndRejections', 'node:internal/process/task_queues')), baseline);
    assert.deepEqual(withFrame(nodeFrame('_asyncToGenerator', '/srv/app/node_modules/@babel/runtime/helpers/asyncToGenerator.js')), baseline);
    assert.deepEqual(withFrame(nodeFrame('step', '/srv/app/src/x.js', { module: 'tslib' })), baseline);
    // a plain library frame is not excluded: the system variant still counts it
    assert.notDeepEqual(withFrame(lib('next', 'express')), baseline);
  });

  it('marks reportError and the frame it calls into as not in-app', () => {
    const event = normalize(errorEvent({ frames: [browserFrame('onClick'), browserFrame('reportError'), browserFrame('dispatch')] }, 'javascript'));
    assert.deepEqual(event.exception!.values[0].stacktrace!.frames.map((f) => f.in_app), [true, false, false]);
  });

  it('decides in_app for frames the SDK left unset', () => {
    const event = normalize(errorEvent({ frames: [lib('next', 'express'), nodeFrame('x', 'node:internal/timers', { in_app: undefined }), nodeFrame('handle', '/srv/app/a.js', { in_app: undefined })] }));
    assert.deepEqual(event.exception!.values[0].stacktrace!.frames.map((f) => f.in_app), [false, false, true]);
  });
});

describe('other strategies', () => {
  it('groups a message by its template, parameterized', () => {
    const msg = (logentry: unknown) => hashes({ logentry });
    assert.deepEqual(msg({ message: 'Room %s is full', params: ['lobby-1'] }), msg({ message: 'Room %s is full', params: ['lobby-2'] }));
    assert.deepEqual(hashes({ message: 'Payment 4411 failed' }), [md5('Payment <int> failed')]);
    assert.notDeepEqual(hashes({ message: 'Payment failed' }), hashes({ message: 'Refund failed' }));
  });

  it('groups a lone thread by its stacktrace', () => {
    const thread = (fn: string) => hashes({ platform: 'node', message: 'Event loop blocked', threads: { values: [{ id: 1, crashed: true, stacktrace: { frames: [nodeFrame(fn)] } }] } });
    assert.notDeepEqual(thread('spin'), thread('loop'));
    assert.deepEqual(thread('spin'), [md5('handler.js', 'spin')]);
  });

  it('falls back to md5 of nothing when nothing counts', () => {
    const result = group({ platform: 'node' });
    assert.deepEqual(result.hashes, [EMPTY]);
    assert.equal(result.title, '<unlabeled event>');
    assert.equal(result.issueType, 'default');
  });
});

describe('titles, culprits, metadata', () => {
  it('titles an exception "Type: first line of value", cut at 100 characters', () => {
    assert.equal(group(errorEvent({ type: 'TypeError', value: 'bad\nsecond line' })).title, 'TypeError: bad');
    const long = group(errorEvent({ type: 'E', value: 'x'.repeat(300) })).title;
    assert.equal(long, `E: ${'x'.repeat(99)}…`);
    assert.equal(group(errorEvent({ type: 'Timeout', value: '' })).title, 'Timeout');
  });

  it('titles a synthetic exception by its value, and a message event by its message', () => {
    assert.equal(group(errorEvent({ type: 'Error', value: 'ICE limit', mechanism: { type: 'generic', synthetic: true } })).title, 'ICE limit');
    const message = group({ message: 'Disk almost full\nmore detail' });
    assert.equal(message.title, 'Disk almost full');
    assert.deepEqual(message.metadata, { title: 'Disk almost full' });
  });

  it('uses the transaction as culprit, else function(filename) of the newest in-app frame', () => {
    const frames = [nodeFrame('handle', '/srv/app/src/handler.js'), nodeFrame('next', '/srv/app/node_modules/express/router.js', { in_app: false })];
    assert.equal(group(errorEvent({ frames })).culprit, 'handle(/srv/app/src/handler.js)');
    assert.equal(group(errorEvent({ frames }, 'node', { transaction: 'GET /rooms' })).culprit, 'GET /rooms');
    const browser = group(errorEvent({ frames: [browserFrame('formatCaller', 'https://app.example.com/src/call-panel.js')] }, 'javascript'));
    assert.equal(browser.culprit, 'formatCaller(/src/call-panel.js)');
  });

  it('writes the culprit per platform as Sentry does: module in function, function(file), or the function alone', () => {
    const culprit = (platform: string, frame: Record<string, unknown>) =>
      group({ platform, exception: { values: [{ type: 'E', value: 'v', stacktrace: { frames: [{ in_app: true, ...frame }] } }] } }).culprit;
    assert.equal(culprit('python', { module: 'shop.billing', function: 'charge', filename: 'shop/billing.py' }), 'shop.billing in charge');
    assert.equal(culprit('python', { function: 'charge', filename: 'py_client.py' }), 'py_client.py in charge');
    assert.equal(culprit('go', { module: 'main', function: 'charge', filename: 'main.go' }), 'main in charge');
    assert.equal(culprit('java', { module: 'com.example.Billing', function: 'charge' }), 'com.example.Billing in charge');
    assert.equal(culprit('php', { function: 'charge', filename: 'src/Billing.php' }), 'src/Billing.php in charge');
    assert.equal(culprit('cocoa', { function: '-[Billing charge]', package: 'App' }), '-[Billing charge]');
    assert.equal(culprit('native', { function: 'crash', filename: 'main.c' }), 'crash');
    assert.equal(culprit('node', { module: 'handler', function: 'handle', filename: '/srv/app/handler.js' }), 'handle(/srv/app/handler.js)');
    assert.equal(culprit('python', { platform: 'javascript', function: 'render', filename: '/static/app.js' }), 'render(/static/app.js)');
    assert.equal(culprit('ruby', { module: 'Billing' }), 'Billing in ?');
  });

  it('fills error metadata from the primary (last) exception and its crash frame', () => {
    const result = group({ platform: 'node', exception: { values: [exception({ type: 'Cause', value: 'inner', frames: [nodeFrame('a')] }), exception({ type: 'Outer', value: 'outer', frames: [nodeFrame('b', '/srv/app/b.js'), nodeFrame('lib', '/srv/app/node_modules/x/i.js')] })] } });
    assert.deepEqual(result.metadata, { type: 'Outer', value: 'outer', filename: '/srv/app/b.js', function: 'b', in_app_frame_mix: 'mixed' });
    assert.equal(result.issueType, 'error');
  });
});

describe('grouping configs', () => {
  it('names the config used and falls back to the default for an unknown id', () => {
    assert.ok(GROUPING_CONFIGS[DEFAULT_GROUPING_CONFIG_ID]);
    assert.equal(DEFAULT_GROUPING_CONFIG_ID, 'newstyle:2023-01-11');
    assert.equal(group({ message: 'x' }).config, 'newstyle:2023-01-11');
    assert.equal(group({ message: 'x' }, { config: 'legacy:2019-03-12' }).config, 'newstyle:2023-01-11');
  });
});
