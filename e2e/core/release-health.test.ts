/**
 * Release health from the real @sentry/node: process-style sessions (a healthy run twice by one user, an errored
 * run, a crashed process) and a server's request-mode aggregates, read back through the sessions endpoint with
 * the rates a Sentry user computes by hand.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { addTeamMember, createTeam, createToken, createUser } from '@faultline/store';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';

const SESSION_APP = fileURLToPath(new URL('./apps/session-app.mjs', import.meta.url));
const REQUEST_APP = fileURLToPath(new URL('./apps/request-sessions-app.mjs', import.meta.url));

function run(app: string, env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app], { env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

interface Group {
  by: Record<string, string | number>;
  totals: Record<string, number | null>;
  series: Record<string, Array<number | null>>;
}
interface SessionsBody {
  start: string;
  end: string;
  intervals: string[];
  groups: Group[];
}

for (const dialect of DIALECTS) {
  describe(`release health from real SDK sessions (${dialect})`, () => {
    let t: TestServer;
    const sessions = (q: string) => t.api<SessionsBody>(`/api/0/organizations/faultline/sessions/?${q}`);
    before(async () => {
      t = await startTestServer(dialect);
      // u1 runs cleanly twice, u2 hits a handled error, u3's process crashes.
      assert.equal(await run(SESSION_APP, { DSN: t.dsn, MODE: 'healthy', USER_ID: 'u1' }), 0);
      assert.equal(await run(SESSION_APP, { DSN: t.dsn, MODE: 'healthy', USER_ID: 'u1' }), 0);
      assert.equal(await run(SESSION_APP, { DSN: t.dsn, MODE: 'errored', USER_ID: 'u2' }), 0);
      assert.equal(await run(SESSION_APP, { DSN: t.dsn, MODE: 'crashed', USER_ID: 'u3' }), 1, 'the uncaught exception ends the process');
      // A server: 3 healthy requests and 1 with a handled error, sent as aggregates.
      assert.equal(await run(REQUEST_APP, { DSN: t.dsn, N_OK: '3', N_ERRORED: '1' }), 0);
      await waitFor(async () => {
        await waitForDigest(t);
        const r = await sessions('field=sum(session)&groupBy=release&statsPeriod=24h');
        const n = r.body.groups.map((g) => Number(g.totals['sum(session)'])).reduce((a, b) => a + b, 0);
        return n >= 8 || undefined;
      }, 'eight sessions');
    });
    after(async () => t?.close());

    it('crash-free sessions and users per release, as computed by hand', async () => {
      const r = await sessions('field=sum(session)&field=count_unique(user)&field=crash_free_rate(session)&field=crash_free_rate(user)&groupBy=release&statsPeriod=24h');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const byRelease = Object.fromEntries(r.body.groups.map((g) => [g.by.release, g.totals]));
      // 4 sessions, 1 crashed: 3/4 crash-free. 3 users (u1, u2, u3), 1 with a crash: 2/3.
      assert.deepEqual(byRelease['health@1.0.0'], { 'sum(session)': 4, 'count_unique(user)': 3, 'crash_free_rate(session)': 0.75, 'crash_free_rate(user)': 2 / 3 });
      // Request sessions have no user: the user rate has nothing to divide by.
      assert.deepEqual(byRelease['api@2.0.0'], { 'sum(session)': 4, 'count_unique(user)': 0, 'crash_free_rate(session)': 1, 'crash_free_rate(user)': null });
    });

    it('session.status splits sessions and users into healthy, errored, abnormal, crashed', async () => {
      const r = await sessions(`field=sum(session)&field=count_unique(user)&groupBy=session.status&query=${encodeURIComponent('release:"health@1.0.0"')}&statsPeriod=24h`);
      assert.equal(r.status, 200);
      const byStatus = Object.fromEntries(r.body.groups.map((g) => [g.by['session.status'], [g.totals['sum(session)'], g.totals['count_unique(user)']]]));
      assert.deepEqual(byStatus, { healthy: [2, 1], errored: [1, 1], abnormal: [0, 0], crashed: [1, 1] });
      const aggregates = await sessions('field=sum(session)&groupBy=session.status&query=release:api@2.0.0&statsPeriod=24h');
      assert.deepEqual(Object.fromEntries(aggregates.body.groups.map((g) => [g.by['session.status'], g.totals['sum(session)']])), { healthy: 3, errored: 1, abnormal: 0, crashed: 0 });
    });

    it('series buckets add up to the totals, on the intervals asked for', async () => {
      const r = await sessions('field=sum(session)&field=crash_free_rate(session)&groupBy=project&statsPeriod=2d&interval=1d');
      assert.equal(r.status, 200);
      assert.equal(r.body.intervals.length, r.body.groups[0]!.series['sum(session)']!.length);
      assert.ok(r.body.intervals.every((i) => i.endsWith('T00:00:00Z')), r.body.intervals.join());
      const g = r.body.groups[0]!;
      assert.equal(g.by.project, t.projectId);
      assert.equal(g.totals['sum(session)'], 8);
      assert.equal(g.series['sum(session)']!.reduce((a, b) => Number(a) + Number(b), 0), 8);
      assert.equal(g.totals['crash_free_rate(session)'], 7 / 8);
    });

    it('a second update of the same session is not a second session: the errored run sent two and counts once', async () => {
      const row = await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM session_states WHERE release = 'health@1.0.0'");
      assert.equal(Number(row?.n), 4);
    });

    it('bad input is a 400 with detail; members see only their teams\' projects', async () => {
      for (const q of ['field=bogus', 'field=sum(session)&groupBy=user', 'field=sum(session)&query=foo:bar', 'field=sum(session)&interval=10m', 'field=sum(session)&statsPeriod=soon']) {
        const r = await t.api<{ detail: string }>(`/api/0/organizations/faultline/sessions/?${q}`);
        assert.equal(r.status, 400, q);
        assert.ok(r.body.detail.length > 0, q);
      }
      const db = t.server.app.db;
      const user = await createUser(db, { email: `m-${dialect}@example.com`, passwordHash: 'x', isAdmin: false });
      const other = await createTeam(db, 1, 'other', 'Other');
      await addTeamMember(db, other.id, user.id);
      const { token } = await createToken(db, { userId: user.id, name: 'member', scopes: ['org:read'] });
      const asMember = (q: string) => fetch(`${t.url}/api/0/organizations/faultline/sessions/?${q}`, { headers: { authorization: `Bearer ${token}` } });
      const all = (await (await asMember('field=sum(session)&groupBy=release')).json()) as SessionsBody;
      assert.deepEqual(all.groups, [], 'no visible project, no sessions');
      assert.equal((await asMember(`field=sum(session)&project=${t.projectId}`)).status, 403);
    });
  });
}
