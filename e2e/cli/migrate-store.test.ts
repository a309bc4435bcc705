/**
 * Moving up from SQLite, end to end with real processes: a Faultline node on SQLite is filled through the real
 * ingest path — @sentry/node (errors and a traced request), the real @sentry/browser's replay and error fixtures,
 * sentry-cli 3.x uploading a debug-ID source-map bundle — plus a user, a login session and a CLI token; envelopes
 * left in its queue undigested. `faultline migrate-store` refuses while the node runs; once it is stopped, it
 * copies into an empty PostgreSQL and verifies every table. A node started on that PostgreSQL then serves the same
 * issues (titles, counts, users, first/last seen), events, symbolicated frames, replay download, trace, login
 * session, password login and token; it digests the queued envelopes; new rows get fresh ids.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackFrame } from '@faultline/protocol';
import { openStore } from '@faultline/store';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, ROOT, until } from '../reliability/helpers/child-server.ts';
import { errorEnvelope, newEventId, postEnvelope, transactionEnvelope } from '../reliability/helpers/envelopes.ts';
import { runClient } from '../helpers/run-client.ts';
import { sendReplayFixture } from '../helpers/send-replay.ts';
import { sentryCli } from '../sourcemaps/helpers/sentry-cli.ts';
import { fixtureEnvelope } from '../sourcemaps/helpers/browser-event.ts';

const BIN = join(ROOT, 'packages/cli/bin/faultline.js');
const TRACING_APP = fileURLToPath(new URL('../core/apps/tracing-app.mjs', import.meta.url));
const SIGNALING_APP = fileURLToPath(new URL('../core/apps/signaling-app.mjs', import.meta.url));
const FIXTURE = new URL('../../fixtures/sdk-11.12.0/', import.meta.url).pathname;
const RELEASE = 'dashboard@2.0.0';
const SLUG = 'reliability';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('FAULTLINE_')) delete env[k];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A signaling-app run ends in an uncaught exception (exit 1) after flushing; anything else is a failure. */
function runCrashingApp(dsn: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIGNALING_APP], { env: { ...process.env, DSN: dsn }, stdio: 'ignore' });
    child.on('exit', (code) => (code === 1 ? resolve() : reject(new Error(`signaling app exited ${code}`))));
  });
}

interface Issue {
  id: string;
  shortId: string;
  title: string;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
}

async function get<T>(server: ChildServer, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** What the API shows of the store: issues with their events, the symbolicated frame, the replay, the trace. */
async function view(server: ChildServer, token: string, ids: { traceId: string; replayId: string; mappedEventId: string }) {
  const issues = (await get<Issue[]>(server, token, `/api/0/projects/faultline/${SLUG}/issues/?query=&statsPeriod=14d&limit=100`))
    .map((i) => ({ id: i.id, shortId: i.shortId, title: i.title, count: i.count, userCount: i.userCount, firstSeen: i.firstSeen, lastSeen: i.lastSeen }))
    .sort((a, b) => Number(a.id) - Number(b.id));
  const events: Record<string, string[]> = {};
  for (const i of issues) events[i.id] = (await get<Array<{ eventID: string }>>(server, token, `/api/0/issues/${i.id}/events/?limit=100`)).map((e) => e.eventID).sort();
  const mapped = await get<{ entries: Array<{ type: string; data: { values: Array<{ stacktrace?: { frames: StackFrame[] } }> } }> }>(
    server,
    token,
    `/api/0/projects/faultline/${SLUG}/events/${ids.mappedEventId}/`,
  );
  const exc = mapped.entries.find((e) => e.type === 'exception')!;
  const top = exc.data.values.at(-1)!.stacktrace!.frames.at(-1)!;
  const replay = await get<unknown[][]>(server, token, `/api/0/projects/faultline/${SLUG}/replays/${ids.replayId}/recording-segments/?download`);
  const trace = await get<unknown>(server, token, `/api/0/organizations/faultline/trace/${ids.traceId}/`);
  return {
    issues,
    events,
    frame: [top.filename, top.function, top.lineno, top.context_line],
    replay: JSON.stringify(replay),
    trace: JSON.stringify(trace).replaceAll(server.url, 'URL'),
  };
}

describe('faultline migrate-store: SQLite node → PostgreSQL node', () => {
  it('moves everything a node holds, and a PostgreSQL node serves it unchanged', { timeout: 300_000 }, async (t) => {
    const dataDir = newDataDir('faultline-migrate-');
    const project = await createTestProject({ dataDir }, SLUG);
    const user = await cli(['user', 'create', '--email', 'ops@example.com', '--password', 'correct horse battery', '--data-dir', dataDir]);
    assert.equal(user.code, 0, user.stderr);
    const ciToken = await cli(['token', 'create', '--name', 'ci', '--user', 'ops@example.com', '--scopes', 'org:read,project:read,event:read', '--data-dir', dataDir]);
    assert.equal(ciToken.code, 0, ciToken.stderr);
    const token = ciToken.stdout.trim();

    const sqlite = await ChildServer.create({ dataDir });
    t.after(() => sqlite.stop());
    await sqlite.start();
    // An alert rule, so its state (fires, deliveries, attempts) is made by the events below.
    const rule = await fetch(`${sqlite.url}/api/0/projects/faultline/${SLUG}/rules/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${project.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'new issues', conditions: [{ id: 'first_seen' }], actions: [{ id: 'webhook', url: 'https://hooks.example.com/faultline' }] }),
    });
    assert.equal(rule.status, 201, await rule.text());
    const dsn = `http://${project.publicKey}@127.0.0.1:${sqlite.port}/${project.projectId}`;
    await runCrashingApp(dsn);
    const traced = await runClient(process.execPath, [TRACING_APP], dsn);
    assert.equal((await postEnvelope(sqlite.url, project.projectId, project.publicKey, transactionEnvelope(newEventId()))).status, 200);
    const upload = await (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'faultline-migrate-maps-'));
      cpSync(`${FIXTURE}browser-app/dist`, join(dir, 'dist'), { recursive: true });
      return sentryCli(3, ['sourcemaps', 'upload', '--release', RELEASE, '--url-prefix', '~/dist', join(dir, 'dist')], { url: sqlite.url, token: project.token, project: SLUG });
    })();
    assert.equal(upload.code, 0, `${upload.stdout}${upload.stderr}`);
    let mappedEventId = '';
    const mapped = await fetch(`${sqlite.url}/api/${project.projectId}/envelope/?sentry_key=${project.publicKey}&sentry_version=7`, {
      method: 'POST',
      body: fixtureEnvelope((ev) => {
        ev.release = RELEASE;
        mappedEventId = String(ev.event_id);
      }),
    });
    assert.equal(mapped.status, 200);
    const replayId = await sendReplayFixture({ url: sqlite.url, projectId: project.projectId, publicKey: project.publicKey });
    const login = await fetch(`${sqlite.url}/api/0/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ops@example.com', password: 'correct horse battery' }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await until(async () => (await sqlite.readyz()).body.queue.depth === 0, 'digest to drain', 60_000);
    const ids = { traceId: traced.traceId!, replayId, mappedEventId };
    const before = await until(async () => {
      const v = await view(sqlite, project.token, ids).catch(() => undefined);
      return v && v.issues.length >= 4 && v.replay.length > 2 ? v : undefined;
    }, 'the SQLite node to show everything');
    assert.deepEqual(before.frame.slice(0, 2), ['src/call-panel.js', 'formatCaller'], 'symbolicated on SQLite');

    // While the node runs, the store is in use: refused, nothing written.
    const target = await createTestDatabase();
    const busy = await cli(['migrate-store', '--from', dataDir, '--to', target]);
    assert.equal(busy.code, 2, busy.stderr);
    assert.match(busy.stderr, /faultline\.sqlite is open in another process \(a running Faultline\?\); stop every node using this data dir/);
    assert.equal(await sqlite.stop(), 0);

    // Envelopes acknowledged but not yet digested when the node stopped: still in queue.sqlite.
    const queuedIds = [newEventId(), newEventId()];
    const store = await openStore({ dataDir });
    for (const id of queuedIds) await store.queue!.append({ projectId: project.projectId, received: Date.now(), clientIp: null, body: errorEnvelope(id, 900) });
    await store.close();

    const moved = await cli(['migrate-store', '--from', dataDir, '--to', target]);
    assert.equal(moved.code, 0, moved.stderr + moved.stdout);
    const table = moved.stdout;
    for (const t of ['events', 'issues', 'issue_tags', 'releases', 'artifact_bundles', 'artifact_files', 'blobs', 'replays', 'replay_segments', 'spans', 'transactions', 'users', 'user_sessions', 'api_tokens', 'project_keys', 'projects', 'teams', 'alert_rules', 'kv', 'ingest_queue']) {
      assert.match(table, new RegExp(`^${t}\\s+(\\d+)\\s+\\1\\s+([0-9a-f]{16})\\s+\\2\\s+ok$`, 'm'), `${t} in\n${table}`);
    }
    assert.match(table, /^ingest_queue\s+2\s+2\s/m);
    for (const t of ['transactions', 'alert_rules', 'alert_rule_fires', 'alert_deliveries', 'replay_segments', 'user_sessions']) assert.match(table, new RegExp(`^${t}\\s+[1-9]`, 'm'), `${t} has rows`);
    assert.match(table, /^blobs\s+[1-9]\d*\s/m, 'the bundle files and the replay segment were copied');
    assert.doesNotMatch(table, /MISMATCH/);

    const pgNode = await ChildServer.create({ dataDir: newDataDir('faultline-migrate-pg-'), databaseUrl: target });
    t.after(() => pgNode.stop());
    await pgNode.start();
    // The queued envelopes are digested on PostgreSQL: one more issue, the rest as it was.
    await until(async () => (await pgNode.readyz()).body.queue.depth === 0, 'PostgreSQL digest to drain', 60_000);
    const after = await until(async () => {
      const v = await view(pgNode, project.token, ids);
      return v.issues.length === before.issues.length + 1 ? v : undefined;
    }, 'the queued envelopes to be digested');
    const queuedIssue = after.issues.at(-1)!;
    assert.deepEqual(after.events[queuedIssue.id], [...queuedIds].sort());
    assert.deepEqual({ ...after, issues: after.issues.slice(0, -1), events: Object.fromEntries(Object.entries(after.events).filter(([k]) => k !== queuedIssue.id)) }, before);
    assert.ok(Number(queuedIssue.id) > Math.max(...before.issues.map((i) => Number(i.id))), 'a new issue takes an id past the copied ones');

    // Users and credentials: the CLI token, the login session cookie, a password login.
    await get(pgNode, token, '/api/0/organizations/faultline/projects/');
    const me = await fetch(`${pgNode.url}/api/0/auth/`, { headers: { cookie } });
    assert.equal(((await me.json()) as { user?: { email: string } }).user?.email, 'ops@example.com', 'the session survives the move');
    const again = await fetch(`${pgNode.url}/api/0/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ops@example.com', password: 'correct horse battery' }) });
    assert.equal(again.status, 200);
    // New rows of other tables get fresh ids too (identities advanced): a project and a token made on PostgreSQL.
    const made = await cli(['project', 'create', 'after-move', '--database-url', target]);
    assert.equal(made.code, 0, made.stderr);
    const second = await cli(['token', 'create', '--name', 'after-move', '--database-url', target]);
    assert.equal(second.code, 0, second.stderr);
    await get(pgNode, second.stdout.trim(), '/api/0/organizations/faultline/projects/');
  });
});
