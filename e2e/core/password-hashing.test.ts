/**
 * Password hashing (issue 8, point 9): new hashes use scrypt at OWASP's cost (N=2^17, r=8, p=1) and carry their
 * parameters; a hash made at the old cost (N=2^14) still signs its user in, and that sign-in re-hashes the password
 * at today's cost, after which the same password still works and a wrong one still does not. On both dialects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { createUser, getUserByEmail } from '@faultline/store';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';

const TODAY = /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/;

/** The encoding Faultline used before: the same format at N=2^14, built here independently of the server's code. */
function oldCostHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

for (const dialect of DIALECTS) {
  describe(`password hashing (${dialect})`, () => {
    let t: TestServer;
    const login = async (email: string, password: string) =>
      (await fetch(`${t.url}/api/0/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status;

    before(async () => {
      t = await startTestServer(dialect);
    });
    after(() => t?.close());

    it('hashes a new member’s password at N=2^17 with its parameters in the hash', async () => {
      const res = await t.api('/api/0/organizations/faultline/members/', { method: 'POST', body: JSON.stringify({ email: 'new@example.com', password: 'correct horse 1', role: 'member', teams: ['default'] }) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const user = await getUserByEmail(t.server.app.db, 'new@example.com');
      assert.match(user!.password_hash, TODAY);
      assert.equal(await login('new@example.com', 'correct horse 1'), 200);
    });

    it('signs in a user whose hash has the old cost, and upgrades the hash on that sign-in', async () => {
      const db = t.server.app.db;
      const old = oldCostHash('legacy password 1');
      await createUser(db, { email: 'legacy@example.com', passwordHash: old, isAdmin: false });
      assert.equal(await login('legacy@example.com', 'wrong password 1'), 401);
      assert.equal((await getUserByEmail(db, 'legacy@example.com'))!.password_hash, old, 'a failed sign-in changes nothing');

      assert.equal(await login('legacy@example.com', 'legacy password 1'), 200);
      const upgraded = (await getUserByEmail(db, 'legacy@example.com'))!.password_hash;
      assert.match(upgraded, TODAY);

      assert.equal(await login('legacy@example.com', 'legacy password 1'), 200, 'the upgraded hash verifies');
      assert.equal((await getUserByEmail(db, 'legacy@example.com'))!.password_hash, upgraded, 'a current hash is not re-hashed again');
      assert.equal(await login('legacy@example.com', 'wrong password 1'), 401);
    });

    it('refuses a stored hash asking for an absurd cost instead of spending the memory', async () => {
      await createUser(t.server.app.db, { email: 'huge@example.com', passwordHash: `scrypt$${2 ** 30}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA`, isAdmin: false });
      assert.equal(await login('huge@example.com', 'whatever 12345'), 401);
      assert.equal(await login('nobody@example.com', 'whatever 12345'), 401);
    });
  });
}
