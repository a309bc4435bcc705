/**
 * The README's quick start on a fresh clone of the committed tree: `npm ci` accepts the lock file (checked with
 * `--dry-run --offline`, which fails exactly when package-lock.json is incomplete or out of sync, without
 * reinstalling every package), then `npm start` and the README's two `npx faultline` commands, run as written; the
 * DSN `project create` prints reaches the running server from the real @sentry/node. The clone links the installed
 * packages instead of installing them again; its own workspace packages are its own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '../helpers/test-server.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shell commands of the README's quick start, in order, without comments. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean));
}

/** node_modules for the clone: every installed package linked, the workspace packages and bins pointing into the clone. */
function linkInstalledPackages(clone: string): void {
  const from = join(ROOT, 'node_modules');
  const to = join(clone, 'node_modules');
  mkdirSync(join(to, '.bin'), { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '.bin' || name === '@faultline' || name.startsWith('.package-lock')) continue;
    symlinkSync(join(from, name), join(to, name));
  }
  mkdirSync(join(to, '@faultline'));
  for (const name of readdirSync(join(from, '@faultline'))) symlinkSync(join(clone, 'packages', name), join(to, '@faultline', name));
  // Bins are relative links (../vite/bin/vite.js, ../@faultline/cli/bin/faultline.js): the same links resolve in the clone.
  for (const name of readdirSync(join(from, '.bin'))) symlinkSync(readlinkSync(join(from, '.bin', name)), join(to, '.bin', name));
}

describe('fresh clone: the README quick start', () => {
  let clone: string;
  let server: ChildProcess | undefined;
  const env = () => {
    const e: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FAULTLINE_') && !k.startsWith('npm_') && v !== undefined) e[k] = v;
    return e;
  };

  before(() => {
    clone = mkdtempSync(join(tmpdir(), 'faultline-clone-'));
    execFileSync('git', ['clone', '-q', ROOT, clone]);
  });
  after(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    rmSync(clone, { recursive: true, force: true });
  });

  it('the README names npm install && npm start, then user create and project create', () => {
    const cmds = quickStartCommands();
    assert.equal(cmds[0], 'npm install && npm start');
    assert.match(cmds[1] ?? '', /^npx faultline user create --email \S+ --password '[^']+' --admin$/);
    assert.equal(cmds[2], 'npx faultline project create signaling');
  });

  it('npm ci accepts the committed lock file', async () => {
    const r = await run('npm', ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund'], { cwd: clone, env: env() });
    assert.match(r.stdout, /added \d+ packages/);
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' }), '', 'npm left package.json and the lock file alone');
  });

  it('npm start, the two commands as printed, and an event from @sentry/node to the printed DSN', async () => {
    linkInstalledPackages(clone);
    // The README's port 8000 may be taken on a shared machine: the one thing changed is FAULTLINE_PORT.
    server = spawn('npm', ['start'], { cwd: clone, env: { ...env(), FAULTLINE_PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let banner = '';
    server.stdout!.resume();
    const url = await new Promise<string>((resolve, reject) => {
      server!.stderr!.on('data', (d) => {
        banner += d;
        const m = /Faultline is running at (http:\/\/\S+)/.exec(banner);
        if (m && /No project yet/.test(banner)) resolve(m[1]!);
      });
      server!.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${banner}`)));
    });
    assert.match(banner, /npx faultline project create my-app {3}/, 'the hint has no store flags: the server runs on the default ./data');
    const [, userCreate, projectCreate] = quickStartCommands();
    const user = await run('bash', ['-c', userCreate!], { cwd: clone, env: env() });
    assert.match(user.stdout, /^created admin you@example\.com/);
    const dsn = (await run('bash', ['-c', projectCreate!], { cwd: clone, env: env() })).stdout.trim();
    assert.equal(new URL(dsn).host, new URL(url).host, 'the DSN names the port the server listens on');
    const send = `import * as Sentry from '@sentry/node';
Sentry.init({ dsn: process.env.DSN, release: 'signaling@1.4.2', environment: 'production' });
Sentry.captureException(new Error('first error from a fresh clone'));
await Sentry.flush(5000);`;
    await run(process.execPath, ['--input-type=module', '-e', send], { cwd: clone, env: { ...env(), DSN: dsn } });
    const token = (await run('bash', ['-c', 'npx faultline token create --name check'], { cwd: clone, env: env() })).stdout.trim();
    const titles = await waitFor(async () => {
      const res = await fetch(`${url}/api/0/projects/faultline/signaling/issues/`, { headers: { authorization: `Bearer ${token}` } });
      const issues = (await res.json()) as Array<{ title: string }>;
      return issues.length > 0 && issues.map((i) => i.title);
    }, 'the event digested');
    assert.deepEqual(titles, ['Error: first error from a fresh clone']);
  });
});
