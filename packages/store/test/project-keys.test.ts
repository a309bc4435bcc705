/** A project created with a given key pair (the same DSN on two stores) keeps it; a malformed pair is refused. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createProject, ensureDefaults, getKeyByPublicKey, type StoreHandle } from '../src/index.ts';
import { DIALECTS, openTestStore } from './dialects.ts';

for (const dialect of DIALECTS) {
  describe(`project keys: ${dialect}`, () => {
    let store: StoreHandle;
    before(async () => {
      store = await openTestStore(dialect);
    });
    after(async () => {
      await store.close();
    });

    it('creates the project with the key pair it is given, and draws one when none is', async () => {
      const { org, team } = await ensureDefaults(store.db);
      const pair = { publicKey: 'a'.repeat(32), secretKey: 'b'.repeat(32) };
      const { project, key } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'given', key: pair });
      assert.deepEqual([key.public_key, key.secret_key, key.project_id], [pair.publicKey, pair.secretKey, project.id]);
      assert.equal((await getKeyByPublicKey(store.db, pair.publicKey))?.project_id, project.id);
      const drawn = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'drawn' });
      assert.match(drawn.key.public_key, /^[0-9a-f]{32}$/);
      assert.notEqual(drawn.key.public_key, pair.publicKey);
    });

    it('refuses a pair that is not 32 lowercase hex digits each, and creates nothing', async () => {
      const { org, team } = await ensureDefaults(store.db);
      await assert.rejects(createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'bad', key: { publicKey: 'XYZ', secretKey: 'c'.repeat(32) } }), /32 lowercase hex digits/);
      assert.equal((await store.db.all('SELECT id FROM projects WHERE slug = ?', ['bad'])).length, 0);
    });
  });
}
