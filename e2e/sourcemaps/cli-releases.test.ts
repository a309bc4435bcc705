/**
 * The release commands CI pipelines and the bundler plugins run, with the real sentry-cli 3.x and 2.x: `info`,
 * `releases new / set-commits --auto / finalize / deploys new / list / info`, `deploys new`. Each must exit 0 and
 * leave the release as the API reports it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { sentryCli, type CliVersion } from './helpers/sentry-cli.ts';

describe('sentry-cli release commands (sqlite)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer('sqlite');
  });
  after(async () => t?.close());

  for (const version of [3, 2] as CliVersion[]) {
    it(`sentry-cli ${version}.x`, async () => {
      const cli = { url: t.url, token: t.token, project: t.projectSlug };
      const release = `signaling@${version}.4.0`;
      for (const args of [
        ['info'],
        ['releases', 'new', release],
        ['releases', 'set-commits', '--auto', '--ignore-missing', release],
        ['releases', 'finalize', release],
        ['releases', 'deploys', release, 'new', '-e', 'production'],
        ['deploys', 'new', '-r', release, '-e', 'staging'],
        ['releases', 'list'],
        ['releases', 'info', release],
      ]) {
        const r = await sentryCli(version, args, cli);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      }
      const r = await t.api<{ version: string; dateReleased: string | null; deployCount: number; projects: Array<{ slug: string }> }>(`/api/0/organizations/faultline/releases/${release}/`);
      assert.equal(r.status, 200);
      assert.ok(r.body.dateReleased);
      assert.equal(r.body.deployCount, 2);
      assert.deepEqual(r.body.projects.map((p) => p.slug), [t.projectSlug]);
      const deploys = await t.api<Array<{ environment: string }>>(`/api/0/organizations/faultline/releases/${release}/deploys/`);
      assert.deepEqual(deploys.body.map((d) => d.environment).sort(), ['production', 'staging']);
    });
  }
});
