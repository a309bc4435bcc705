/**
 * The digest writer against real SQLite and PostgreSQL: a batch's aggregated writes leave every issue counter
 * equal to a recount of the stored events, a batch costs a fixed handful of statements however many events it
 * holds, a lost issue-creation race writes nothing and is planned again, and reprocessing's "move an event"
 * leaves both issues' counters equal to a recount; a batch's item, accepted and outcome counts are one statement
 * each, however many keys they hold, and add onto the stored counts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import { addAcceptedCounts, addItemCounts, addOutcomes, decodeEventBody, detachEvent, persistEvent, persistEvents, type Db, type PersistInput, type StoreHandle } from '../src/index.ts';
import { planBatch } from '../src/digest/batch-plan.ts';
import { readBatchSnapshot } from '../src/digest/batch-snapshot.ts';
import { countEvent, emptyCounts } from '../src/digest/event-counts.ts';
import { IssueRaceLost, writePlan } from '../src/digest/plan-writer.ts';
import { underSavepoint } from '../src/db/db.ts';
import { DIALECTS, openTestProject } from './dialects.ts';

let seq = 0;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 8);

function input(orgId: number, projectId: number, hash: string, n: number): PersistInput {
  const id = `${++seq}`.padStart(32, 'e');
  const user = `u${n % 7}`;
  const event: NormalizedEvent = {
    event_id: id,
    timestamp: (T0 + (n % 5) * HOUR + n) / 1000,
    received: T0 / 1000,
    level: n % 3 === 0 ? 'warning' : 'error',
    platform: 'node',
    type: 'error',
    release: `app@1.0.${n % 2}`,
    environment: 'production',
    user: { id: user },
    tags: [
      ['environment', 'production'],
      ['user', `id:${user}`],
      ['browser', `b${n % 3}`],
    ],
    exception: { values: [{ type: 'TypeError', value: 'boom' }] },
    contexts: {},
    errors: [],
  };
  const grouping: GroupingResult = { hashes: [hash.padEnd(32, 'a')], config: 'newstyle:2023-01-11', title: `T ${hash}`, culprit: 'c', metadata: { type: 'TypeError' }, issueType: 'error' };
  return { orgId, projectId, event, grouping, receivedMs: T0 };
}

/** The issue's stored counters next to the same counts made from its stored events. */
async function recount(db: Db, issueId: number) {
  const counts = emptyCounts();
  for (const e of await db.all<{ timestamp: number; body: Uint8Array }>('SELECT timestamp, body FROM events WHERE issue_id = ?', [issueId])) {
    countEvent(counts, decodeEventBody(e.body), Number(e.timestamp));
  }
  const issue = (await db.get<{ times_seen: number; user_count: number; first_seen: number; last_seen: number }>('SELECT times_seen, user_count, first_seen, last_seen FROM issues WHERE id = ?', [issueId]))!;
  const tags = await db.all<{ key: string; value: string; times_seen: number }>('SELECT key, value, times_seen FROM issue_tags WHERE issue_id = ? ORDER BY key, value', [issueId]);
  const hours = await db.all<{ hour: number; count: number }>('SELECT hour, count FROM issue_hourly WHERE issue_id = ? ORDER BY hour', [issueId]);
  const sorted = <T>(m: Map<string | number, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    stored: {
      times_seen: Number(issue.times_seen),
      user_count: Number(issue.user_count),
      tags: tags.map((t) => [`${t.key}\u0000${t.value}`, Number(t.times_seen)]),
      hours: hours.map((h) => [Number(h.hour), Number(h.count)]),
    },
    recounted: {
      times_seen: counts.events,
      user_count: [...counts.tags.values()].filter((t) => t.key === 'user').length,
      tags: sorted(counts.tags).map(([k, t]) => [k, t.count]),
      hours: sorted(counts.hours),
    },
  };
}

/** Counts the statements a Db handle is asked to run. */
function counting(db: Db): { db: Db; n: () => number } {
  let n = 0;
  const wrapped: Db = {
    dialect: db.dialect,
    all: (s, p) => (n++, db.all(s, p)),
    get: (s, p) => (n++, db.get(s, p)),
    run: (s, p) => (n++, db.run(s, p)),
    exec: (s) => (n++, db.exec(s)),
    transaction: (fn) => db.transaction(fn),
    savepoint: (fn) => underSavepoint(wrapped, fn),
    close: () => db.close(),
  };
  return { db: wrapped, n: () => n };
}

for (const dialect of DIALECTS) {
  describe(`digest writer: ${dialect}`, () => {
    let store: StoreHandle;
    let orgId: number;
    let projectId: number;
    before(async () => {
      ({ store, orgId, projectId } = await openTestProject(dialect, 'writer'));
    });
    after(async () => store.close());

    it('stores a 200-event batch over 20 issues in a fixed handful of statements, counters equal to a recount', async () => {
      const batch = Array.from({ length: 200 }, (_, n) => input(orgId, projectId, `w${n % 20}`, n));
      let first = 0;
      const results = await store.db.transaction((tx) => {
        const c = counting(tx);
        return persistEvents(c.db, batch).finally(() => (first = c.n()));
      });
      assert.equal(new Set(results.map((r) => r.issueId)).size, 20);
      assert.equal(results.filter((r) => r.isNewIssue).length, 20);
      // Reads (ids, hashes) + short ids + issues + hashes + releases (3) + events (2) + tags (2) + counters + hours.
      assert.ok(first <= 16, `a new-issue batch ran ${first} statements`);
      const again = Array.from({ length: 200 }, (_, n) => input(orgId, projectId, `w${n % 20}`, n + 1));
      let second = 0;
      await store.db.transaction((tx) => {
        const c = counting(tx);
        return persistEvents(c.db, again).finally(() => (second = c.n()));
      });
      assert.ok(second <= 12, `a batch of known issues ran ${second} statements`);
      for (const id of new Set(results.map((r) => r.issueId))) {
        const { stored, recounted } = await recount(store.db, id);
        assert.deepEqual(stored, recounted, `issue ${id}`);
      }
      const issue = await store.db.get<{ first_seen: number; last_seen: number; times_seen: number }>('SELECT first_seen, last_seen, times_seen FROM issues WHERE id = ?', [results[0]!.issueId]);
      const span = await store.db.get<{ lo: number; hi: number }>('SELECT MIN(timestamp) AS lo, MAX(timestamp) AS hi FROM events WHERE issue_id = ?', [results[0]!.issueId]);
      assert.deepEqual([Number(issue!.first_seen), Number(issue!.last_seen)], [Number(span!.lo), Number(span!.hi)]);
      const rel = await store.db.all<{ version: string; new_groups: number }>('SELECT r.version, rp.new_groups FROM releases r JOIN release_projects rp ON rp.release_id = r.id WHERE rp.project_id = ? ORDER BY r.version', [projectId]);
      assert.deepEqual(rel.map((r) => [r.version, Number(r.new_groups)]), [['app@1.0.0', 10], ['app@1.0.1', 10]], 'each issue counts for the release of its first event');
    });

    it("counts a user new to an issue once per batch however many events carry it, and never again in a later batch", async () => {
      const as = (n: number, user: string): PersistInput => {
        const i = input(orgId, projectId, 'users', n);
        return { ...i, event: { ...i.event, user: { id: user }, tags: i.event.tags.map(([k, v]) => [k, k === 'user' ? `id:${user}` : v]) } };
      };
      const userCount = async (issueId: number) => Number((await store.db.get<{ n: number }>('SELECT user_count AS n FROM issues WHERE id = ?', [issueId]))!.n);
      const [first] = await persistEvents(store.db, [as(1, 'ann'), as(2, 'ann')]);
      assert.equal(await userCount(first!.issueId), 1, 'ann, twice in one batch, is one user');
      await persistEvents(store.db, [as(3, 'ann'), as(4, 'bob'), as(5, 'bob'), as(6, 'bob'), as(7, 'cy'), as(8, 'ann')]);
      assert.equal(await userCount(first!.issueId), 3, 'ann was seen in the earlier batch; bob and cy are new once each');
      await persistEvents(store.db, [as(9, 'cy'), as(10, 'bob')]);
      assert.equal(await userCount(first!.issueId), 3, 'nobody new');
      const { stored, recounted } = await recount(store.db, first!.issueId);
      assert.deepEqual(stored, recounted);
    });

    it('a lost issue-creation race writes nothing, and the batch is planned again into the winner', async () => {
      const mine = [input(orgId, projectId, 'race', 1), input(orgId, projectId, 'race', 2)];
      const plan = planBatch(mine, await readBatchSnapshot(store.db, mine));
      const winner = await persistEvent(store.db, input(orgId, projectId, 'race', 3)); // "another node"
      const issuesBefore = await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM issues');
      await assert.rejects(writePlan(store.db, plan), IssueRaceLost);
      assert.deepEqual(await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM issues'), issuesBefore);
      assert.equal(Number((await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events WHERE event_id IN (?, ?)', mine.map((m) => m.event.event_id)))!.n), 0);
      const results = await persistEvents(store.db, mine);
      assert.deepEqual(results.map((r) => [r.issueId, r.isNewIssue]), [[winner.issueId, false], [winner.issueId, false]]);
      const { stored, recounted } = await recount(store.db, winner.issueId);
      assert.deepEqual(stored, recounted);
    });

    it("reprocessing's move: detaching an event and storing it again elsewhere leaves both issues equal to a recount", async () => {
      const events = Array.from({ length: 6 }, (_, n) => input(orgId, projectId, 'move-from', n));
      const [r] = await persistEvents(store.db, events);
      const from = r!.issueId;
      for (const moved of events.slice(0, 2)) {
        const row = (await store.db.get<{ id: number; timestamp: number; body: Uint8Array }>('SELECT id, timestamp, body FROM events WHERE event_id = ?', [moved.event.event_id]))!;
        await store.db.transaction(async (tx) => {
          await detachEvent(tx, { id: Number(row.id), issueId: from }, decodeEventBody(row.body), Number(row.timestamp));
          await persistEvent(tx, { ...moved, grouping: { ...moved.grouping, hashes: ['move-to'.padEnd(32, 'a')] } });
        });
      }
      const to = (await store.db.get<{ issue_id: number }>('SELECT issue_id FROM events WHERE event_id = ?', [events[0]!.event.event_id]))!.issue_id;
      assert.notEqual(Number(to), from);
      for (const id of [from, Number(to)]) {
        const { stored, recounted } = await recount(store.db, id);
        assert.deepEqual(stored, recounted, `issue ${id}`);
      }
    });

    it("a batch's item, accepted and outcome counts are one statement each over many keys, added onto what is stored", async () => {
      const types = ['event', 'transaction', 'attachment', 'session', 'replay_event'];
      const items = Array.from({ length: 60 }, (_, n) => ({ projectId, ts: T0 + (n % 3) * HOUR + n, type: types[n % 5]!, bytes: 100 + n, quantity: 1 + (n % 2) }));
      const accepted = items.map((c) => ({ projectId, ts: c.ts, category: `c${c.type}`, quantity: c.quantity }));
      const outcomes = items.map((c, n) => ({ projectId, ts: c.ts, source: 'server' as const, category: `c${c.type}`, reason: n % 2 ? 'invalid' : 'filtered', quantity: c.quantity }));
      for (let round = 1; round <= 2; round++) {
        let statements = 0;
        await store.db.transaction(async (tx) => {
          const c = counting(tx);
          await addItemCounts(c.db, items);
          await addAcceptedCounts(c.db, accepted);
          await addOutcomes(c.db, outcomes);
          statements = c.n();
        });
        assert.equal(statements, 3, `round ${round}`);
        const sum = <T>(rows: T[], key: (r: T) => string, v: (r: T) => number) => {
          const m = new Map<string, number>();
          for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + v(r));
          return [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => [k, n * round]);
        };
        const hour = (ts: number) => Math.floor(ts / HOUR) * HOUR;
        const storedItems = await store.db.all<{ hour: number; item_type: string; quantity: number; bytes: number }>('SELECT hour, item_type, quantity, bytes FROM item_counts WHERE project_id = ?', [projectId]);
        assert.deepEqual(
          sum(storedItems, (r) => `${Number(r.hour)} ${r.item_type} q`, (r) => Number(r.quantity) / round).concat(sum(storedItems, (r) => `${Number(r.hour)} ${r.item_type} b`, (r) => Number(r.bytes) / round)),
          sum(items, (c) => `${hour(c.ts)} ${c.type} q`, (c) => c.quantity).concat(sum(items, (c) => `${hour(c.ts)} ${c.type} b`, (c) => c.bytes)),
        );
        const storedAccepted = await store.db.all<{ hour: number; category: string; quantity: number }>('SELECT hour, category, quantity FROM accepted_counts WHERE project_id = ?', [projectId]);
        assert.deepEqual(sum(storedAccepted, (r) => `${Number(r.hour)} ${r.category}`, (r) => Number(r.quantity) / round), sum(accepted, (a) => `${hour(a.ts)} ${a.category}`, (a) => a.quantity));
        const storedOutcomes = await store.db.all<{ hour: number; category: string; reason: string; quantity: number }>("SELECT hour, category, reason, quantity FROM outcomes WHERE project_id = ? AND source = 'server'", [projectId]);
        assert.deepEqual(sum(storedOutcomes, (r) => `${Number(r.hour)} ${r.category} ${r.reason}`, (r) => Number(r.quantity) / round), sum(outcomes, (o) => `${hour(o.ts)} ${o.category} ${o.reason}`, (o) => o.quantity));
      }
    });
  });
}
