/**
 * @module Faultline as a child process, started the way a user starts it (`faultline start`), so its RSS and CPU
 * are its own; plus the CLI calls the bench needs (project create → DSN, token create) and a /metrics reader.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectTarget } from './corpus.ts';
import { freePort } from '../scripts/free-port.ts';

export const REPO = join(import.meta.dirname, '..');
const CLI = join(REPO, 'packages/cli/bin/faultline.js');

/** The children get our environment minus FAULTLINE_* (an unknown one is a startup error by design). */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAULTLINE_')));
}

export interface StoreFlags {
  dataDir: string;
  databaseUrl?: string;
}

function storeArgs(s: StoreFlags): string[] {
  return ['--data-dir', s.dataDir, ...(s.databaseUrl ? ['--database-url', s.databaseUrl] : [])];
}

export function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, env: childEnv(), timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`faultline ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export async function createProject(store: StoreFlags, slug: string, platform: string): Promise<ProjectTarget & { dsn: string }> {
  const dsn = (await runCli(['project', 'create', slug, '--platform', platform, ...storeArgs(store)])).trim();
  const u = new URL(dsn);
  const projectId = u.pathname.replace(/^\/+|\/+$/g, '');
  if (!u.username || !/^\d+$/.test(projectId)) throw new Error(`unexpected DSN from project create: ${dsn}`);
  return { dsn, projectId, publicKey: u.username };
}

export async function createToken(store: StoreFlags): Promise<string> {
  return (await runCli(['token', 'create', '--name', 'bench', ...storeArgs(store)])).trim();
}

export interface StartOptions extends StoreFlags {
  logFile: string;
  /** Run under `node --cpu-prof`; the profile is written here when the server exits. */
  cpuProfDir?: string;
  /** false: an ingest-only node (`--no-digest`), to measure intake without digest in the same process. */
  digest?: boolean;
}

export class FaultlineProcess {
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(o: StartOptions): Promise<FaultlineProcess> {
    const port = await freePort();
    const nodeArgs = o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [];
    const args = [...nodeArgs, CLI, 'start', '--port', String(port), ...storeArgs(o), ...(o.digest === false ? ['--no-digest'] : [])];
    const child = spawn(process.execPath, args, { cwd: REPO, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(o.logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const fp = new FaultlineProcess(child, `http://127.0.0.1:${port}`, o.logFile);
    let gone = false;
    void fp.exited.then(() => (gone = true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (gone) throw new Error(`faultline exited during startup; its log (${o.logFile}):\n${await tail(o.logFile)}`);
      try {
        if ((await fetch(`${fp.url}/healthz`)).ok) return fp;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`faultline did not answer /healthz within 60 s; log:\n${await tail(o.logFile)}`);
      }
      await sleep(200);
    }
  }

  /** Sum of each metric's samples over all label sets. */
  async metrics(): Promise<Record<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const out: Record<string, number> = {};
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[3]);
    }
    return out;
  }

  /** Issues in a project, counted through the REST API (follows the cursor `Link` header). */
  async countIssues(token: string, projectSlug: string): Promise<number> {
    let n = 0;
    for (let offset = 0; ; offset += 100) {
      const res = await fetch(`${this.url}/api/0/projects/faultline/${projectSlug}/issues/?query=&limit=100&cursor=0:${offset}:0`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`issues API ${res.status}: ${await res.text()}`);
      n += ((await res.json()) as unknown[]).length;
      if (!/rel="next"; results="true"/.test(res.headers.get('link') ?? '')) return n;
    }
  }

  /** SIGTERM (graceful: finishes appends, stops digest), SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const r = await this.exited;
    clearTimeout(t);
    return { ...r, killed: r.signal === 'SIGKILL' };
  }

  async logTail(): Promise<string> {
    return tail(this.logFile);
  }
}

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
