import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { normalizeEvent, scrubEvent, scrubJson, scrubString } from '../src/index.ts';

const F = '[Filtered]';

describe('scrubString', () => {
  it('filters Luhn-valid card numbers with or without separators, keeps other digit runs', () => {
    assert.equal(scrubString('card 4111 1111 1111 1111 charged'), `card ${F} charged`);
    assert.equal(scrubString('4242-4242-4242-4242'), F);
    assert.equal(scrubString('5555555555554444'), F);
    assert.equal(scrubString('order 1234567812345678'), 'order 1234567812345678', 'fails Luhn: not a card');
    assert.equal(scrubString('room 12345'), 'room 12345');
  });
  it('filters PEM private keys, bearer tokens, URL passwords and sensitive query parameters', () => {
    assert.equal(scrubString('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'), F);
    assert.equal(scrubString('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc'), `Authorization: Bearer ${F}`);
    assert.equal(scrubString('postgres://app:hunter2@db:5432/x'), `postgres://app:${F}@db:5432/x`);
    assert.equal(scrubString('/login?user=ada&password=hunter2&next=/'), `/login?user=ada&password=${F}&next=/`);
    assert.equal(scrubString('token=abc123&page=2'), `token=${F}&page=2`);
    assert.equal(scrubString("login({password:'hunter2', user})"), `login({password:'${F}', user})`);
    assert.equal(scrubString('"api_key": "sk_live_123"'), `"api_key": "${F}"`);
    const plain = 'nothing to see here';
    assert.equal(scrubString(plain), plain);
  });
});

describe('scrubEvent', () => {
  it('filters sensitive keys everywhere and secrets inside text, keeping the rest', () => {
    const e = normalizeEvent(
      {
        message: 'payment failed for 4111111111111111',
        extra: { password: 'hunter2', nested: { api_key: 'k', ok: 'fine' }, list: [{ secret: 's' }] },
        request: { url: 'https://x/y', headers: { Authorization: 'Bearer abcdefghijk', Cookie: 'sid=1', 'User-Agent': 'curl/8' }, query_string: 'token=abc&q=1', data: { card_number: '4111111111111111', name: 'Ada' } },
        breadcrumbs: [{ message: 'login', data: { password: 'p' } }],
        user: { id: '1', email: 'ada@example.com', ip_address: '10.1.2.3', session_token: 't' },
        tags: { auth_token: 'abc', room: 'lobby' },
        exception: { values: [{ type: 'Error', value: 'bad', stacktrace: { frames: [{ function: 'f', vars: { passwd: 'x', n: 1 } }] } }] },
      },
      { receivedAt: Date.now() / 1000 },
    );
    const n = scrubEvent(e);
    assert.ok(n >= 10, `replaced ${n}`);
    assert.equal(e.extra?.password, F);
    assert.deepEqual(e.extra?.nested, { api_key: F, ok: 'fine' });
    assert.deepEqual(e.extra?.list, [{ secret: F }]);
    assert.equal(e.request?.headers?.Authorization, F);
    assert.equal(e.request?.headers?.Cookie, F);
    assert.equal(e.request?.headers?.['User-Agent'], 'curl/8');
    assert.equal(e.request?.query_string, `token=${F}&q=1`);
    assert.deepEqual(e.request?.data, { card_number: F, name: 'Ada' });
    assert.equal(e.breadcrumbs?.values[0]?.data?.password, F);
    assert.equal(e.user?.session_token, F);
    assert.equal(e.user?.email, 'ada@example.com', 'user identity is kept (Sentry keeps it unless asked)');
    assert.equal(e.user?.ip_address, '10.1.2.3');
    assert.deepEqual(e.tags.find(([k]) => k === 'auth_token'), ['auth_token', F]);
    assert.deepEqual(e.tags.find(([k]) => k === 'room'), ['room', 'lobby']);
    assert.equal(e.exception?.values[0]?.stacktrace?.frames[0]?.vars?.passwd, F);
    assert.match(e.logentry?.formatted ?? '', /payment failed for \[Filtered\]/);
  });

  it('removes IP addresses when the project asks, and honours extra sensitive fields', () => {
    const e = normalizeEvent({ message: 'x', user: { id: '7', ip_address: '10.0.0.9' }, extra: { roomPin: '1234' } }, { receivedAt: 1 });
    scrubEvent(e, { scrubIpAddresses: true, sensitiveFields: ['pin'] });
    assert.equal(e.user?.ip_address, undefined);
    assert.equal(e.extra?.roomPin, F);
  });

  it('scrubs the captured node fixture that carries a password and a card number in extra', () => {
    const lines = readFileSync(new URL('../../../fixtures/sdk-11.12.0/node/05-event.envelope', import.meta.url), 'utf8').split('\n');
    const e = normalizeEvent(JSON.parse(lines[2]!), { receivedAt: Date.now() / 1000 });
    const before = JSON.stringify(e);
    assert.match(before, /4111|4242|5555|password/i, 'the fixture really holds secrets');
    scrubEvent(e);
    const after = JSON.stringify(e.extra);
    assert.doesNotMatch(after, /\b(?:\d[ -]?){12,18}\d\b/, 'no card number left');
    assert.match(after, /\[Filtered\]/);
  });

  it('never throws and never grows secrets back (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const e = normalizeEvent({ message: 'm', extra: { data: v }, request: { data: v } }, { receivedAt: 1 });
        scrubEvent(e);
        const { value } = scrubJson(structuredClone(v));
        const text = JSON.stringify(value);
        return !/"(password|secret|api_key)":"(?!\[Filtered\])[^"]+"/.test(text);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = scrubString(s);
        return scrubString(once) === once; // idempotent
      }),
      { numRuns: 2000 },
    );
  });
});
