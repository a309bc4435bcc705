/** @module X-Sentry-Auth / Authorization: Sentry parsing, and auth from the query string. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSentryAuth, authFromQuery } from '../src/index.ts';

describe('parseSentryAuth', () => {
  it('parses the header other SDKs send', () => {
    assert.deepEqual(
      parseSentryAuth('Sentry sentry_version=7, sentry_client=sentry.python/2.0.0, sentry_key=abc, sentry_secret=s'),
      { sentry_version: '7', sentry_client: 'sentry.python/2.0.0', sentry_key: 'abc', sentry_secret: 's' },
    );
  });

  it('accepts the prefix in any case and trims every pair', () => {
    assert.deepEqual(parseSentryAuth('sENTRY   sentry_key = abc ,sentry_version=7.0 ,  '), {
      sentry_key: 'abc',
      sentry_version: '7.0',
    });
  });

  it('keeps = inside values and lets a later duplicate win', () => {
    assert.deepEqual(parseSentryAuth('Sentry a=b=c, sentry_key=1, sentry_key=2'), { a: 'b=c', sentry_key: '2' });
  });

  it('is null without the Sentry prefix', () => {
    assert.equal(parseSentryAuth('Bearer abc'), null);
    assert.equal(parseSentryAuth('sentry_key=abc'), null);
    assert.equal(parseSentryAuth('Sentrysentry_key=abc'), null);
    assert.equal(parseSentryAuth(''), null);
  });

  it('keeps a __proto__ key as data instead of touching the prototype', () => {
    const auth = parseSentryAuth('Sentry __proto__=x, sentry_key=k');
    assert.ok(auth);
    assert.equal(Object.getPrototypeOf(auth), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(auth, '__proto__')?.value, 'x');
  });
});

describe('authFromQuery', () => {
  it('reads what the JS transports put in the URL (captured from 11.12.0)', () => {
    const url = new URL(
      'http://127.0.0.1:9999/api/1/envelope/?sentry_version=7&sentry_key=0123456789abcdef0123456789abcdef&sentry_client=sentry.javascript.node%2F11.12.0',
    );
    assert.deepEqual(authFromQuery(url.searchParams), {
      sentry_version: '7',
      sentry_key: '0123456789abcdef0123456789abcdef',
      sentry_client: 'sentry.javascript.node/11.12.0',
    });
  });

  it('leaves out absent and empty values', () => {
    assert.deepEqual(authFromQuery(new URLSearchParams('sentry_key=&other=1')), {});
  });
});
