/** @module normalizeEvent: field rules, both wire forms of each field, and garbage that must not kill an event. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NormalizedEvent } from '@faultline/protocol';
import { browserFrame, exception, normalize, RECEIVED_AT } from './event-builders.ts';

const tag = (event: NormalizedEvent, key: string): string | undefined => event.tags.find(([k]) => k === key)?.[1];
const errorNamed = (event: NormalizedEvent, name: string) => event.errors.find((e) => e.name === name);
/** The faults other than the missing timestamp most of these small payloads have. */
const faults = (event: NormalizedEvent) => event.errors.filter((e) => e.name !== 'timestamp');
const depth = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0;

describe('event_id', () => {
  it('prefers the envelope id, then a valid payload id (dashes removed, lowercased), else a new one', () => {
    const payloadId = '620F30DA-083A-4FA3-B752-2DA9465A28E4';
    assert.equal(normalize({ event_id: payloadId }, { envelopeEventId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }).event_id, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(normalize({ event_id: payloadId }).event_id, '620f30da083a4fa3b7522da9465a28e4');
    const fresh = normalize({ event_id: 'not-an-id' });
    assert.match(fresh.event_id, /^[0-9a-f]{32}$/);
    assert.notEqual(fresh.event_id, normalize({}).event_id);
    assert.deepEqual(errorNamed(fresh, 'event_id'), { type: 'invalid_data', name: 'event_id', value: 'not-an-id' });
  });
});

describe('timestamp', () => {
  it('accepts unix seconds as a number or a numeric string', () => {
    assert.equal(normalize({ timestamp: 1795386400.736 }).timestamp, 1795386400.736);
    assert.equal(normalize({ timestamp: '1795386400.5' }).timestamp, 1795386400.5);
  });

  it('accepts RFC 3339 with Z, with an offset, and without a zone (read as UTC)', () => {
    assert.equal(normalize({ timestamp: '2026-11-22T22:26:40.782Z' }).timestamp, Date.UTC(2026, 10, 22, 22, 26, 40, 782) / 1000);
    assert.equal(normalize({ timestamp: '2026-11-22T23:26:40+01:00' }).timestamp, Date.UTC(2026, 10, 22, 22, 26, 40) / 1000);
    assert.equal(normalize({ timestamp: '2026-11-22T22:26:40' }).timestamp, Date.UTC(2026, 10, 22, 22, 26, 40) / 1000);
    assert.equal(normalize({ timestamp: '2026-11-22 22:26:40.5-0130' }).timestamp, Date.UTC(2026, 10, 22, 23, 56, 40) / 1000 + 0.5);
  });

  it('fills a missing timestamp with receivedAt silently (as Relay), and records a bad one', () => {
    const missing = normalize({});
    assert.equal(missing.timestamp, RECEIVED_AT);
    assert.equal(errorNamed(missing, 'timestamp'), undefined);
    for (const bad of ['yesterday', '2026-02-31T00:00:00Z', -5, { t: 1 }, Number.NaN]) {
      const event = normalize({ timestamp: bad });
      assert.equal(event.timestamp, RECEIVED_AT, String(bad));
      assert.equal(errorNamed(event, 'timestamp')?.type, 'invalid_data');
    }
  });

  it('leaves clock drift alone and records when the event was received', () => {
    const event = normalize({ timestamp: 1000 });
    assert.equal(event.timestamp, 1000);
    assert.equal(event.received, RECEIVED_AT);
  });
});

describe('level, platform, type', () => {
  it('maps level synonyms and defaults by kind of event', () => {
    const level = (raw: Record<string, unknown>) => normalize(raw).level;
    assert.equal(level({ level: 'warn' }), 'warning');
    assert.equal(level({ level: 'log' }), 'info');
    assert.equal(level({ level: 'CRITICAL' }), 'fatal');
    assert.equal(level({ exception: [exception({})] }), 'error');
    assert.equal(level({ message: 'hi' }), 'error'); // Relay's default; SDKs send `info` for captureMessage themselves
    assert.equal(level({ message: 'hi', level: 'info' }), 'info');
    assert.equal(level({}), 'error');
    const bad = normalize({ level: 'loud', message: 'x' });
    assert.equal(bad.level, 'error');
    assert.deepEqual(errorNamed(bad, 'level'), { type: 'invalid_data', name: 'level', value: 'loud' });
  });

  it('defaults the platform to other and infers the type', () => {
    assert.equal(normalize({}).platform, 'other');
    assert.equal(normalize({ platform: 'node' }).platform, 'node');
    assert.equal(normalize({ exception: [exception({})] }).type, 'error');
    assert.equal(normalize({ message: 'x', type: 'error' }).type, 'default');
    assert.equal(normalize({ type: 'transaction' }).type, 'transaction');
  });
});

describe('message and logentry', () => {
  it('turns a plain message into logentry.formatted', () => {
    assert.deepEqual(normalize({ message: 'Disk full' }).logentry, { formatted: 'Disk full' });
  });

  it('formats a parameterized logentry with %s and keeps the template', () => {
    assert.deepEqual(normalize({ logentry: { message: 'Room %s has %d peers (100%%)', params: ['lobby', 3] } }).logentry, {
      message: 'Room %s has %d peers (100%%)',
      formatted: 'Room lobby has 3 peers (100%)',
      params: ['lobby', 3],
    });
  });

  it('keeps a given formatted text over the plain message', () => {
    assert.equal(normalize({ message: 'plain', logentry: { formatted: 'given' } }).logentry?.formatted, 'given');
  });
});

describe('breadcrumbs', () => {
  it('accepts the bare array (JS) and {values} (other SDKs) alike', () => {
    const crumbs = [{ timestamp: 1795386400.726, category: 'ws', message: 'peer joined', data: { peer: 'p-1' } }];
    const bare = normalize({ breadcrumbs: crumbs }).breadcrumbs;
    assert.deepEqual(bare, { values: crumbs });
    assert.deepEqual(normalize({ breadcrumbs: { values: crumbs } }).breadcrumbs, bare);
  });

  it('converts ISO timestamps to unix seconds', () => {
    const event = normalize({ breadcrumbs: { values: [{ timestamp: '2026-11-22T22:26:40.500Z', message: 'x' }] } });
    assert.equal(event.breadcrumbs?.values[0].timestamp, Date.UTC(2026, 10, 22, 22, 26, 40, 500) / 1000);
  });

  it('drops crumbs that are not objects and records them', () => {
    const event = normalize({ breadcrumbs: [{ message: 'ok' }, 'junk'] });
    assert.equal(event.breadcrumbs?.values.length, 1);
    assert.equal(errorNamed(event, 'breadcrumbs.values.1')?.value, 'junk');
  });
});

describe('exception and frames', () => {
  const frames = (raw: unknown) => normalize({ platform: 'javascript', exception: raw }).exception?.values[0].stacktrace?.frames;

  it('accepts {values}, a bare array, and a single exception object', () => {
    const one = exception({ type: 'TypeError', value: 'x' });
    const expected = normalize({ exception: { values: [one] } }).exception;
    assert.deepEqual(normalize({ exception: [one] }).exception, expected);
    assert.deepEqual(normalize({ exception: one }).exception, expected);
    assert.equal(expected?.values[0].type, 'TypeError');
  });

  it('splits "Type: message" when the type is missing', () => {
    assert.deepEqual(normalize({ exception: [{ value: 'ValueError: bad input' }] }).exception?.values[0], { type: 'ValueError', value: 'bad input' });
  });

  it('moves a URL filename to abs_path and keeps only its path as filename (docs/protocol.md §6 Step 0)', () => {
    const [frame] = frames([exception({ frames: [browserFrame('f', 'https://app.example.com/dist/app.js?v=3#x')] })])!;
    assert.equal(frame.abs_path, 'https://app.example.com/dist/app.js?v=3#x');
    assert.equal(frame.filename, '/dist/app.js');
  });

  it('fills filename from abs_path, and keeps a non-URL or root-only path whole', () => {
    const got = frames([exception({ frames: [{ abs_path: 'file:///home/a/b.js' }, { filename: '/srv/a.js' }, { filename: 'https://app.example.com/' }, { abs_path: 'webpack://app/./src/x.ts', filename: 'src/x.ts' }] })])!;
    assert.deepEqual(got.map((f) => [f.filename, f.abs_path]), [
      ['/home/a/b.js', 'file:///home/a/b.js'],
      ['/srv/a.js', '/srv/a.js'],
      ['https://app.example.com/', 'https://app.example.com/'],
      ['src/x.ts', 'webpack://app/./src/x.ts'],
    ]);
  });

  it('caps a stacktrace at 250 frames, keeping the oldest and newest 125', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ function: `f${i}`, filename: '/a.js' }));
    const event = normalize({ exception: [exception({ frames: many })] });
    const kept = event.exception!.values[0].stacktrace!;
    assert.equal(kept.frames.length, 250);
    assert.equal(kept.frames[124].function, 'f124');
    assert.equal(kept.frames[125].function, 'f875');
    assert.equal(kept.frames[249].function, 'f999');
    assert.deepEqual(kept.frames_omitted, [125, 875]);
    assert.deepEqual(errorNamed(event, 'exception.values.0.stacktrace.frames'), { type: 'value_too_long', name: 'exception.values.0.stacktrace.frames', original_length: 1000 });
  });

  it('does not let the SDK claim a frame was source-mapped', () => {
    const [frame] = frames([exception({ frames: [{ function: 'f', filename: '/a.js', symbolicated: true, raw: { function: 'x' } }] })])!;
    assert.equal(frame.symbolicated, undefined);
    assert.equal(frame.raw, undefined);
  });
});

describe('tags', () => {
  it('accepts an object or an array of pairs, stringifying primitives', () => {
    const fromObject = normalize({ tags: { room: 'lobby-3', retries: 2, cached: false } }).tags;
    const fromPairs = normalize({ tags: [['room', 'lobby-3'], ['retries', 2], ['cached', false]] }).tags;
    assert.deepEqual(fromObject, fromPairs);
    assert.deepEqual(fromObject.slice(0, 3), [['room', 'lobby-3'], ['retries', '2'], ['cached', 'false']]);
  });

  it('drops bad keys, cuts long values to 200 characters, and records both', () => {
    const event = normalize({ tags: { 'has space': 'x', [`k${'x'.repeat(200)}`]: 'v', long: 'v'.repeat(500), obj: { a: 1 } } });
    assert.equal(tag(event, 'has space'), undefined);
    assert.equal(tag(event, 'long'), `${'v'.repeat(199)}…`);
    assert.equal(tag(event, 'obj'), undefined);
    assert.ok(event.tags.every(([k, v]) => k.length <= 200 && v.length <= 200));
    assert.deepEqual(faults(event).map((e) => `${e.type} ${e.name}`).sort(), ['invalid_data tags.has space', `invalid_data tags.k${'x'.repeat(200)}`, 'invalid_data tags.obj', 'value_too_long tags.long'].sort());
  });

  it('derives the tags Sentry shows from the event, overriding a user tag of the same key', () => {
    const event = normalize({
      level: 'warning', environment: 'production', release: 'signaling@1.4.2', dist: 'b7', transaction: '/rooms', server_name: 'vm', logger: 'console',
      tags: { environment: 'staging', room: 'lobby-3' },
      user: { id: 'agent-17', email: 'a@example.com' },
      request: { url: 'https://app.example.com/rooms/3?tab=chat#top', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' } },
      contexts: { runtime: { name: 'node', version: 'v20.20.2' }, device: { family: 'iPhone', model: 'iPhone15,2' } },
      exception: [{ type: 'E', value: 'v', mechanism: { type: 'auto.browser.global_handlers.onerror', handled: false } }],
    });
    assert.deepEqual(Object.fromEntries(event.tags), {
      room: 'lobby-3', level: 'warning', environment: 'production', release: 'signaling@1.4.2', dist: 'b7', transaction: '/rooms', server_name: 'vm', logger: 'console',
      mechanism: 'auto.browser.global_handlers.onerror', handled: 'no', user: 'id:agent-17', url: 'https://app.example.com/rooms/3',
      browser: 'Chrome 131.0.0', 'browser.name': 'Chrome', os: 'Windows 10', 'os.name': 'Windows', device: 'iPhone15,2', runtime: 'node v20.20.2', 'runtime.name': 'node',
    });
    assert.equal(event.tags.filter(([k]) => k === 'environment').length, 1);
  });

  it('derives user from the first of id, email, username, ip', () => {
    assert.equal(tag(normalize({ user: { email: 'a@b.c', username: 'u' } }), 'user'), 'email:a@b.c');
    assert.equal(tag(normalize({ user: { username: 'u' } }), 'user'), 'username:u');
    assert.equal(tag(normalize({ user: { ip_address: '203.0.113.9' } }), 'user'), 'ip:203.0.113.9');
  });
});

describe('user and client IP', () => {
  it("fills '{{auto}}' and infer_ip: 'auto' with the client IP", () => {
    assert.equal(normalize({ user: { ip_address: '{{auto}}' } }, { clientIp: '198.51.100.7' }).user?.ip_address, '198.51.100.7');
    assert.equal(normalize({ user: { id: 'a' }, sdk: { settings: { infer_ip: 'auto' } } }, { clientIp: '198.51.100.7' }).user?.ip_address, '198.51.100.7');
    assert.deepEqual(normalize({ sdk: { settings: { infer_ip: 'auto' } } }, { clientIp: '198.51.100.7' }).user, { ip_address: '198.51.100.7' });
  });

  it('does not infer the IP unless asked, and never stores the placeholder', () => {
    assert.equal(normalize({ user: { id: 'a' }, sdk: { settings: { infer_ip: 'never' } } }, { clientIp: '198.51.100.7' }).user?.ip_address, undefined);
    assert.equal(normalize({ user: { id: 'a' } }, { clientIp: '198.51.100.7' }).user?.ip_address, undefined);
    assert.deepEqual(normalize({ user: { id: 'a', ip_address: '{{auto}}' } }).user, { id: 'a' });
    assert.equal(normalize({ user: { ip_address: '203.0.113.9' }, sdk: { settings: { infer_ip: 'auto' } } }, { clientIp: '198.51.100.7' }).user?.ip_address, '203.0.113.9');
  });

  it('drops a user that is not an object and records it', () => {
    const event = normalize({ user: 'bob' });
    assert.equal(event.user, undefined);
    assert.deepEqual(errorNamed(event, 'user'), { type: 'invalid_data', name: 'user', value: 'bob' });
  });
});

describe('request and contexts', () => {
  const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

  it('normalizes headers from pairs to a string map', () => {
    const event = normalize({ request: { method: 'post', headers: [['User-Agent', chrome], ['Accept', 'a'], ['Accept', 'b']] } });
    assert.deepEqual(event.request, { method: 'POST', headers: { 'User-Agent': chrome, Accept: 'a, b' } });
  });

  it('derives browser, os and device contexts from the User-Agent header, in any case', () => {
    const event = normalize({ request: { headers: { 'USER-AGENT': chrome } } });
    assert.deepEqual(event.contexts.browser, { name: 'Chrome', version: '131.0.0', type: 'browser' });
    assert.deepEqual(event.contexts.os, { name: 'Mac OS X', version: '10.15.7', type: 'os' });
    assert.deepEqual(event.contexts.device, { family: 'Mac', model: 'Mac', brand: 'Apple', type: 'device' });
  });

  it('keeps contexts the SDK sent instead of guessing', () => {
    const event = normalize({ contexts: { os: { name: 'Debian', version: '12.11' } }, request: { headers: { 'User-Agent': chrome } } });
    assert.deepEqual(event.contexts.os, { name: 'Debian', version: '12.11', type: 'os' });
    assert.equal(event.contexts.browser?.name, 'Chrome');
  });

  it('drops a context that is not an object', () => {
    const event = normalize({ contexts: { trace: 'abc', runtime: { name: 'node' } } });
    assert.equal(event.contexts.trace, undefined);
    assert.deepEqual(event.contexts.runtime, { name: 'node', type: 'runtime' });
    assert.equal(errorNamed(event, 'contexts.trace')?.value, 'abc');
  });
});

describe('limits', () => {
  it('cuts a 10,000-deep extra at depth 64 and records where', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const event = normalize({ extra: { chain: deep } });
    assert.ok(depth(event.extra) <= 65, `depth ${depth(event.extra)}`);
    assert.ok(JSON.stringify(event).includes('[depth limit]'));
    const cut = event.errors.find((e) => e.value === '[depth limit]');
    assert.ok(cut?.name?.startsWith('extra.chain.next.next'));
    assert.equal(faults(event).length, 1);
  });

  it('allows exactly 64 levels below extra', () => {
    let ok: unknown = 1;
    for (let i = 0; i < 64; i++) ok = [ok];
    assert.deepEqual(faults(normalize({ extra: { a: ok } })), []);
    assert.notDeepEqual(faults(normalize({ extra: { a: [ok] } })), []);
  });

  it('applies the depth guard to contexts, request.data, breadcrumb data and unknown fields', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    const event = normalize({ contexts: { x: { d: deep } }, request: { data: deep }, breadcrumbs: [{ data: { d: deep } }], custom_field: deep });
    assert.ok(depth(event) < 80);
    assert.deepEqual(faults(event).map((e) => e.name?.split('.')[0]).sort(), ['breadcrumbs', 'contexts', 'custom_field', 'request']);
  });

  it('truncates strings past 16 KiB with "…" and records the original length', () => {
    const long = 'x'.repeat(20_000);
    const event = normalize({ message: long, extra: { blob: long }, exception: [{ type: 'E', value: long }] });
    assert.equal(event.logentry?.formatted?.length, 16 * 1024);
    assert.ok(event.logentry?.formatted?.endsWith('…'));
    assert.equal((event.extra?.blob as string).length, 16 * 1024);
    assert.equal(event.exception?.values[0].value?.length, 16 * 1024);
    assert.deepEqual(errorNamed(event, 'message'), { type: 'value_too_long', name: 'message', original_length: 20_000 });
  });

  it('keeps unknown top-level fields (as Sentry does)', () => {
    const event = normalize({ spans: [{ op: 'db' }], measurements: { lcp: { value: 1 } } });
    assert.deepEqual(event.spans, [{ op: 'db' }]);
    assert.deepEqual(event.measurements, { lcp: { value: 1 } });
  });

  it('treats a __proto__ key as data, never as a prototype', () => {
    const event = normalize(JSON.parse('{"extra":{"__proto__":{"polluted":true}},"contexts":{"__proto__":{"a":1}}}'));
    assert.equal(Object.getPrototypeOf(event.extra), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(event.extra, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('garbage in, valid event out', () => {
  const junk: Array<[string, unknown]> = [
    ['null', null],
    ['a number', 42],
    ['a string', 'str'],
    ['an array', []],
    ['true', true],
    ['nested junk', { exception: 5, breadcrumbs: 'x', tags: 7, user: [1], request: 'r', contexts: [], extra: 'e', sdk: 1, threads: {}, level: {}, timestamp: [], fingerprint: 'fp', logentry: 3, modules: 'm', debug_meta: [] }],
    ['wrong types inside', { exception: { values: [null, 1, { stacktrace: { frames: [null, { lineno: 'x', in_app: 'yes' }] } }] }, breadcrumbs: [1, null] }],
  ];
  for (const [name, raw] of junk) {
    it(`survives ${name}, recording the faults`, () => {
      const event = normalize(raw, { envelopeEventId: '620f30da083a4fa3b7522da9465a28e4' });
      assert.equal(event.event_id, '620f30da083a4fa3b7522da9465a28e4');
      assert.equal(event.timestamp, RECEIVED_AT);
      assert.equal(event.level, 'error');
      assert.ok(Array.isArray(event.tags) && typeof event.contexts === 'object');
      assert.ok(event.errors.length > 0);
      assert.ok(!event.errors.some((e) => e.type === 'internal_error'));
      JSON.stringify(event);
    });
  }

  it('records a non-object payload at the root, with the original value', () => {
    assert.deepEqual(normalize(42).errors[0], { type: 'invalid_data', value: 42 });
  });
});
