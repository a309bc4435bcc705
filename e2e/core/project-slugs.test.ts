/**
 * Project slugs (issue 8, point 9): URLs take a project's id where its slug goes, so an all-digit slug is refused
 * on create and on rename (400 with a detail) and can never shadow the project with that id. Rename is Sentry's
 * `PUT /api/0/projects/{org}/{project}/` with `{name, slug}`: the new slug answers, the old one is a 404, a taken
 * slug is a 409. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';

interface Project {
  id: string;
  slug: string;
  name: string;
}

for (const dialect of DIALECTS) {
  describe(`project slugs and rename (${dialect})`, () => {
    let t: TestServer;
    let other: Project;
    const create = (body: unknown) => t.api<Project & { detail?: string }>('/api/0/teams/faultline/default/projects/', { method: 'POST', body: JSON.stringify(body) });
    const put = (slug: string, body: unknown) => t.api<Project & { detail?: string }>(`/api/0/projects/faultline/${slug}/`, { method: 'PUT', body: JSON.stringify(body) });

    before(async () => {
      t = await startTestServer(dialect);
      const res = await create({ name: 'Other app', slug: 'other-app' });
      assert.equal(res.status, 201);
      other = res.body;
    });
    after(() => t?.close());

    it('refuses to create a project whose slug is all digits, e.g. another project’s id', async () => {
      for (const slug of [String(t.projectId), '12345']) {
        const res = await create({ name: 'Shadow', slug });
        assert.equal(res.status, 400, slug);
        assert.match(res.body.detail ?? '', /must contain a letter.*project id/, slug);
      }
      // A name that slugifies to digits only is refused the same way.
      assert.equal((await create({ name: String(t.projectId) })).status, 400);
      const byId = await t.api<Project>(`/api/0/projects/faultline/${t.projectId}/`);
      assert.equal(byId.status, 200);
      assert.equal(byId.body.slug, t.projectSlug);
      const listed = await t.api<Project[]>('/api/0/organizations/faultline/projects/');
      assert.deepEqual(listed.body.map((p) => p.slug).sort(), ['other-app', t.projectSlug].sort());
    });

    it('refuses to rename a project to an all-digit slug, and the id still names its own project', async () => {
      const res = await put(other.slug, { slug: String(t.projectId) });
      assert.equal(res.status, 400);
      assert.match(res.body.detail ?? '', /must contain a letter.*project id/);
      assert.equal((await t.api<Project>(`/api/0/projects/faultline/${t.projectId}/`)).body.slug, t.projectSlug);
      assert.equal((await t.api<Project>(`/api/0/projects/faultline/${other.id}/`)).body.slug, 'other-app');
      assert.equal((await put(other.slug, { slug: 'Not A Slug' })).status, 400);
      assert.equal((await put(other.slug, { name: '   ' })).status, 400);
    });

    it('renames with Sentry’s PUT {name, slug}: the new slug answers, the old one is a 404, a taken slug is a 409', async () => {
      const res = await put(other.slug, { name: 'Renamed app', slug: 'renamed-app' });
      assert.equal(res.status, 200);
      assert.equal(res.body.slug, 'renamed-app');
      assert.equal(res.body.name, 'Renamed app');
      assert.equal(res.body.id, other.id);
      const renamed = await t.api<Project>('/api/0/projects/faultline/renamed-app/');
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Renamed app');
      assert.equal((await t.api('/api/0/projects/faultline/other-app/')).status, 404);
      const taken = await put('renamed-app', { slug: t.projectSlug });
      assert.equal(taken.status, 409);
      assert.match(taken.body.detail ?? '', /already exists/);
      // A name-only rename keeps the slug.
      const named = await put('renamed-app', { name: 'Just a name' });
      assert.equal(named.status, 200);
      assert.equal(named.body.slug, 'renamed-app');
      assert.equal(named.body.name, 'Just a name');
    });
  });
}
