/**
 * Scale-out on one PostgreSQL (issue 16): three Faultline nodes as real processes (`faultline start`, each with its
 * own data dir, all on one database), the real @sentry/node sending to all three at once, one node SIGKILLed
 * mid-load and restarted. Every acknowledged event is stored exactly once, and the issues (titles, counts,
 * first/last seen) equal those of one node sent the same events. Then: two nodes digesting the first events of one
 * new issue at the same moment make one issue with the exact count, many times over.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig, startServer } from '@faultline/server';
import { createTestDatabase } from '../../scripts/test-postgres.ts';
import { ChildServer, createTestProject, newDataDir, until, withStore, type Project, type StoreTarget } from './helpers/child-server.ts';
import { checkStoreConsistency } from './helpers/store-checks.ts';
import { errorEvent, newEventId } from '../helpers/send-event.ts';

const LOAD_APP = fileURLToPath(new URL('./apps/sdk-load-app.mjs', import.meta.url));
const NODES = 3;
/** Events acknowledged before the kill, and again after the restart, before the clients are told to stop. */
const PHASE = Number(process.env.SCALE_EVENTS_PER_PHASE ?? 300);
const GROUPS = 12;

interface LedgerLine {
  seq: number;
  id: string;
  group: number;
  status: number;
}

/** Runs the SDK load app as its own process against `url`; resolves with its ledger once it exits. */
async function runClient(url: string, project: Project, client: number, base: number, run: { stopFile: string } | { only: number[] }): Promise<LedgerLine[]> {
  const ledger = join(newDataDir('faultline-ledger-'), 'ledger.jsonl');
  writeFileSync(ledger, '');
  const dsn = `${url.replace('://', `://${project.publicKey}@`)}/${project.projectId}`;
  const env = { ...process.env, DSN: dsn, CLIENT: String(client), GROUPS: String(GROUPS), BASE: String(base), LEDGER: ledger,
    ...('only' in run ? { ONLY: run.only.join(','), COUNT: String(Math.max(-1, ...run.only) + 1) } : { STOP_FILE: run.stopFile, COUNT: '1000000', PACE_MS: '20' }),
  };
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_APP], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  assert.equal(code, 0, `SDK client ${client} failed`);
  return readFileSync(ledger, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LedgerLine);
}

interface IssueFigures {
  title: string;
  count: string;
  firstSeen: string;
  lastSeen: string;
}

async function issueFigures(url: string, project: Project): Promise<IssueFigures[]> {
  const res = await fetch(`${url}/api/0/projects/faultline/reliability/issues/?query=&limit=100`, { headers: { authorization: `Bearer ${project.token}` } });
  assert.equal(res.status, 200);
  const issues = (await res.json()) as IssueFigures[];
  return issues.map(({ title, count, firstSeen, lastSeen }) => ({ title, count, firstSeen, lastSeen })).sort((a, b) => a.title.localeCompare(b.title));
}

async function drained(target: StoreTarget): Promise<void> {
  await until(() => withStore(target, async (s) => (await s.queue!.pendingCount()) === 0), 'digest to drain the queue', 120_000, 200);
}

describe('scale-out: three nodes on one PostgreSQL', () => {
  it('real SDK traffic over three nodes, one SIGKILLed mid-load and restarted: acknowledged events stored once, issues as on one node', { timeout: 300_000 }, async (t) => {
    const target = { dataDir: newDataDir(), databaseUrl: await createTestDatabase() };
    const project = await createTestProject(target);
    const nodes = await Promise.all(Array.from({ length: NODES }, async () => ChildServer.create({ dataDir: newDataDir(), databaseUrl: target.databaseUrl, args: ['--digest-batch-size', '50'] })));
    for (const n of nodes) await n.start(60_000);
    const base = Math.floor(Date.now() / 1000) - 3600;

    const stopFile = join(newDataDir('faultline-stop-'), 'stop');
    const clients = nodes.map((n, i) => runClient(n.url, project, i, base, { stopFile }));
    // Envelopes taken in so far: still queued or already digested.
    const taken = () => withStore(target, async (s) => Number((await s.db.get<{ n: number | string }>('SELECT (SELECT COUNT(*) FROM ingest_queue) + (SELECT COUNT(*) FROM events) AS n'))?.n));
    // Mid-load, the second node dies without a chance to flush anything; its client keeps sending meanwhile.
    const victim = nodes[1]!;
    await until(async () => (await taken()) >= PHASE, 'load before the kill', 120_000, 20);
    await victim.kill();
    await victim.start(60_000);
    const afterRestart = await taken();
    await until(async () => (await taken()) >= afterRestart + PHASE, 'load after the restart', 120_000, 20);
    writeFileSync(stopFile, '');
    const ledgers = await Promise.all(clients);
    await drained(target);

    // Every acknowledged event stored exactly once, one issue per group, counters equal to the stored events.
    const sent = new Map<string, number>();
    const acked = new Set<string>();
    for (const l of ledgers.flat()) {
      sent.set(l.id, l.group);
      if (l.status === 200) acked.add(l.id);
    }
    const lost = ledgers.flat().filter((l) => l.status !== 200).length;
    // The kill landed mid-load: the victim's client got no answer for some events, and answers again after them.
    const victimLedger = ledgers[1]!;
    const firstLost = victimLedger.findIndex((l) => l.status !== 200);
    assert.ok(firstLost >= 0, 'the kill cost the victim\'s client some answers');
    assert.ok(victimLedger.slice(firstLost).some((l) => l.status === 200), 'the restarted node answered its client again');
    const figures = await checkStoreConsistency(target, { sent, acked, projectId: project.projectId });
    assert.equal(figures.issues, GROUPS);
    assert.ok(acked.size >= PHASE * 2, `only ${acked.size} acknowledged`);
    const clustered = await issueFigures(nodes[0]!.url, project);
    assert.deepEqual(await issueFigures(victim.url, project), clustered, 'every node answers the same issues');
    for (const n of nodes) assert.equal(await n.stop(), 0, `graceful stop failed:\n${n.output.slice(-20).join('\n')}`);

    // The same events (those the cluster stored, by client and sequence) sent to one node of a fresh database.
    const storedIds = await withStore(target, async (s) => new Set((await s.db.all<{ event_id: string }>('SELECT event_id FROM events')).map((r) => r.event_id)));
    const single = { dataDir: newDataDir(), databaseUrl: await createTestDatabase() };
    const singleProject = await createTestProject(single);
    const one = await ChildServer.create(single);
    await one.start(60_000);
    const resent = await Promise.all(ledgers.map((l, i) => runClient(one.url, singleProject, i, base, { only: l.filter((x) => storedIds.has(x.id)).map((x) => x.seq) })));
    assert.ok(resent.flat().every((l) => l.status === 200));
    await drained(single);
    assert.deepEqual(await issueFigures(one.url, singleProject), clustered, 'titles, counts, first and last seen as on a single node');
    assert.equal(await one.stop(), 0);
    t.diagnostic(`${NODES} nodes, ${NODES} SDK clients (${ledgers.map((l) => l.length).join('/')} events): ${acked.size} acknowledged, ${figures.stored} stored (${figures.storedNotAcked} whose 200 was lost in the kill), ${lost} without an answer, ${figures.issues} issues`);
  });

  it('two nodes digesting the first events of one new issue at the same moment make one issue with the exact count (40 rounds)', { timeout: 180_000 }, async () => {
    /** The nodes' `faultline_digest_issue_races_lost_total`, added up: batches planned again into the winner's issue. */
    const racesLost = async () => {
      let n = 0;
      for (const node of nodes) n += Number(/^faultline_digest_issue_races_lost_total (\d+)/m.exec(await (await fetch(`${node.url}/metrics`)).text())?.[1] ?? 0);
      return n;
    };
    const databaseUrl = await createTestDatabase();
    const project = await createTestProject({ dataDir: newDataDir(), databaseUrl });
    // In-process nodes, digest on their own event loops, one envelope per digest transaction; their loops are stopped
    // so that each round's envelopes are taken by both nodes at once.
    const start = () => startServer(loadConfig(['--port', '0', '--data-dir', newDataDir(), '--log-level', 'error', '--database-url', databaseUrl, '--digest-batch-size', '1'], {}));
    const nodes = [await start(), await start()];
    for (const n of nodes) await n.app.worker!.stop();
    try {
      for (let round = 0; round < 40; round++) {
        const events = 2 + (round % 5);
        for (let i = 0; i < events; i++) {
          const id = newEventId();
          const body = [JSON.stringify({ event_id: id }), '{"type":"event"}', JSON.stringify({ event_id: id, platform: 'node', ...errorEvent('RaceError', `round ${round}`, `round${round}`) })].join('\n');
          const res = await fetch(`${nodes[i % 2]!.url}/api/${project.projectId}/envelope/?sentry_key=${project.publicKey}`, { method: 'POST', body });
          assert.equal(res.status, 200);
        }
        // Hold the project's row (issue creation takes it for the short id) until both nodes' digest transactions
        // wait on a lock: both have read their snapshot (no issue owns the hash yet) and planned to create it. The
        // one that gets the row second finds the hash linked and must plan again into the winner's issue.
        const lostBefore = await racesLost();
        const holder = new pg.Client({ connectionString: databaseUrl });
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [project.projectId]);
        const drains = Promise.all(nodes.map((n) => n.app.worker!.drain()));
        await until(async () => {
          const r = await holder.query("SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          return (r.rows[0] as { n: number }).n >= 2;
        }, `both nodes waiting in round ${round}`, 20_000, 5);
        await holder.query('COMMIT');
        await holder.end();
        await drains;
        const issues = await nodes[0]!.app.db.all<{ times_seen: number | string; events: number | string }>(
          "SELECT times_seen, (SELECT COUNT(*) FROM events e WHERE e.issue_id = i.id) AS events FROM issues i WHERE title = ?",
          [`RaceError: round ${round}`],
        );
        assert.deepEqual(issues.map((i) => [Number(i.times_seen), Number(i.events)]), [[events, events]], `round ${round}`);
        assert.equal((await racesLost()) - lostBefore, 1, `round ${round}: one node lost the race and joined the winner's issue`);
      }
      const orphans = await nodes[0]!.app.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM issues i WHERE NOT EXISTS (SELECT 1 FROM grouphashes g WHERE g.issue_id = i.id)');
      assert.equal(Number(orphans?.n), 0, 'no issue without a hash');
      const undigested = await nodes[0]!.app.db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM raw_items WHERE type = 'undigested_envelope'");
      assert.equal(Number(undigested?.n), 0, 'no envelope failed to digest');
    } finally {
      for (const n of nodes) await n.close();
    }
  });
});
