/**
 * @module Installs, builds and starts examples/dashboard (Next.js with @sentry/nextjs) as a real process. The
 * example keeps its own package-lock.json: `npm ci` runs only when node_modules is older than it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_DIR } from './dashboard-sentry-files.ts';

const NEXT_BIN = join(DASHBOARD_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface Run {
  code: number | null;
  output: string;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: DASHBOARD_DIR, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** `npm ci` in the example unless its node_modules was installed from the current lock file. */
export async function installDashboardDeps(): Promise<void> {
  const installed = join(DASHBOARD_DIR, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(DASHBOARD_DIR, 'package-lock.json')).mtimeMs) return;
  const r = await run('npm', ['ci', '--no-audit', '--no-fund'], {});
  if (r.code !== 0) throw new Error(`npm ci in examples/dashboard failed:\n${r.output}`);
}

/** A fresh `next build` (withSentryConfig uploads the source maps to the Faultline named in `env`). */
export async function buildDashboard(env: Record<string, string>): Promise<Run> {
  // A previous build's chunks had their maps deleted after upload; nothing of it may be reused.
  rmSync(join(DASHBOARD_DIR, '.next'), { recursive: true, force: true });
  // SDK 11 uploads with the `sentry` CLI, which remembers each org's URL for a week in its own database and then
  // ignores SENTRY_URL: a Faultline on another port than the last run's would never see the upload.
  const configDir = mkdtempSync(join(tmpdir(), 'sentry-cli-config-'));
  const r = await run(process.execPath, [NEXT_BIN, 'build'], { CI: '1', SENTRY_CONFIG_DIR: configDir, ...env });
  rmSync(configDir, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`next build failed:\n${r.output}`);
  return r;
}

export interface RunningDashboard {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `next start` on `port` (loopback only), resolved once it answers. */
export async function startDashboard(port: number, env: Record<string, string>): Promise<RunningDashboard> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: DASHBOARD_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (/Ready in/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`next start exited before it was ready:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
