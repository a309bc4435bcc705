import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLinkHeader, withQuery } from '../src/lib/api-client.ts';
import { safeNext } from '../src/lib/safe-next.ts';

describe('api client helpers', () => {
  it('reads Sentry Link headers, ignoring pages without results', () => {
    const h =
      '<http://x/api/0/issues/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <http://x/api/0/issues/?cursor=0:25:0>; rel="next"; results="true"; cursor="0:25:0"';
    assert.deepEqual(parseLinkHeader(h), { previous: null, next: '0:25:0' });
    assert.deepEqual(parseLinkHeader(null), { previous: null, next: null });
  });
  it('builds query strings, repeating arrays and keeping an explicit empty query', () => {
    assert.equal(withQuery('/issues/', { query: '', project: ['1', '2'], cursor: undefined, limit: 25 }), '/issues/?query=&project=1&project=2&limit=25');
    assert.equal(withQuery('/issues/', {}), '/issues/');
  });
  it('only redirects to same-site paths after sign-in', () => {
    assert.equal(safeNext('/issues/?query=is%3Aresolved'), '/issues/?query=is%3Aresolved');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login/?next=/x']) assert.equal(safeNext(bad), '/issues/');
  });
});
