import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { normalizeEvent, parseScrubOptions, scrubEvent, scrubJson, scrubReplayRecording, scrubString, scrubSymbolicatedFrames } from '../src/index.ts';

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

/** One of every secret kind issue 8 found passing through; test values, not real credentials. */
const SECRETS = {
  email: 'bob.tables@corp.example.com',
  freeToken: 'tok4Xq9ZpL2m',
  basic: 'YWRhOmh1bnRlcjJodW50ZXIy',
  dottedCard: '4111.1111.1111.1111',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlX29mX2p3dA',
  oauthCode: 'SplxlOBeZQQYbYS6WxSbIA',
  stripe: 'sk_live_51HqLyjWDarjtT1zdp7dcQxYz',
  github: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE9K',
};

describe('scrubString: the secret kinds that used to pass', () => {
  const cases: Array<[string, string, string]> = [
    ['email in a message', `mail to ${SECRETS.email} bounced`, 'mail to [email] bounced'],
    ['email in a URL, percent-encoded', `/users/bob.tables%40corp.example.com/edit`, '/users/[email]/edit'],
    ['free-text token=', `login failed token=${SECRETS.freeToken} user=7`, `login failed token=${F} user=7`],
    ['Authorization: Basic', `Authorization: Basic ${SECRETS.basic}`, `Authorization: Basic ${F}`],
    ['dotted card number', `paid with ${SECRETS.dottedCard}`, `paid with ${F}`],
    ['jwt= and code= query params', `/cb?jwt=${SECRETS.jwt}&code=${SECRETS.oauthCode}&page=2`, `/cb?jwt=${F}&code=${F}&page=2`],
    ['a bare JWT', `auth with ${SECRETS.jwt} failed`, `auth with ${F} failed`],
    ['Stripe secret key', `stripe rejected ${SECRETS.stripe}`, `stripe rejected ${F}`],
    ['GitHub token', `clone with ${SECRETS.github} failed`, `clone with ${F} failed`],
    ['AWS key id and secret', `creds AKIAIOSFODNN7EXAMPLE ${SECRETS.awsSecret}`, `creds ${F} ${F}`],
    ['AWS secret in an env dump', `aws_secret_access_key=${SECRETS.awsSecret}`, `aws_secret_access_key=${F}`],
  ];
  for (const [what, input, expected] of cases) it(what, () => assert.equal(scrubString(input), expected));

  it('remembers only clean verdicts of the full rule set: a string cleared without the email rule is still masked with it', () => {
    const text = 'contact bob.smith@example.com about order 1234';
    assert.equal(scrubString(text, { emails: false }), text);
    assert.equal(scrubString(text), 'contact [email] about order 1234');
    const path = 'at handler (/srv/app/src/routes/orders-1234.js:10:5)';
    assert.equal(scrubString(path), path);
    assert.equal(scrubString(path), path, 'a remembered clean string comes back as it was');
    const secret = 'GET /callback?token=abcdef123456';
    assert.equal(scrubString(secret), 'GET /callback?token=[Filtered]');
    assert.equal(scrubString(secret), 'GET /callback?token=[Filtered]', 'a secret is filtered every time');
  });

  it('leaves prose about tokens alone (it used to become "session token [Filtered] for /admin")', () => {
    for (const s of ['session token rejected for /admin', 'Bearer token missing', 'token: expired', 'exit code=1', 'password: required']) assert.equal(scrubString(s), s);
  });
});

describe('scrubEvent', () => {
  it('scrubs transaction, culprit, location and every other field the SDK sent, keeping the user identity', () => {
    const e = normalizeEvent(
      {
        message: `reset for ${SECRETS.email}`,
        transaction: `/reset?token=${SECRETS.freeToken}`,
        culprit: `GET /cb?code=${SECRETS.oauthCode}`,
        location: `/login?jwt=${SECRETS.jwt}`,
        fingerprint: ['{{ default }}', `key ${SECRETS.stripe}`],
        user: { id: '1', email: 'ada@example.com', username: 'ada' },
        tags: { url: `https://x.test/?code=${SECRETS.oauthCode}` },
      },
      { receivedAt: 1 },
    );
    scrubEvent(e);
    const text = JSON.stringify(e);
    for (const secret of [SECRETS.email, SECRETS.freeToken, SECRETS.oauthCode, SECRETS.jwt, SECRETS.stripe]) assert.ok(!text.includes(secret), `${secret} left in ${text}`);
    assert.equal(e.transaction, `/reset?token=${F}`);
    assert.deepEqual(e.user, { id: '1', email: 'ada@example.com', username: 'ada' }, 'the identity the SDK set on purpose stays');
  });

  it('honours the project options: dataScrubber off, defaults off, sensitive and safe fields', () => {
    const make = () => normalizeEvent({ message: `key ${SECRETS.stripe}`, extra: { password: 'hunter2', roomPin: '1234', api_key: 'k' } }, { receivedAt: 1 });
    const off = make();
    scrubEvent(off, { dataScrubber: false });
    assert.equal(off.extra?.password, 'hunter2');
    assert.match(off.logentry?.formatted ?? '', /sk_live_/);
    const noDefaults = make();
    scrubEvent(noDefaults, { dataScrubberDefaults: false, sensitiveFields: ['pin'] });
    assert.deepEqual(noDefaults.extra, { password: 'hunter2', roomPin: F, api_key: 'k' });
    const safe = make();
    scrubEvent(safe, { safeFields: ['API_KEY'] });
    assert.deepEqual(safe.extra, { password: F, roomPin: '1234', api_key: 'k' });
    assert.throws(() => parseScrubOptions({ sensitiveFields: 'pin' }), /sensitiveFields must be a list/);
    assert.throws(() => parseScrubOptions({ dataScrubber: 'no' }), /dataScrubber must be true or false/);
  });

  it('scrubs the context lines of frames symbolication resolved, not before', () => {
    const e = normalizeEvent({ exception: { values: [{ type: 'Error', value: 'x', stacktrace: { frames: [{ filename: 'a.js', lineno: 1, function: 'f' }] } }] } }, { receivedAt: 1 });
    scrubEvent(e);
    const frame = e.exception!.values[0]!.stacktrace!.frames[0]!;
    // What the symbolicator writes: original source around the line.
    Object.assign(frame, { symbolicated: true, context_line: `const key = "${SECRETS.stripe}";`, pre_context: [`// ${SECRETS.email}`], post_context: [`fetch(url, { headers: { Authorization: "Bearer ${SECRETS.freeToken}" } })`] });
    assert.ok(scrubSymbolicatedFrames(e) >= 3);
    assert.equal(frame.context_line, `const key = "${F}";`);
    assert.deepEqual(frame.pre_context, ['// [email]']);
    assert.doesNotMatch(JSON.stringify(frame.post_context), new RegExp(SECRETS.freeToken));
  });

  it('clips raw-item strings to 16 KiB before scrubbing them', () => {
    const { value, replaced } = scrubJson({ body: `${'a '.repeat(20_000)} token=${SECRETS.freeToken}` });
    assert.equal(replaced, 1);
    assert.ok((value as { body: string }).body.length <= 16 * 1024);
  });
});

describe('scrubReplayRecording', () => {
  const rrweb = [
    { type: 5, timestamp: 1, data: { tag: 'breadcrumb', payload: { category: 'console', message: `user ${SECRETS.email} token=${SECRETS.freeToken}` } } },
    { type: 5, timestamp: 2, data: { tag: 'performanceSpan', payload: { op: 'resource.fetch', description: `https://api.test/v1?code=${SECRETS.oauthCode}`, data: { request: { headers: { authorization: `Bearer ${SECRETS.jwt}` } } } } } },
    { type: 3, timestamp: 3, data: { source: 0, texts: [{ id: 1, value: `card ${SECRETS.dottedCard}` }] } },
  ];
  const header = Buffer.from('{"segment_id":0}\n');
  for (const [name, encode, decode] of [
    ['zlib', (b: Buffer) => deflateSync(b), (b: Buffer) => inflateSync(b)],
    ['plain JSON', (b: Buffer) => b, (b: Buffer) => b],
    ['gzip', (b: Buffer) => gzipSync(b), (b: Buffer) => gunzipSync(b)],
  ] as const) {
    it(`decodes a ${name} recording, scrubs its Sentry events (type 5), keeps the DOM events as received, and encodes it back the same way`, () => {
      const payload = Buffer.concat([header, encode(Buffer.from(JSON.stringify(rrweb)))]);
      const r = scrubReplayRecording(payload);
      assert.ok(r.ok);
      const out = Buffer.from(r.payload);
      assert.ok(out.subarray(0, header.length).equals(header), 'the header line is kept');
      const body = decode(out.subarray(header.length));
      const text = body.toString();
      for (const secret of [SECRETS.email, SECRETS.freeToken, SECRETS.oauthCode, SECRETS.jwt]) assert.ok(!text.includes(secret), `${secret} left`);
      const events = JSON.parse(text) as typeof rrweb;
      assert.equal(events.length, 3);
      // Relay's rule: the DOM (snapshots, mutations) carries the masking the SDK applied and is not rewritten.
      assert.deepEqual(events[2], rrweb[2], 'the DOM mutation is kept as received');
      assert.deepEqual(r.recording, { headers: { segment_id: 0 }, events, jsonBytes: body.byteLength, compressed: name !== 'plain JSON' }, 'the decoded segment, as stored, for the processor');
    });
  }
  it('keeps a recording with nothing to scrub byte for byte (no re-encoding), DOM secrets and all', () => {
    const dom = [{ type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [{ type: 3, id: 2, textContent: `mail ${SECRETS.email}` }] } } }, rrweb[2]];
    const payload = Buffer.concat([header, deflateSync(Buffer.from(JSON.stringify(dom)))]);
    const r = scrubReplayRecording(payload);
    assert.ok(r.ok);
    assert.equal(r.replaced, 0);
    assert.equal(r.payload, payload, 'the very payload as received');
  });
  it('refuses a recording it cannot decode instead of keeping it unscrubbed', () => {
    assert.deepEqual(scrubReplayRecording(Buffer.from('no header')).ok, false);
    const broken = scrubReplayRecording(Buffer.concat([header, Buffer.from([0x78, 0x9c, 1, 2, 3, 4])]));
    assert.equal(broken.ok, false);
    assert.equal(!broken.ok && broken.reason, 'invalid');
    const bomb = scrubReplayRecording(Buffer.concat([header, deflateSync(Buffer.alloc(4096, 0x20))]), {}, 1024);
    assert.equal(!bomb.ok && bomb.reason, 'too_large');
  });
});

describe('scrubEvent (as before)', () => {
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
    scrubEvent(e, { scrubIPAddresses: true, sensitiveFields: ['pin'] });
    assert.equal(e.user?.ip_address, undefined);
    assert.equal(e.extra?.roomPin, F);
  });

  it('removes the user address from span attributes (v2 containers) when the project asks, keeps it otherwise', () => {
    const container = () => ({ items: [{ span_id: 'a', attributes: { 'user.ip_address': { value: '203.0.113.9', type: 'string' }, 'client.address': { value: '203.0.113.9', type: 'string' }, 'user.id': { value: 'u-1', type: 'string' } } }] });
    const scrubbed = JSON.stringify(scrubJson(container(), { scrubIPAddresses: true }).value);
    assert.doesNotMatch(scrubbed, /203\.0\.113\.9/);
    assert.match(scrubbed, /u-1/);
    assert.match(JSON.stringify(scrubJson(container()).value), /203\.0\.113\.9/);
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
