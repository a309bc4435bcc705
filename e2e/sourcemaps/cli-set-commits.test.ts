/**
 * `sentry-cli releases set-commits` (the real 3.x and 2.x) stores the commits it sends: `--local` and `--auto`
 * (no repository integration: the CLI falls back to the local git history) send `commits`, only those since the
 * previous release's last commit (`previous-with-commits`); `--commit repo@sha`
 * style `refs` keep the head commit. Read back through `…/releases/{v}/commits/` and the release's
 * `commitCount`/`lastCommit`/`authors`, on both dialects; a bad commit list is a 400 that changes nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gitRepo } from '../helpers/git-repo.ts';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { sentryCli, type CliVersion } from './helpers/sentry-cli.ts';

interface Commit {
  id: string;
  message: string | null;
  dateCreated: string | null;
  author: { name: string | null; email: string | null } | null;
  repository: { name: string } | null;
}
interface ReleaseBody {
  commitCount: number;
  lastCommit: Commit | null;
  authors: Array<{ name: string | null; email: string | null }>;
  dateReleased: string | null;
}

for (const dialect of DIALECTS) {
  describe(`sentry-cli releases set-commits (${dialect})`, () => {
    let t: TestServer;
    let repo: ReturnType<typeof gitRepo>;
    before(async () => {
      t = await startTestServer(dialect);
      repo = gitRepo();
    });
    after(async () => t?.close());

    const base = (release: string) => `/api/0/organizations/faultline/releases/${encodeURIComponent(release)}`;

    {
      const [version, mode]: [CliVersion, string] = [3, '--local'];
      it(`sentry-cli ${version}.x set-commits ${mode} stores the local history`, async () => {
        const cli = { url: t.url, token: t.token, project: t.projectSlug, cwd: repo.dir };
        const release = `shop@${version}.0.0`;
        for (const args of [['releases', 'new', release], ['releases', 'set-commits', mode, release], ['releases', 'finalize', release]]) {
          const r = await sentryCli(version, args, cli);
          assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        }
        const commits = await t.api<Commit[]>(`${base(release)}/commits/`);
        assert.equal(commits.status, 200);
        assert.deepEqual(commits.body.map((c) => c.id), repo.shas);
        assert.deepEqual(commits.body[0], {
          id: repo.shas[0], message: 'Fix crash on empty cart\n', dateCreated: '2026-12-01T09:30:00.000Z', pullRequest: null, suspectCommitType: '',
          author: { name: 'Bob Byte', email: 'bob@example.com' },
          repository: { id: 'origin', name: 'origin', url: null, provider: null, status: 'active', dateCreated: null, integrationId: null, externalSlug: null, externalId: null },
        });
        assert.equal(commits.body[1]!.message, 'Add checkout retry\n\nRetries twice.\n');
        // finalize (a PUT without commits) left them alone; the release counts them.
        const r = await t.api<ReleaseBody>(`${base(release)}/`);
        assert.ok(r.body.dateReleased);
        assert.equal(r.body.commitCount, 2);
        assert.equal(r.body.lastCommit?.id, repo.shas[0]);
        assert.deepEqual(r.body.authors, [{ name: 'Bob Byte', email: 'bob@example.com' }, { name: 'Ada Lovelace', email: 'ada@example.com' }]);
      });
    }

    it('sentry-cli 2.x set-commits --auto, a release later, sends only the commits since the previous release', async () => {
      const newest = repo.commit('Cy Clone', 'cy@example.com', '2026-12-02T08:00:00Z', 'Show stock levels');
      const cli = { url: t.url, token: t.token, project: t.projectSlug, cwd: repo.dir };
      const release = 'shop@2.1.0';
      for (const args of [['releases', 'new', release], ['releases', 'set-commits', '--auto', release]]) {
        const r = await sentryCli(2, args, cli);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      }
      const previous = await t.api<{ version?: string; lastCommit?: Commit | null }>(`${base(release)}/previous-with-commits/`);
      assert.equal(previous.body.version, 'shop@3.0.0');
      assert.equal(previous.body.lastCommit?.id, repo.shas[0]);
      const commits = await t.api<Commit[]>(`${base(release)}/commits/`);
      assert.deepEqual(commits.body.map((c) => [c.id, c.author?.name]), [[newest, 'Cy Clone']]);
      assert.deepEqual((await t.api(`${base('shop@3.0.0')}/previous-with-commits/`)).body, {}, 'nothing before the first release');
    });

    it('refs keep their head commit; a new set replaces the old; bad commits are a 400 that changes nothing', async () => {
      const release = 'shop@refs';
      assert.equal((await t.api('/api/0/organizations/faultline/releases/', { method: 'POST', body: JSON.stringify({ version: release, projects: [t.projectSlug] }) })).status, 201);
      const put = (body: unknown) => t.api<ReleaseBody & { detail?: string }>(`${base(release)}/`, { method: 'PUT', body: JSON.stringify(body) });
      const refs = await put({ refs: [{ repository: 'acme/shop', commit: repo.shas[0], previousCommit: repo.shas[1] }] });
      assert.equal(refs.status, 200);
      assert.equal(refs.body.commitCount, 1);
      assert.deepEqual((await t.api<Commit[]>(`${base(release)}/commits/`)).body.map((c) => [c.id, c.repository?.name, c.message]), [[repo.shas[0], 'acme/shop', null]]);

      for (const [body, detail] of [
        [{ commits: 'abc' }, '"commits" must be a list of commits'],
        [{ commits: [{ id: 'a1', timestamp: 'yesterday' }] }, '"commits[0].timestamp" must be an ISO 8601 date'],
        [{ commits: [{ message: 'no id' }], dateReleased: '2026-12-01T00:00:00Z' }, '"commits[0].id" must be a commit id (1 to 64 characters)'],
      ] as Array<[unknown, string]>) {
        const bad = await put(body);
        assert.equal(bad.status, 400);
        assert.equal(bad.body.detail, detail);
      }
      const after = await t.api<ReleaseBody>(`${base(release)}/`);
      assert.equal(after.body.commitCount, 1);
      assert.equal(after.body.dateReleased, null, 'the rejected PUT did not finalize the release either');

      const replaced = await put({ commits: [{ id: 'c0ffee', message: 'Only one', author_email: 'eve@example.com' }] });
      assert.equal(replaced.body.commitCount, 1);
      assert.deepEqual(replaced.body.authors, [{ name: null, email: 'eve@example.com' }]);
      assert.equal((await t.api(`${base('nope')}/commits/`)).status, 404);
    });
  });
}
