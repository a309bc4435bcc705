/**
 * @module Faultline as a real child process (`faultline start`), for tests and scripts that kill, restart and
 * measure it: a fixed port across restarts, readiness by polling, SIGKILL/SIGTERM, RSS from /proc, and a project
 * created directly in the store before the first start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, createToken, ensureDefaults, openStore, type StoreHandle } from '@faultline/store';
import { ALL_SCOPES } from '@faultline/server';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/faultline.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes. */
export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface StoreTarget {
  dataDir: string;
  databaseUrl?: string;
}

export interface Project {
  projectId: number;
  publicKey: string;
  token: string;
}

/** Creates the default org, a project (with its key) and an API token directly in the store. */
export async function createTestProject(target: StoreTarget, slug = 'reliability'): Promise<Project> {
  const store = await openStore({ ...target, withoutQueue: true });
  try {
    const { org, team } = await ensureDefaults(store.db);
    const { project, key } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug, platform: 'node' });
    const { token } = await createToken(store.db, { userId: null, name: 'reliability', scopes: [...ALL_SCOPES] });
    return { projectId: project.id, publicKey: key.public_key, token };
  } finally {
    await store.close();
  }
}

export async function withStore<T>(target: StoreTarget, fn: (s: StoreHandle) => Promise<T>): Promise<T> {
  const store = await openStore(target);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const created: string[] = [];
let cleanupInstalled = false;

/**
 * A fresh temp dir, removed when the process exits successfully (kept after a failure, or with
 * RELIABILITY_KEEP_DATA=1, for a look at what happened).
 */
export function newDataDir(prefix = 'faultline-rel-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', (code) => {
      if (code !== 0 || process.exitCode || process.env.RELIABILITY_KEEP_DATA) return;
      for (const d of created) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

export interface ChildServerOptions extends StoreTarget {
  port?: number;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

export class ChildServer {
  readonly url: string;
  private child: ChildProcess | null = null;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  /** The last lines the process wrote (stdout + stderr), for failure messages. */
  readonly output: string[] = [];
  starts = 0;

  private constructor(
    private readonly opts: ChildServerOptions,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(opts: ChildServerOptions): Promise<ChildServer> {
    return new ChildServer(opts, opts.port ?? (await freePort()));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and resolves once /healthz answers. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('already running');
    const args = [BIN, 'start', '--port', String(this.port), '--data-dir', this.opts.dataDir, '--log-level', 'warn', ...(this.opts.args ?? [])];
    if (this.opts.databaseUrl) args.push('--database-url', this.opts.databaseUrl);
    const env = { ...process.env, ...this.opts.env };
    for (const k of Object.keys(env)) if (k.startsWith('FAULTLINE_') && k !== 'FAULTLINE_TEST_PG') delete env[k];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.output.push(line.slice(0, 2000));
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        // An exit nobody asked for (a crash) is visible as running === false and in `output`.
        if (this.child === child) this.child = null;
        this.output.push(`[process exited: code ${code}, signal ${signal}]`);
        resolve({ code, signal });
      }),
    );
    let exitedEarly = false;
    void this.exited.then(() => {
      exitedEarly = true;
    });
    await until(
      async () => {
        if (exitedEarly) throw new Error(`server exited during start:\n${this.output.slice(-20).join('\n')}`);
        const r = await fetch(`${this.url}/healthz`);
        await r.arrayBuffer();
        return r.status === 200;
      },
      `faultline to listen on ${this.url}`,
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${this.output.slice(-20).join('\n')}`);
    });
  }

  /** SIGKILL: the process gets no chance to flush anything. Resolves once it is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: graceful shutdown; resolves with the exit code. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (!child) return (await this.exited)?.code ?? 0;
    const exited = this.exited!;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const { code } = await exited;
    clearTimeout(timer);
    this.child = null;
    return code;
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = this.exited!;
    child.kill(sig);
    await exited;
    this.child = null;
  }

  /** Resident set size of the server process in bytes (Linux /proc). */
  rss(): number {
    if (!this.child?.pid) return 0;
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  }

  async metrics(): Promise<Map<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    return parseMetrics(text);
  }

  async readyz(): Promise<{ status: number; body: ReadyBody }> {
    const r = await fetch(`${this.url}/readyz`);
    return { status: r.status, body: (await r.json()) as ReadyBody };
  }
}

export interface ReadyBody {
  status: string;
  store: string;
  queue: { depth: number; bound: number; refusing: string[]; thresholds: Array<{ depth: number; categories: string[] }> };
  digest: { enabled: boolean; lagSeconds: number };
}

/** Prometheus text → `name{labels}` → value (labels as written, sorted by the server). */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** Sum of a metric over all label sets matching `labels` (a subset match on `k="v"` pairs). */
export function metricSum(m: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [k, v] of m) {
    if (k !== name && !k.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([lk, lv]) => k.includes(`${lk}="${lv}"`))) sum += v;
  }
  return sum;
}
