/**
 * Clients Faultline's other tests never use, run as a team would run them, checked through the REST API the way a
 * user (or a script written against Sentry's API) checks: Debian's python3-sentry-sdk (1.x) and sentry-go (0.11),
 * the legacy store endpoint with each auth form, and the sentry-cli commands CI pipelines run (info, releases
 * new|set-commits|finalize|list, deploys new|list, send-event, issues list, events list). Both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { sentryCli } from '../sourcemaps/helpers/sentry-cli.ts';
import { gitRepo } from '../helpers/git-repo.ts';
import { sdkSnippets } from '../../packages/web/src/lib/sdk-snippets.ts';

const run = promisify(execFile);
const clients = fileURLToPath(new URL('./clients/', import.meta.url));
const GO_ENV = { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: '/tmp/faultline-gocache', GOFLAGS: '-mod=mod' };

interface Issue {
  id: string;
  title: string;
  culprit: string;
  level: string;
  platform: string;
}
interface SentryFrame {
  function: string | null;
  module: string | null;
  absPath: string | null;
  lineNo: number | null;
  inApp: boolean;
  context: Array<[number, string]>;
  vars: Record<string, unknown> | null;
}
interface Entry {
  type: string;
  data: { values?: Array<{ type?: string; value?: string; stacktrace: { frames: SentryFrame[] } | null; current?: boolean }> };
}
interface EventSummary {
  eventID: string;
  'event.type': string;
  title: string;
  message: string;
  location: string | null;
  level: string;
  user: { id: string | null; email: string | null; username: string | null } | null;
  tags: Array<{ key: string; value: string }>;
  crashFile: null;
  metadata: Record<string, string>;
}
interface Event {
  eventID: string;
  groupID: string;
  message: string;
  level: string;
  platform: string;
  entries: Entry[];
  user: Record<string, unknown> | null;
  tags: Array<{ key: string; value: string }>;
  modules: Record<string, string>;
  release: { version: string } | null;
}

for (const dialect of DIALECTS) {
  describe(`foreign clients (${dialect})`, () => {
    let t: TestServer;
    let issues: Issue[];
    const byTitle = (re: RegExp) => issues.find((i) => re.test(i.title));
    const latest = async (issue: Issue) => (await t.api<Event>(`/api/0/issues/${issue.id}/events/latest/`)).body;
    const search = async (query: string) => t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=${encodeURIComponent(query)}`);

    before(async () => {
      t = await startTestServer(dialect);
      await run('/usr/bin/python3', [`${clients}python_client.py`], { env: { ...process.env, DSN: t.dsn } });
      await run('go', ['run', `${clients}go_client.go`], { env: { ...process.env, ...GO_ENV, DSN: t.dsn } });
      await waitForDigest(t);
      issues = (await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/`)).body;
    });
    after(async () => t?.close());

    it('Python: a chained exception with locals, breadcrumbs, user and tags; culprit "module in function"', async () => {
      const issue = byTitle(/^RuntimeError: charge failed for ord-1001$/);
      assert.ok(issue, JSON.stringify(issues.map((i) => i.title)));
      assert.equal(issue.culprit, '__main__ in charge');
      assert.equal(issue.level, 'error');
      const ev = await latest(issue);
      const exc = ev.entries.find((e) => e.type === 'exception')!;
      assert.deepEqual(exc.data.values!.map((v) => v.type), ['KeyError', 'RuntimeError'], 'the cause first, as Sentry stores the chain');
      const frame = exc.data.values![0]!.stacktrace!.frames.find((f) => f.function === 'charge')!;
      // Sentry's event API names, which scripts read.
      assert.equal(frame.inApp, true);
      assert.match(frame.absPath ?? '', /python_client\.py$/);
      assert.equal(typeof frame.lineNo, 'number');
      assert.deepEqual(frame.context.find(([n]) => n === frame.lineNo), [frame.lineNo, '        load_order(order_id)']);
      assert.equal(frame.vars?.order_id, "'ord-1001'");
      assert.equal(frame.vars?.amount, '1999');
      const crumbs = ev.entries.find((e) => e.type === 'breadcrumbs') as unknown as { data: { values: Array<{ category: string; message: string }> } };
      assert.ok(crumbs.data.values.some((c) => c.category === 'db' && c.message === 'SELECT order'));
      assert.equal(ev.user?.email, 'ada@example.com');
      assert.ok(ev.tags.some((tg) => tg.key === 'tier' && tg.value === 'billing'));
      assert.equal(ev.release?.version, 'billing@2.0.0');
      assert.equal(ev.modules['sentry-sdk'], '1.9.10');
      assert.ok(!Object.values(ev.modules).includes('[Filtered]'), 'package versions are not secrets');
    });

    it('Python: a message event at its own level', async () => {
      const issue = byTitle(/^nightly invoice run finished$/);
      assert.ok(issue);
      assert.equal(issue.level, 'info');
      const ev = await latest(issue);
      assert.equal(ev.message, 'nightly invoice run finished');
    });

    it('Go: an error with its wrapped cause; a message with its stack in threads', async () => {
      const err = byTitle(/join r-9: room not found/);
      assert.ok(err, JSON.stringify(issues.map((i) => i.title)));
      assert.equal(err.platform, 'go');
      assert.equal(err.culprit, 'main in main');
      const ev = await latest(err);
      const values = ev.entries.find((e) => e.type === 'exception')!.data.values!;
      assert.deepEqual(values.map((v) => v.value), ['room not found', 'join r-9: room not found']);
      const msg = byTitle(/^peer count above threshold$/);
      assert.ok(msg);
      const mev = await latest(msg);
      const threads = mev.entries.find((e) => e.type === 'threads');
      assert.ok(threads, 'the message keeps its threads');
      const frames = threads.data.values![0]!.stacktrace!.frames;
      assert.ok(frames.some((f) => f.function === 'main' && f.inApp && /go_client\.go$/.test(f.absPath ?? '')));
    });

    it('search by user fields, error type and value, and a clear 400 for an unknown key', async () => {
      const python = byTitle(/^RuntimeError/)!;
      const go = byTitle(/room not found/)!;
      const ids = async (q: string) => {
        const r = await search(q);
        assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
        return r.body.map((i) => i.id).sort();
      };
      assert.deepEqual(await ids('user.email:ada@example.com'), [byTitle(/^nightly/)!.id, python.id].sort());
      assert.deepEqual(await ids('user.id:peer-7 is:unresolved'), [go.id, byTitle(/^peer count/)!.id].sort());
      assert.deepEqual(await ids('error.type:KeyError'), [python.id], 'any exception of the chain');
      assert.deepEqual(await ids('error.value:"room not found"'), [go.id]);
      assert.deepEqual(await ids('tier:billing has:user.email error.type:RuntimeError'), [python.id]);
      assert.deepEqual(await ids('event.timestamp:-1h release.version:signaling-go@1.0.0 !has:handled'), [byTitle(/^peer count/)!.id].concat(go.id).sort());
      const bad = await t.api<{ detail: string }>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=colour:blue`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /unknown search key "colour"/);
      // The facets are for search only: the tag view of an issue does not list them.
      const tags = await t.api<Array<{ key: string }>>(`/api/0/issues/${python.id}/tags/`);
      assert.equal(tags.status, 200);
      assert.ok(tags.body.some((tg) => tg.key === 'user') && !tags.body.some((tg) => tg.key.startsWith('user.') || tg.key === 'error.type'));
    });

    it('the legacy store endpoint with each auth form', async () => {
      const secretless = `Sentry sentry_version=7, sentry_client=curl/8, sentry_key=${t.publicKey}`;
      const forms: Array<[string, RequestInit & { headers: Record<string, string> }]> = [
        [`/api/${t.projectId}/store/?sentry_key=${t.publicKey}&sentry_version=7`, { headers: {} }],
        [`/api/${t.projectId}/store/`, { headers: { 'x-sentry-auth': secretless } }],
        [`/api/${t.projectId}/store/`, { headers: { authorization: secretless } }],
      ];
      const sent: string[] = [];
      for (const [i, [path, init]] of forms.entries()) {
        const eventId = `${'c'.repeat(31)}${i}`;
        const res = await fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...init.headers },
          body: JSON.stringify({ event_id: eventId, message: `store form ${i}`, platform: 'other' }),
        });
        assert.equal(res.status, 200, await res.text());
        sent.push(eventId);
      }
      const bad = await fetch(`${t.url}/api/${t.projectId}/store/`, { method: 'POST', headers: { 'x-sentry-auth': 'Sentry sentry_key=nope' }, body: '{}' });
      assert.equal(bad.status, 403, 'an unknown key is refused (as Relay does)');
      await waitForDigest(t);
      for (const id of sent) {
        const r = await t.api<{ level: string; errors: unknown[]; dateCreated: string; dateReceived: string }>(`/api/0/projects/faultline/${t.projectSlug}/events/${id}/`);
        assert.equal(r.status, 200, id);
        // Neither level nor timestamp was sent: Relay's defaults, error and the receive time, with no processing error.
        assert.equal(r.body.level, 'error');
        assert.deepEqual(r.body.errors, []);
        assert.equal(r.body.dateCreated, r.body.dateReceived);
      }
    });

    it("the setup page's Python and curl snippets work as pasted", async () => {
      const snippets = sdkSnippets(t.dsn, { publicUrl: t.url, org: 'faultline', project: t.projectSlug });
      const code = (id: string) => snippets.find((s) => s.id === id)!.files[0]!.code;
      await run('/usr/bin/python3', ['-c', `${code('python')}\nsentry_sdk.capture_message("pasted python snippet")\nsentry_sdk.flush(5)\n`]);
      const curl = await run('bash', ['-c', code('curl')]);
      assert.equal(curl.stdout.trim(), "{}", "accepted (curl -f fails the script otherwise)");
      await waitForDigest(t);
      const titles = (await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/`)).body.map((i) => i.title);
      assert.ok(titles.includes('pasted python snippet') && titles.includes('hello from curl'), JSON.stringify(titles));
    });

    it("sentry-cli from CI: send-event, issues list, events list (Sentry's list shape, paged)", async () => {
      const cli = { url: t.url, token: t.token, project: t.projectSlug, dsn: t.dsn };
      const sent = await sentryCli(3, ['send-event', '-m', 'deploy smoke test from CI', '-t', 'stage:ci', '-r', 'billing@2.0.0', '-u', 'id:ci-runner'], cli);
      assert.equal(sent.code, 0, sent.stdout + sent.stderr);
      const path = `/api/0/projects/faultline/${t.projectSlug}/events/`;
      const event = await waitFor(async () => (await t.api<EventSummary[]>(path)).body.find((e) => e.message === 'deploy smoke test from CI'), 'the sent event');
      assert.equal(event.level, 'error', 'an event without a level is an error, as Relay defaults it');
      assert.equal(event['event.type'], 'default');
      assert.equal(event.title, 'deploy smoke test from CI');
      assert.equal(event.user?.id, 'ci-runner');
      assert.ok(event.tags.some((tg) => tg.key === 'stage' && tg.value === 'ci'), JSON.stringify(event.tags));
      assert.equal(event.crashFile, null);
      // A Python error in the same list: its location is the file it is about, its user as the SDK sent it.
      const py = (await t.api<EventSummary[]>(path)).body.find((e) => e.title === 'RuntimeError: charge failed for ord-1001')!;
      assert.equal(py['event.type'], 'error');
      assert.match(py.location ?? '', /python_client\.py$/);
      assert.deepEqual([py.user?.email, py.user?.username], ['ada@example.com', null]);
      assert.equal(py.metadata.type, 'RuntimeError');
      // Cursor paging as Sentry links it: two at a time, every event once.
      const all = (await t.api<EventSummary[]>(path)).body.map((e) => e.eventID);
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 20; page++) {
        const r = await t.api<EventSummary[]>(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...r.body.map((e) => e.eventID));
        const next = /<[^>]*>; rel="next"; results="(true|false)"; cursor="([^"]+)"/.exec(r.headers.get('link') ?? '');
        assert.ok(next, r.headers.get('link') ?? 'no Link header');
        if (next[1] === 'false') break;
        cursor = next[2]!;
      }
      assert.deepEqual(seen, all);
      const list = await sentryCli(3, ['issues', 'list'], cli);
      assert.equal(list.code, 0, list.stdout + list.stderr);
      assert.match(list.stdout, /RuntimeError: charge failed for ord-1001/);
      const events = await sentryCli(3, ['events', 'list', '--show-user', '--show-tags'], cli);
      assert.equal(events.code, 0, events.stdout + events.stderr);
      const row = events.stdout.split('\n').find((l) => l.includes('deploy smoke test from CI'));
      assert.ok(row, events.stdout);
      assert.ok(row.includes(event.eventID.slice(0, 8)), row);
      assert.match(row, /ci-runner/);
      assert.match(row, /stage: ?ci/);
    });

    it('sentry-cli from CI: info, releases new|set-commits|finalize|list, deploys, as a release pipeline runs them', async () => {
      const repo = gitRepo();
      const cli = { url: t.url, token: t.token, project: t.projectSlug, cwd: repo.dir };
      const ok = async (args: string[]) => {
        const r = await sentryCli(3, args, cli);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        return r.stdout;
      };
      const info = await ok(['info']);
      assert.match(info, new RegExp(`Sentry Server: ${t.url}\\n`));
      assert.match(info, /Default Organization: faultline\n/);
      assert.match(info, /Method: Auth Token/);
      assert.match(info, /- project:releases\n/);
      const release = 'billing@2.1.0';
      await ok(['releases', 'new', release]);
      await ok(['releases', 'set-commits', '--local', release]);
      await ok(['releases', 'finalize', release]);
      await ok(['deploys', 'new', '-r', release, '-e', 'production', '-n', 'ci-1234']);
      // The tables CI logs print: released or not, and how many issues a release brought.
      const rows = (await ok(['releases', 'list'])).split('\n').map((l) => l.split('|').map((c) => c.trim()));
      const row = (version: string) => rows.find((r) => r[2] === version);
      assert.match(row(release)?.[1] ?? '', /seconds? ago/, 'finalized');
      assert.deepEqual(row('signaling-go@1.0.0')?.slice(1, 4), ['(unreleased)', 'signaling-go@1.0.0', '2'], 'the Go error and message');
      assert.match(await ok(['deploys', 'list', '-r', release]), /\| production\s+\| ci-1234\s+\|/);
      const r = await t.api<{ dateReleased: string | null; commitCount: number; lastCommit: { id: string } | null; deployCount: number; lastDeploy: { environment: string; name: string } | null }>(
        `/api/0/organizations/faultline/releases/${encodeURIComponent(release)}/`,
      );
      assert.equal(r.status, 200);
      assert.ok(r.body.dateReleased);
      assert.equal(r.body.commitCount, 2);
      assert.equal(r.body.lastCommit?.id, repo.shas[0]);
      assert.equal(r.body.deployCount, 1);
      assert.deepEqual([r.body.lastDeploy?.environment, r.body.lastDeploy?.name], ['production', 'ci-1234']);
    });
  });
}
