/**
 * @module Consistency checks run directly on a store after the server has stopped: every acknowledged event
 * stored exactly once, issue counters equal to the events stored, nothing digested twice, nothing left behind.
 */
import assert from 'node:assert/strict';
import { withStore, type StoreTarget } from './child-server.ts';

export interface LedgerCheck {
  /** event_id → group, for everything a client sent (acknowledged or not). */
  sent: Map<string, number>;
  acked: Set<string>;
  projectId: number;
}

export interface StoreFigures {
  stored: number;
  acked: number;
  storedNotAcked: number;
  issues: number;
  pending: number;
}

export async function checkStoreConsistency(target: StoreTarget, l: LedgerCheck): Promise<StoreFigures> {
  return withStore(target, async (store) => {
    const { db } = store;
    const pending = await store.queue!.pendingCount();
    assert.equal(pending, 0, 'digest left envelopes in the queue');

    const rows = await db.all<{ event_id: string; issue_id: number }>('SELECT event_id, issue_id FROM events WHERE project_id = ?', [l.projectId]);
    const stored = new Map<string, number>();
    for (const r of rows) {
      assert.ok(!stored.has(r.event_id), `event ${r.event_id} stored twice`);
      stored.set(r.event_id, r.issue_id);
    }
    const missing = [...l.acked].filter((id) => !stored.has(id));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged events were not stored`);
    const unknown = [...stored.keys()].filter((id) => !l.sent.has(id));
    assert.deepEqual(unknown.slice(0, 10), [], 'events stored that no client sent');

    // Each fingerprint group is exactly one issue, and each issue holds one group.
    const issueOfGroup = new Map<number, number>();
    for (const [id, issueId] of stored) {
      const g = l.sent.get(id)!;
      const prev = issueOfGroup.get(g);
      assert.ok(prev === undefined || prev === issueId, `group ${g} split over issues ${prev} and ${issueId}`);
      issueOfGroup.set(g, issueId);
    }
    const issues = await db.all<{ id: number; times_seen: number; events: number; hourly: number | null }>(
      `SELECT i.id, i.times_seen,
         (SELECT COUNT(*) FROM events e WHERE e.issue_id = i.id) AS events,
         (SELECT SUM(h.count) FROM issue_hourly h WHERE h.issue_id = i.id) AS hourly
       FROM issues i WHERE i.project_id = ?`,
      [l.projectId],
    );
    assert.equal(issues.length, issueOfGroup.size, 'one issue per group');
    for (const i of issues) {
      assert.equal(Number(i.times_seen), Number(i.events), `issue ${i.id}: times_seen ${i.times_seen} but ${i.events} events stored`);
      assert.equal(Number(i.hourly ?? 0), Number(i.events), `issue ${i.id}: hourly counts sum to ${i.hourly}, ${i.events} events stored`);
    }
    // Exactly once: no envelope was digested twice (that would show as duplicates) or failed.
    const dup = await db.get<{ n: number | null }>("SELECT SUM(quantity) AS n FROM outcomes WHERE reason = 'duplicate'");
    assert.equal(Number(dup?.n ?? 0), 0, 'an envelope was digested twice (duplicate outcomes)');
    const undigested = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM raw_items WHERE type = 'undigested_envelope'");
    assert.equal(Number(undigested?.n ?? 0), 0, 'some envelopes could not be digested');
    return { stored: stored.size, acked: l.acked.size, storedNotAcked: stored.size - l.acked.size, issues: issues.length, pending };
  });
}
