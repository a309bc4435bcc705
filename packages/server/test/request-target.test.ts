/**
 * The hand-split request target: wherever `splitTarget` answers, its path and query read exactly as `new URL`'s
 * would; wherever `new URL` would rewrite the target, it declines (null) and dispatch builds the URL as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authFromQuery } from '@faultline/protocol';
import { splitTarget } from '../src/http/request-target.ts';

const BASE = 'http://local';
const KEY = '0123456789abcdef0123456789abcdef';

function assertSameAsUrl(target: string): void {
  const split = splitTarget(target);
  if (!split) return;
  const url = new URL(target, BASE);
  assert.equal(split.pathname, url.pathname, `pathname of ${JSON.stringify(target)}`);
  assert.deepEqual([...new URLSearchParams(`?${split.query}`)], [...url.searchParams], `query of ${JSON.stringify(target)}`);
  assert.deepEqual(authFromQuery(split.query), authFromQuery(url.searchParams), `auth of ${JSON.stringify(target)}`);
}

describe('splitTarget', () => {
  it('splits the ingest URLs every SDK sends, without a URL', () => {
    const cases: Array<[string, string, string]> = [
      [`/api/1/envelope/?sentry_version=7&sentry_key=${KEY}&sentry_client=sentry.javascript.browser%2F11.12.0`, '/api/1/envelope/', `sentry_version=7&sentry_key=${KEY}&sentry_client=sentry.javascript.browser%2F11.12.0`],
      ['/api/1/envelope/', '/api/1/envelope/', ''],
      ['/api/42/envelope', '/api/42/envelope', ''],
      [`/api/1/store/?sentry_key=${KEY}&sentry_version=7`, '/api/1/store/', `sentry_key=${KEY}&sentry_version=7`],
      ['/api/1/envelope/?', '/api/1/envelope/', ''],
      [`/api/1/envelope/?sentry%5Fkey=${KEY}`, '/api/1/envelope/', `sentry%5Fkey=${KEY}`],
      ['/api/1/envelope/?sentry_client=a+b&x=%zz', '/api/1/envelope/', 'sentry_client=a+b&x=%zz'],
      [`/api/1/envelope/??sentry_key=%41`, '/api/1/envelope/', '?sentry_key=%41'],
    ];
    for (const [target, pathname, query] of cases) {
      assert.deepEqual(splitTarget(target), { pathname, query }, target);
      assertSameAsUrl(target);
    }
  });

  it('declines every target new URL would rewrite', () => {
    for (const target of [
      '//evil.example/api/1/envelope/', // a network path: new URL takes evil.example as the host
      '/api/1/../2/envelope/',
      '/api/1/./envelope/',
      '/api/1/envelope/..',
      '/api/%31/envelope/',
      '/api/1\\envelope/',
      '/api/1/envelope/ x',
      '/api/1/envélope/',
      '/api/1/envelope/#frag',
      '/api/1/envelope/?sentry_key=a#frag',
      "/api/1/envelope/?sentry_key='",
      '/api/1/envelope/?sentry_key=a b',
      '/api/1/envelope/?sentry_key=é',
      'api/1/envelope/',
      '*',
      '',
    ]) {
      assert.equal(splitTarget(target), null, target);
    }
  });

  it('agrees with new URL on random targets', () => {
    const pieces = ['/', '//', '.', '..', '/api', '/1', '/envelope', '?', '&', '=', 'sentry_key', KEY.slice(0, 4), '%', '%2F', '%2e', '%5F', '+', '#', '\\', ' ', "'", '"', '<', '@', ':', ';', '~', 'é', '\t', '|', '[', ']'];
    let seed = 9;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let split = 0;
    for (let n = 0; n < 20_000; n++) {
      let target = '/';
      const len = next() % 10;
      for (let i = 0; i < len; i++) target += pieces[next() % pieces.length];
      if (splitTarget(target)) split++;
      assertSameAsUrl(target);
    }
    assert.ok(split > 2000, `enough targets were split to mean something (${split})`);
  });
});
