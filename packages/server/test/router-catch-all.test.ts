import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileRoutes, matchRoute, type Route } from '../src/http/router.ts';

const h: Route['handler'] = () => undefined;
const routes = compileRoutes([
  { method: 'GET', path: '/api/0/issues/:issueId', auth: 'user', scope: 'event:read', handler: h },
  { method: 'PUT', path: '/api/0/issues/:issueId', auth: 'user', scope: 'event:write', handler: h },
  { method: 'GET', path: '/*', auth: 'none', scope: 'none', handler: h },
]);

describe('router with the web UI catch-all last', () => {
  it('gives specific routes precedence and the rest of the path to the catch-all', () => {
    const m = matchRoute(routes, 'GET', '/api/0/issues/7/');
    assert.ok(m && 'route' in m);
    assert.deepEqual(m.params, { issueId: '7' });
    const ui = matchRoute(routes, 'GET', '/issues/7/events/latest/');
    assert.ok(ui && 'route' in ui);
    assert.equal(ui.route.path, '/*');
  });
  it('still answers 405 for a known path with another method, but an unknown path is not a 405', () => {
    assert.deepEqual(matchRoute(routes, 'DELETE', '/api/0/issues/7/'), { allowed: ['GET', 'PUT'] });
    assert.equal(matchRoute(routes, 'POST', '/api/0/nothing-here/'), null);
  });
  it('keeps a malformed %-escape raw instead of throwing (any path reaches the catch-all)', () => {
    const m = matchRoute(routes, 'GET', '/%E0%A4%A');
    assert.ok(m && 'route' in m);
    assert.equal(m.params.rest, '%E0%A4%A');
    const p = matchRoute(routes, 'GET', '/api/0/issues/%E0%A4%A');
    assert.ok(p && 'route' in p);
    assert.equal(p.params.issueId, '%E0%A4%A');
  });
});
