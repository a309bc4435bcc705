/**
 * Token scopes (issue 8, finding 3): every authenticated route in the routes table names a Sentry scope, and the
 * dispatcher enforces it. A `project:read` token reads but cannot create keys, resolve issues, make alert rules or
 * mint tokens; no token can mint or revoke tokens (only a signed-in session can); admins manage the CLI's instance
 * tokens from Settings. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToken } from '@faultline/store';
import { ROUTES } from '../../packages/server/src/routes.ts';
import { requiredScopes } from '../../packages/server/src/auth/scopes.ts';
import { errorEvent, sendEvent } from '../helpers/send-event.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

/** Routes anyone may call: ingest (DSN key), probes, the API index, sign-in, the web UI's files. */
const PUBLIC = [
  'POST /api/:projectId/envelope',
  'OPTIONS /api/:projectId/envelope',
  'POST /api/:projectId/store',
  'OPTIONS /api/:projectId/store',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/0',
  'GET /api/0/auth',
  'POST /api/0/auth/login',
  'POST /api/0/auth/setup',
  'GET /*',
];
/** Routes a signed-in browser session only may call: the session itself and token management. */
const SESSION_ONLY = ['DELETE /api/0/auth', 'GET /api/0/api-tokens', 'POST /api/0/api-tokens', 'DELETE /api/0/api-tokens', 'DELETE /api/0/api-tokens/:tokenId'];

describe('routes table: every authenticated route declares a scope', () => {
  it('names a scope on every route except the public and session-only ones', () => {
    const name = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    assert.deepEqual(ROUTES.filter((r) => r.auth === 'none').map(name).sort(), [...PUBLIC].sort());
    assert.deepEqual(ROUTES.filter((r) => r.auth === 'session').map(name).sort(), [...SESSION_ONLY].sort());
    for (const r of ROUTES) {
      if (r.auth === 'none' || r.auth === 'session') {
        assert.equal(r.scope, 'none', name(r));
        continue;
      }
      const any = requiredScopes(r.scope);
      assert.ok(any.length > 0, `${name(r)} declares no scope`);
      // A write never lets a read-only scope in.
      if (r.method !== 'GET') assert.ok(!any.some((s) => s.endsWith(':read')), `${name(r)} accepts a read scope: ${any.join(', ')}`);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`token scopes enforced per route (${dialect})`, () => {
    let t: TestServer;
    let readOnly: string;
    let issueId: string;
    const as = (token: string) => (path: string, init: RequestInit = {}) =>
      fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } }).then(async (r) => ({
        status: r.status,
        body: (await r.json().catch(() => null)) as { detail?: string } | null,
      }));
    const project = () => `/api/0/projects/faultline/${t.projectSlug}`;
    const rule = { conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: 'https://hooks.example.com/x' }] };

    before(async () => {
      t = await startTestServer(dialect);
      readOnly = (await createToken(t.server.app.db, { userId: null, name: 'read only', scopes: ['project:read'] })).token;
      await sendEvent(t, errorEvent('Error', 'scoped', 'scopedHandler'));
      await waitForDigest(t);
      issueId = await waitFor(async () => (await t.api<Array<{ id: string }>>(`${project()}/issues/?query=`)).body[0]?.id, 'the issue');
    });
    after(() => t.close());

    it('a project:read token reads the project, its keys and rules', async () => {
      const call = as(readOnly);
      for (const path of [`${project()}/`, `${project()}/keys/`, `${project()}/rules/`, '/api/0/organizations/faultline/projects/']) {
        assert.equal((await call(path)).status, 200, path);
      }
    });

    it('a project:read token is refused key create, issue resolve, rule create and token mint, with the scope named', async () => {
      const call = as(readOnly);
      const cases: Array<[string, string, unknown, RegExp]> = [
        ['POST', `${project()}/keys/`, { name: 'sneaky' }, /project:write/],
        ['PUT', `/api/0/issues/${issueId}/`, { status: 'resolved' }, /event:write/],
        ['POST', `${project()}/rules/`, rule, /project:write or alerts:write/],
        ['POST', '/api/0/api-tokens/', { name: 'escalate', scopes: ['org:admin'] }, /signed-in session/],
        ['GET', `/api/0/issues/${issueId}/`, undefined, /event:read/],
      ];
      for (const [method, path, body, detail] of cases) {
        const res = await call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.match(res.body?.detail ?? '', detail, `${method} ${path}`);
      }
      // Nothing happened: still one key, the issue unresolved, no rule.
      assert.equal((await t.api<unknown[]>(`${project()}/keys/`)).body.length, 1);
      assert.equal((await t.api<{ status: string }>(`/api/0/issues/${issueId}/`)).body.status, 'unresolved');
      assert.equal((await t.api<unknown[]>(`${project()}/rules/`)).body.length, 0);
    });

    it('a release-only token (what sentry-cli carries) uploads but cannot read issues', async () => {
      const ci = as((await createToken(t.server.app.db, { userId: null, name: 'ci', scopes: ['org:read', 'project:releases'] })).token);
      assert.equal((await ci('/api/0/organizations/faultline/chunk-upload/')).status, 200);
      assert.equal((await ci('/api/0/organizations/faultline/releases/', { method: 'POST', body: JSON.stringify({ version: 'ci@1', projects: [t.projectSlug] }) })).status, 201);
      assert.equal((await ci(`${project()}/issues/`)).status, 403);
    });

    it('a full-scope token cannot mint, list or revoke tokens; a session can, and admins see the CLI tokens', async () => {
      const full = as(t.token);
      for (const [method, path] of [['POST', '/api/0/api-tokens/'], ['GET', '/api/0/api-tokens/'], ['DELETE', '/api/0/api-tokens/1/']] as const) {
        const res = await full(path, { method, body: method === 'POST' ? JSON.stringify({ name: 'x' }) : undefined });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.match(res.body?.detail ?? '', /signed-in session, not with an API token/);
      }
      const setup = await fetch(`${t.url}/api/0/auth/setup/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'root@example.com', password: 'root password 1' }) });
      assert.equal(setup.status, 200);
      const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await setup.json()) as { csrfToken: string };
      const session = (path: string, init: RequestInit = {}) =>
        fetch(`${t.url}${path}`, { ...init, headers: { cookie, 'x-csrftoken': csrfToken, 'content-type': 'application/json' } });
      const listed = (await (await session('/api/0/api-tokens/')).json()) as Array<{ id: string; name: string; instance: boolean }>;
      assert.ok(listed.some((x) => x.name === 'read only' && x.instance), 'the CLI-made (ownerless) tokens show for an admin');
      const made = await session('/api/0/api-tokens/', { method: 'POST', body: JSON.stringify({ name: 'mine', scopes: ['event:read'] }) });
      assert.equal(made.status, 201);
      const mine = (await made.json()) as { token: string; scopes: string[]; expiresAt: unknown; tokenLastCharacters: string };
      assert.deepEqual(mine.scopes, ['event:read']);
      // Sentry's ApiToken fields: no expiry, the last characters that identify it in lists.
      assert.equal(mine.expiresAt, null);
      assert.equal(mine.tokenLastCharacters, mine.token.slice(-mine.tokenLastCharacters.length));
      assert.ok(mine.tokenLastCharacters.length >= 4);
      assert.equal((await as(mine.token)(`/api/0/issues/${issueId}/`)).status, 200);
      assert.equal((await as(mine.token)(`${project()}/keys/`)).status, 403, 'event:read does not read keys');
      const unknown = await session('/api/0/api-tokens/', { method: 'POST', body: JSON.stringify({ name: 'bad', scopes: ['project:everything'] }) });
      assert.equal(unknown.status, 400);
      // An admin revokes the read-only instance token from the session; it stops working at once.
      const ro = listed.find((x) => x.name === 'read only')!;
      assert.equal((await session(`/api/0/api-tokens/${ro.id}/`, { method: 'DELETE' })).status, 204);
      assert.equal((await as(readOnly)(`${project()}/`)).status, 401);
    });
  });
}
