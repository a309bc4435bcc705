/**
 * @module What the UI tests share: a started Faultline (in this process, on SQLite in a temp dir or on a fresh
 * database of the run's embedded PostgreSQL) serving the built UI, Debian's Chromium through playwright-core, the
 * real @sentry/node in a child process, axe-core checks and screenshots under artifacts/screenshots/ (SQLite runs
 * only: the screens are the same on both dialects, and one numbered set is enough).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig, startServer, type RunningServer } from '@faultline/server';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import { DIALECTS, type Dialect } from '../../helpers/test-server.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const require = createRequire(import.meta.url);

/** Every UI suite that reads store data runs once per dialect: `for (const dialect of UI_DIALECTS) describe(…)`. */
export const UI_DIALECTS: readonly Dialect[] = DIALECTS;
export type { Dialect };

let webBuilt = false;
/** The UI must be built for the server to serve it; checked once per test file (not per dialect), a no-op when current. */
export function ensureWebBuilt(): void {
  if (webBuilt) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'packages/web/build-if-stale.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web UI failed');
  webBuilt = true;
}

/** Origins of the servers started on PostgreSQL: their pages are checked but not saved as screenshots. */
const postgresOrigins = new Set<string>();

/** A Faultline serving the UI on `dialect`; on PostgreSQL a fresh database on the run's shared embedded server. */
export async function startUiServer(extraArgs: string[] = [], dialect: Dialect = 'sqlite'): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-ui-'));
  const db = dialect === 'postgres' ? ['--database-url', await createTestDatabase()] : [];
  const server = await startServer(loadConfig(['--port', '0', '--data-dir', dataDir, '--log-level', 'error', ...db, ...extraArgs], {}));
  if (dialect === 'postgres') postgresOrigins.add(new URL(server.url).origin);
  return server;
}

/** Whether a screenshot of this page is kept: only for servers on SQLite, so the numbered set is written once. */
export function keepsScreenshots(page: Page): boolean {
  return !postgresOrigins.has(new URL(page.url()).origin);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ContextOptions {
  width?: number;
  dark?: boolean;
}

/** A browser context at a given width and colour scheme. bypassCSP lets axe-core be injected past the UI's CSP. */
export async function newContext(browser: Browser, opts: ContextOptions = {}): Promise<BrowserContext> {
  const width = opts.width ?? 1280;
  const ctx = await browser.newContext({
    viewport: { width, height: width < 600 ? 844 : 900 },
    deviceScaleFactor: 1,
    colorScheme: opts.dark ? 'dark' : 'light',
    bypassCSP: true,
    isMobile: width < 600,
    hasTouch: width < 600,
  });
  // Fail fast: a missing element is a bug, not slowness (the server is local and the UI is small).
  ctx.setDefaultTimeout(10_000);
  return ctx;
}

/** Fails the test on any uncaught page error; React errors would otherwise only show as a blank screen. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core in the page; returns the serious and critical violations, described for an assertion message. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Saves the page as artifacts/screenshots/`name`.png (not for a server on PostgreSQL; see keepsScreenshots). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SHOTS, `${name}.png`);
  if (!keepsScreenshots(page)) return path;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Runs a script that uses the real @sentry/node with the given DSN; resolves with its exit code. */
export function runSdkApp(script: string, env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`SDK app exited ${code}: ${stderr}`))));
  });
}

/** Polls until `check` returns a value; digest is asynchronous, so tests wait for outcomes instead of sleeping. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false && v !== null) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What sticks out sideways (the 390 px layout must fit): '' when nothing does, else the widest culprits. */
export async function horizontalOverflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= limit) return '';
    return [...document.querySelectorAll('body *')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > limit + 1)
      .slice(-3)
      .map((x) => `${x.el.tagName.toLowerCase()}.${[...x.el.classList].join('.')} right=${Math.round(x.right)}`)
      .join(', ');
  });
}

export const CHECKOUT_APP = fileURLToPath(new URL('../apps/checkout-app.mjs', import.meta.url));

/**
 * First-run setup as the admin (a session in a fresh context), then one project in the default team: its slug and
 * public DSN. For tests whose subject is a screen, not sign-up.
 */
export async function adminWithProject(
  server: RunningServer,
  browser: Browser,
  project: { name: string; platform?: string },
): Promise<{ ctx: BrowserContext; api: APIRequestContext; slug: string; dsn: string }> {
  const ctx = await newContext(browser);
  const api = ctx.request;
  const setup = await api.post(`${server.url}/api/0/auth/setup/`, { data: { email: 'admin@example.com', password: 'admin password 1' } });
  const csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
  const created = await api.post(`${server.url}/api/0/teams/faultline/default/projects/`, { data: project, headers: { 'x-csrftoken': csrf } });
  if (created.status() !== 201) throw new Error(`creating project ${project.name}: ${created.status()} ${await created.text()}`);
  const { slug } = (await created.json()) as { slug: string };
  const keys = (await (await api.get(`${server.url}/api/0/projects/faultline/${slug}/keys/`)).json()) as Array<{ dsn: { public: string } }>;
  return { ctx, api, slug, dsn: keys[0]!.dsn.public };
}

/** A page in a fresh context at the given width and scheme, signed in with `api`'s session; uncaught errors collected. */
export async function openSignedIn(browser: Browser, api: APIRequestContext, url: string, opts: ContextOptions = {}): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await newContext(browser, opts);
  await ctx.addCookies((await api.storageState()).cookies);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  return { ctx, page, errors };
}

/** Screenshots the page as `name` and asserts it has no serious axe violation, fits its width and threw nothing. */
export async function assertScreenOk(page: Page, name: string, errors: string[]): Promise<void> {
  const violations = await seriousA11yViolations(page);
  await screenshot(page, name);
  assert.deepEqual(violations, [], `axe on ${name}`);
  assert.equal(await horizontalOverflow(page), '', `${name} fits the width`);
  assert.deepEqual(errors, [], `page errors on ${name}`);
}
