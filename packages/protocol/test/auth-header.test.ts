/** @module X-Sentry-Auth / Authorization: Sentry parsing, and auth from the query string. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSentryAuth, authFromQuery } from '../src/index.ts';
import { queryParam } from '../src/auth-header.ts';

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

/** The params a URL whose query is `q` has (URLSearchParams would strip a leading `?` of `q` itself; a URL does not). */
const searchParams = (q: string) => new URLSearchParams(`?${q}`);

describe('authFromQuery on the raw query string (ingest reads it so, without a URL)', () => {
  const KEY = '0123456789abcdef0123456789abcdef';
  it('reads every form the SDKs send the same as URLSearchParams', () => {
    const queries = [
      // @sentry/browser and @sentry/node (fetch and http transports), tunnel-less
      `sentry_version=7&sentry_key=${KEY}&sentry_client=sentry.javascript.browser%2F11.12.0`,
      `sentry_key=${KEY}&sentry_version=7`,
      // older JS SDKs and hand-built URLs: unescaped slash, key last, trailing &
      `sentry_version=7&sentry_client=raven-js/3.27.0&sentry_key=${KEY}&`,
      // an escaped key name, a + for a space, an escaped value
      `sentry%5Fkey=${KEY}&sentry_client=my+client%2F1.0`,
      `sentry_key=%30123456789abcdef0123456789abcdef`,
      // repeated keys: the first one counts; an empty first one is absent, as URLSearchParams.get has it
      `sentry_key=${KEY}&sentry_key=other`,
      `sentry_key=&sentry_key=${KEY}`,
      // no value, no '=', malformed escapes left as they are, '=' inside the value
      'sentry_key',
      'sentry_key=%zz&sentry_version=%',
      'sentry_key=a=b',
      '&&sentry_version=7&&',
      '',
      // look-alikes that are other keys
      `xsentry_key=${KEY}&sentry_keyx=1&sentry_key_=2`,
      `sentry_key%3D${KEY}`,
      // a query that starts with another '?' (target `/api/1/envelope/??sentry_key=…`): that key is `?sentry_key`
      `?sentry_key=${KEY}`,
      `?sentry_key=%41`,
    ];
    for (const q of queries) {
      assert.deepEqual(authFromQuery(q), authFromQuery(searchParams(q)), q);
    }
    assert.equal(authFromQuery(`sentry%5Fkey=${KEY}`).sentry_key, KEY);
    assert.equal(authFromQuery('sentry_client=my+client%2F1.0').sentry_client, 'my client/1.0');
  });

  it('agrees with URLSearchParams on random queries', () => {
    // Seeded, so a failure is reproducible: pieces that exercise splitting, escapes and look-alike names.
    const pieces = ['sentry_key', 'sentry_version', 'sentry', '_key', '=', '&', '%', '%5F', '%5f', '%3D', '%26', '%zz', '%E2%82%AC', '%C3', '+', 'a', '7', ' ', '€', '?', '#'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 5000; n++) {
      let q = '';
      const len = next() % 12;
      for (let i = 0; i < len; i++) q += pieces[next() % pieces.length];
      const want = searchParams(q);
      for (const name of ['sentry_key', 'sentry_version', 'a', '_key']) {
        assert.equal(queryParam(q, name), want.get(name), `${JSON.stringify(q)} ${name}`);
      }
    }
  });
});
