/**
 * Project fingerprint rules (Sentry's `fingerprintingRules` text on the project PUT/GET) regroup what a real
 * @sentry/node client sends: a project with rules and one without get the same six events, and the issues differ
 * exactly as the rules say. A matching rule replaces the SDK's own fingerprint, as Sentry's does; `{{ tags.x }}`
 * splits by a tag; `title="…"` names the issue. A rule that does not parse is a 400 naming its line.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createProject, decodeEventBody, ensureDefaults, getEvent } from '@faultline/store';
import { dsnOf } from '@faultline/server';
import { runClient } from '../helpers/run-client.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

const APP = fileURLToPath(new URL('./apps/fingerprint-app.mjs', import.meta.url));
const RULES = [
  '# payments group by region, whatever the function',
  'type:PaymentDeclined -> payments, {{ tags.region }}',
  'message:"disk full*" level:warning -> disk-full title="Disk full ({{ tags.region }})"',
  'type:CacheMiss -> cache',
].join('\n');

interface Issue {
  id: string;
  title: string;
  count: string;
}

for (const dialect of DIALECTS) {
  describe(`fingerprint rules (${dialect})`, () => {
    let t: TestServer;
    let otherSlug = '';
    const projectPath = () => `/api/0/projects/faultline/${t.projectSlug}/`;
    const issuesOf = async (slug: string): Promise<Issue[]> =>
      waitFor(async () => {
        await waitForDigest(t);
        const total = (await t.api<Issue[]>(`/api/0/projects/faultline/${slug}/issues/?query=`)).body;
        return total.reduce((n, i) => n + Number(i.count), 0) === 6 ? total : undefined;
      }, `six events in ${slug}`);
    const shape = (issues: Issue[]) => issues.map((i) => `${i.title} ×${i.count}`).sort();

    before(async () => {
      t = await startTestServer(dialect);
      const { db } = t.server.app;
      const { org, team } = await ensureDefaults(db);
      const other = await createProject(db, { orgId: org.id, teamId: team.id, slug: 'no-rules', platform: 'node' });
      otherSlug = other.project.slug;
      const put = await t.api<{ fingerprintingRules: string }>(projectPath(), { method: 'PUT', body: JSON.stringify({ fingerprintingRules: RULES }) });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.fingerprintingRules, RULES);
      for (const dsn of [t.dsn, dsnOf(t.url, other.key)]) assert.equal((await runClient(process.execPath, [APP], dsn)).sent, '6');
    });
    after(async () => t?.close());

    it('GET shows the rules as written; a project without rules shows ""', async () => {
      assert.equal((await t.api<{ fingerprintingRules: string }>(projectPath())).body.fingerprintingRules, RULES);
      assert.equal((await t.api<{ fingerprintingRules: string }>(`/api/0/projects/faultline/${otherSlug}/`)).body.fingerprintingRules, '');
    });

    it('without rules: default grouping, and the SDK fingerprints split the cache misses', async () => {
      assert.deepEqual(shape(await issuesOf(otherSlug)), [
        'CacheMiss: orders:7 ×1',
        'CacheMiss: users:42 ×1',
        'PaymentDeclined: card declined ×1',
        'PaymentDeclined: invoice declined ×1',
        'PaymentDeclined: wallet declined ×1',
        'disk full on /dev/sda1 ×1',
      ]);
    });

    it('with rules: payments by region, one cache issue over two SDK fingerprints, and the titled disk issue', async () => {
      // An issue's title follows its latest event, so which card/wallet or cache key names it is not asserted.
      const issues = await issuesOf(t.projectSlug);
      assert.deepEqual(shape(issues).map((s) => s.replace(/^(\w+): .* ×/, '$1 ×')), ['CacheMiss ×2', 'Disk full (us) ×1', 'PaymentDeclined ×1', 'PaymentDeclined ×2']);
      assert.match(issues.find((i) => i.count === '2' && i.title.startsWith('PaymentDeclined'))!.title, /: (card|wallet) declined$/, 'the two from eu');
    });

    it("an event stores the matching rule's fingerprint (with Sentry's _fingerprint_info); without a rule, the SDK's", async () => {
      type Event = { eventID: string; fingerprint: string[] | null };
      const latest = async (slug: string, prefix: string) => {
        const issue = (await issuesOf(slug)).find((i) => i.title.startsWith(prefix))!;
        return (await t.api<Event>(`/api/0/issues/${issue.id}/events/latest/`)).body;
      };
      assert.deepEqual((await latest(t.projectSlug, 'CacheMiss')).fingerprint, ['cache']);
      assert.deepEqual((await latest(t.projectSlug, 'PaymentDeclined')).fingerprint, ['payments', '{{ tags.region }}']);
      assert.deepEqual((await latest(t.projectSlug, 'Disk full')).fingerprint, ['disk-full']);
      assert.deepEqual(((await latest(otherSlug, 'CacheMiss')).fingerprint ?? []).slice(0, 1), ['cache']);
      assert.equal((await latest(otherSlug, 'CacheMiss')).fingerprint!.length, 2, "the SDK's own two-part fingerprint");
      assert.equal((await latest(otherSlug, 'PaymentDeclined')).fingerprint, null);
      const row = await getEvent(t.server.app.db, t.projectId, (await latest(t.projectSlug, 'Disk full')).eventID);
      assert.deepEqual(decodeEventBody(row!.body!)._fingerprint_info, {
        matched_rule: { matchers: [['message', 'disk full*'], ['level', 'warning']], fingerprint: ['disk-full'], attributes: { title: 'Disk full ({{ tags.region }})' } },
      });
    });

    it('a rule that does not parse is a 400 naming its line, and the stored rules stay', async () => {
      const bad = await t.api<{ detail: string }>(projectPath(), { method: 'PUT', body: JSON.stringify({ fingerprintingRules: 'type:A -> a\ntypo:B -> b', retentionDays: 3 }) });
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /^fingerprintingRules line 2: unknown matcher "typo"; supported: type, /);
      const now = await t.api<{ fingerprintingRules: string; retentionDays: number | null }>(projectPath());
      assert.equal(now.body.fingerprintingRules, RULES);
      assert.equal(now.body.retentionDays, null, 'nothing else in the refused request was written');
      assert.equal((await t.api(projectPath(), { method: 'PUT', body: JSON.stringify({ fingerprintingRules: 7 }) })).status, 400);
    });
  });
}
