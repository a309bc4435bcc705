import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/test-server.ts';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/faultline.js', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...cleanEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FAULTLINE_') && v !== undefined) env[k] = v;
  return env;
}

/** Starts `faultline start` and resolves once it has printed where it listens. */
function startServer(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; banner: Promise<string>; log: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], { env: { ...cleanEnv(), ...env } });
    let err = '';
    let out = '';
    let resolveBanner: (s: string) => void;
    const banner = new Promise<string>((r) => (resolveBanner = r));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve({ child, url: m[1]!, banner, log: () => out });
    });
    child.stderr!.on('data', (d) => {
      err += d;
      if (/Send events|No project yet/.test(err)) resolveBanner(err);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

describe('faultline CLI', () => {
  it('creates a project and prints a DSN that ingest accepts, while the server runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
    const { child, url, banner } = await startServer(['--data-dir', dir]);
    const hints = await banner;
    // The hint names the store the server runs on, so it works as printed.
    assert.ok(hints.includes(`npx faultline project create my-app --data-dir ${dir}`), hints);
    const created = await run(['project', 'create', 'widget', '--name', 'Widget', '--platform', 'javascript', '--data-dir', dir]);
    assert.equal(created.code, 0, created.stderr);
    const dsn = created.stdout.trim();
    // The DSN carries the port the running server listens on (recorded by it in the store), not the default 8000.
    const m = /^http:\/\/([0-9a-f]{32})@(127\.0\.0\.1:\d+)\/(\d+)$/.exec(dsn);
    assert.ok(m, `DSN: ${dsn}`);
    assert.equal(m[2], new URL(url).host);
    m.splice(2, 1);
    const list = await run(['project', 'list', '--data-dir', dir]);
    assert.match(list.stdout, /widget\tWidget\t/);
    // The key is usable at once on the running server.
    const res = await fetch(`${url}/api/${m[2]}/envelope/?sentry_key=${m[1]}`, { method: 'POST', body: '{}\n' });
    assert.equal(res.status, 200);
    const token = await run(['token', 'create', '--name', 'ci', '--data-dir', dir]);
    assert.equal(token.code, 0);
    assert.match(token.stdout.trim(), /^sntryu_[0-9a-f]{64}$/);
    const projects = await fetch(`${url}/api/0/organizations/faultline/projects/`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    assert.equal(projects.status, 200);
    assert.deepEqual(((await projects.json()) as Array<{ slug: string }>).map((p) => p.slug), ['widget']);
    // The project's own disk budget (Faultline's --max-disk-bytes of a project), as the project API shows it.
    const budgetOf = async () => ((await (await fetch(`${url}/api/0/projects/faultline/widget/`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } })).json()) as { maxDiskBytes: number | null }).maxDiskBytes;
    const tooSmall = await run(['project', 'set', 'widget', '--max-disk-bytes', '5', '--data-dir', dir]);
    assert.equal(tooSmall.code, 2);
    assert.match(tooSmall.stderr, /--max-disk-bytes: maxDiskBytes must be a whole number of bytes, at least 65536/);
    assert.equal(await budgetOf(), null);
    assert.equal((await run(['project', 'set', 'widget', '--max-disk-bytes', '2000000', '--data-dir', dir])).code, 0);
    assert.equal(await budgetOf(), 2_000_000);
    assert.equal((await run(['project', 'set', 'widget', '--max-disk-bytes', 'none', '--data-dir', dir])).code, 0);
    assert.equal(await budgetOf(), null);
    // Listed with its ID and scopes; revoked from the CLI, it is refused at once by the running server.
    const tokens = await run(['token', 'list', '--data-dir', dir]);
    assert.equal(tokens.code, 0, tokens.stderr);
    const line = tokens.stdout.split('\n').find((l) => l.includes('\tci\t'));
    assert.ok(line, tokens.stdout);
    assert.match(line, /\(instance\)\t.*project:releases/);
    const scoped = await run(['token', 'create', '--name', 'bad', '--scopes', 'project:everything', '--data-dir', dir]);
    assert.equal(scoped.code, 2);
    assert.match(scoped.stderr, /unknown: project:everything/);
    const revoked = await run(['token', 'revoke', line.split('\t')[0]!, '--data-dir', dir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = await fetch(`${url}/api/0/organizations/faultline/projects/`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    assert.equal(after.status, 401);
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'graceful shutdown exits 0');
  });

  it('creates the first admin from FAULTLINE_ADMIN_EMAIL / FAULTLINE_ADMIN_PASSWORD, and users from the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
    const { child } = await startServer([], { FAULTLINE_DATA_DIR: dir, FAULTLINE_ADMIN_EMAIL: 'root@example.com', FAULTLINE_ADMIN_PASSWORD: 'correct horse battery' });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    const again = await run(['user', 'create', '--email', 'root@example.com', '--password', 'whatever123', '--data-dir', dir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const member = await run(['user', 'create', '--email', 'dev@example.com', '--password', 'longenough1', '--data-dir', dir]);
    assert.equal(member.code, 0, member.stderr);
    assert.match(member.stdout, /created user dev@example.com/);
  });

  it('names an unknown option or FAULTLINE_* variable instead of ignoring it', async () => {
    const opt = await run(['start', '--prot', '9000']);
    assert.equal(opt.code, 2);
    assert.match(opt.stderr, /unknown option --prot/);
    const env = await run(['start'], { FAULTLINE_PROT: '9000' });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /unknown environment variable FAULTLINE_PROT/);
    const bad = await run(['start', '--port', 'eighty']);
    assert.match(bad.stderr, /--port must be a whole number/);
    const sub = await run(['project', 'create', 'x', '--colour', 'red']);
    assert.match(sub.stderr, /unknown option --colour/);
    for (const args of [['--help'], ['token', '--help'], ['project', 'create', '-h']]) {
      const help = await run(args);
      assert.equal(help.code, 0, args.join(' '));
      assert.match(help.stdout, /^usage: faultline <command>/, args.join(' '));
    }
  });

  it('runs the JavaScript build that npm start compiles: events are digested on the digest thread and readable', async () => {
    // What `npm start`'s prestart runs; a no-op when the build is current.
    const built = spawnSync(process.execPath, [fileURLToPath(new URL('../../packages/cli/build-if-stale.mjs', import.meta.url))], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-compiled-'));
    const { child, url, log } = await startServer(['--data-dir', dir]);
    try {
      assert.match(log(), /"code":"compiled"/);
      const created = await run(['project', 'create', 'built', '--data-dir', dir]);
      const m = /^http:\/\/([0-9a-f]{32})@[^/]+\/(\d+)$/.exec(created.stdout.trim());
      assert.ok(m, created.stdout + created.stderr);
      const eventId = 'c0ffee00c0ffee00c0ffee00c0ffee00';
      const body = `{"event_id":"${eventId}"}\n{"type":"event"}\n${JSON.stringify({ event_id: eventId, message: 'from the compiled build', platform: 'node' })}\n`;
      const res = await fetch(`${url}/api/${m[2]}/envelope/?sentry_key=${m[1]}`, { method: 'POST', body });
      assert.equal(res.status, 200);
      const token = (await run(['token', 'create', '--name', 'ci', '--data-dir', dir])).stdout.trim();
      const headers = { authorization: `Bearer ${token}` };
      const titles = await waitFor(async () => {
        const issues = (await (await fetch(`${url}/api/0/projects/faultline/built/issues/`, { headers })).json()) as Array<{ title: string }>;
        return issues.length > 0 && issues.map((i) => i.title);
      }, 'the event digested');
      assert.deepEqual(titles, ['from the compiled build']);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
