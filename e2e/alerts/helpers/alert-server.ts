/**
 * @module Test servers for the alert tests: fast retries by default, restart on the same data (SQLite dir or
 * PostgreSQL database), and small API helpers for rules and deliveries.
 */
import { loadConfig, startServer } from '@faultline/server';
import { startTestServer, waitFor, type Dialect, type TestServer } from '../../helpers/test-server.ts';

/** Retries in the tests start after 200 ms (×3 each time) instead of 20 s. */
export const FAST_RETRY = ['--alert-retry-base-ms', '200'];
/**
 * The receivers in these tests listen on 127.0.0.1, which notifications may only reach when the allow-list names
 * it (the documented way to allow an internal receiver); e2e/alerts/ssrf.test.ts runs without it.
 */
export const ALLOW_LOCAL_RECEIVERS = ['--alert-allow-hosts', '127.0.0.1'];

export async function startAlertServer(dialect: Dialect, extraArgs: string[] = []): Promise<TestServer> {
  return startTestServer(dialect, [...FAST_RETRY, ...ALLOW_LOCAL_RECEIVERS, ...extraArgs]);
}

/**
 * Stops `t` and starts a new server on the same store (project, key and token carry over); `whileDown` runs in
 * between, when no server is running.
 */
export async function restartServer(t: TestServer, extraArgs: string[] = [], whileDown?: () => void): Promise<TestServer> {
  await t.close();
  whileDown?.();
  const args = ['--port', '0', '--data-dir', t.dataDir, '--log-level', 'error', ...FAST_RETRY, ...ALLOW_LOCAL_RECEIVERS, ...extraArgs];
  if (t.databaseUrl) args.push('--database-url', t.databaseUrl);
  const server = await startServer(loadConfig(args, {}));
  return { ...t, server, url: server.url, api: apiOf(server.url, t.token), close: () => server.close() };
}

/** A second node on the same PostgreSQL database (its own HTTP port, digest worker and delivery loop). */
export async function startSecondNode(t: TestServer, extraArgs: string[] = []): Promise<TestServer> {
  if (!t.databaseUrl) throw new Error('a second node needs PostgreSQL');
  const args = ['--port', '0', '--data-dir', t.dataDir, '--log-level', 'error', '--database-url', t.databaseUrl, ...FAST_RETRY, ...ALLOW_LOCAL_RECEIVERS, ...extraArgs];
  const server = await startServer(loadConfig(args, {}));
  return { ...t, server, url: server.url, api: apiOf(server.url, t.token), close: () => server.close() };
}

export function apiOf(url: string, token: string): TestServer['api'] {
  return async <T>(path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as T, headers: res.headers };
  };
}

export interface RuleJson {
  id: string;
  name: string;
  secret: string;
  status: string;
  frequency: number;
  environment: string | null;
  conditions: Array<Record<string, unknown>>;
  filters: Array<Record<string, unknown>>;
  actions: Array<Record<string, unknown>>;
  lastTriggered: string | null;
}

export interface DeliveryJson {
  id: string;
  ruleId: string | null;
  issueId: string | null;
  trigger: string;
  action: string;
  target: string;
  status: string;
  attemptCount: number;
  lastError: string | null;
  attempts: Array<{ attempt: number; dateStarted: string; durationMs: number; ok: boolean; responseCode: number | null; error: string | null }>;
}

export const rulesPath = (t: TestServer) => `/api/0/projects/faultline/${t.projectSlug}/rules/`;

export async function createRule(t: TestServer, body: Record<string, unknown>): Promise<RuleJson> {
  const res = await t.api<RuleJson & { detail?: string }>(rulesPath(t), { method: 'POST', body: JSON.stringify({ name: 'test rule', ...body }) });
  if (res.status !== 201) throw new Error(`creating the rule answered ${res.status}: ${res.body.detail}`);
  return res.body;
}

export async function deliveries(t: TestServer, query = ''): Promise<DeliveryJson[]> {
  const res = await t.api<DeliveryJson[]>(`/api/0/projects/faultline/${t.projectSlug}/alert-deliveries/${query ? `?${query}` : ''}`);
  if (res.status !== 200) throw new Error(`deliveries answered ${res.status}`);
  return res.body;
}

/** Waits until `n` deliveries exist and none is still waiting; returns them (newest first). */
export async function settledDeliveries(t: TestServer, n: number, query = '', timeoutMs = 20_000): Promise<DeliveryJson[]> {
  return waitFor(
    async () => {
      const list = await deliveries(t, query);
      return list.length >= n && list.every((d) => d.status !== 'pending' && d.status !== 'sending') ? list : undefined;
    },
    `${n} settled deliveries`,
    timeoutMs,
  );
}
