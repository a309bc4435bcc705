/**
 * @module Starts a real Faultline (in this process) on SQLite or PostgreSQL for an end-to-end test, with a project,
 * its DSN and an API token, plus small helpers to call the API and to wait for digest.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SCOPES, loadConfig, startServer, dsnOf, type RunningServer, type StartOptions } from '@faultline/server';
import { createProject, createToken, ensureDefaults } from '@faultline/store';
import { createTestDatabase } from '../../scripts/test-postgres.ts';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  databaseUrl?: string;
  token: string;
  projectId: number;
  projectSlug: string;
  publicKey: string;
  dsn: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** `pgServer`: on PostgreSQL, the server to make the test database on (default: the run's shared one). */
export async function startTestServer(dialect: Dialect, extraArgs: string[] = [], opts: StartOptions = {}, pgServer?: string): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-e2e-'));
  const databaseUrl = dialect === 'postgres' ? await createTestDatabase(pgServer) : undefined;
  const args = ['--port', '0', '--data-dir', dataDir, '--log-level', 'error', ...extraArgs];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const server = await startServer(loadConfig(args, {}), undefined, opts);
  const { db } = server.app;
  const { org, team } = await ensureDefaults(db);
  const { project, key } = await createProject(db, { orgId: org.id, teamId: team.id, slug: 'signaling', platform: 'node' });
  const { token } = await createToken(db, { userId: null, name: 'e2e', scopes: [...ALL_SCOPES] });
  const api = async <T>(path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as T, headers: res.headers };
  };
  return {
    server,
    url: server.url,
    dataDir,
    databaseUrl,
    token,
    projectId: project.id,
    projectSlug: project.slug,
    publicKey: key.public_key,
    dsn: dsnOf(server.url, key),
    api,
    close: () => server.close(),
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes; digest is asynchronous. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until digest has consumed everything appended so far. */
export async function waitForDigest(t: TestServer): Promise<void> {
  await t.server.app.queue.flush();
  await t.server.app.worker?.drain();
  await waitFor(async () => (await t.server.app.queue.pendingCount()) === 0, 'digest to drain');
}
