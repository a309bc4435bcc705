/**
 * Store writes the server used to spell out in SQL itself, on both dialects: `Db.savepoint`, bulk issue status
 * changes in one transaction, removing a user, and the first-admin claim.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import {
  claimFirstAdmin,
  createSession,
  createToken,
  createUser,
  deleteUser,
  addTeamMember,
  findSession,
  getIssue,
  getUserById,
  issueActivity,
  persistEvent,
  setIssuesStatus,
  type StoreHandle,
} from '../src/index.ts';
import { DIALECTS, openSeededStore, openTestStore } from './dialects.ts';
import { testEvent } from './test-event.ts';

const grouping = (hash: string): GroupingResult => ({ hashes: [hash.padEnd(32, 'b')], config: 'newstyle:2023-01-11', title: `E ${hash}`, culprit: 'f', metadata: {}, issueType: 'error' });
const event = (id: string, release?: string): NormalizedEvent => testEvent(id, { tags: [], release });

for (const dialect of DIALECTS) {
  describe(`store writes: ${dialect}`, () => {
    let store: StoreHandle;
    let orgId: number;
    let projectId: number;
    let teamId: number;
    before(async () => {
      ({ store, orgId, teamId, projectId } = await openSeededStore(dialect));
    });
    after(async () => store.close());

    it('savepoint: a failing inner part rolls back alone, nested ones too; outside a transaction it is one', async () => {
      await store.db.exec('CREATE TABLE sp_t (v INTEGER)');
      await store.db.transaction(async (tx) => {
        await tx.run('INSERT INTO sp_t (v) VALUES (1)');
        await assert.rejects(
          tx.savepoint(async (sp) => {
            await sp.run('INSERT INTO sp_t (v) VALUES (2)');
            throw new Error('inner fails');
          }),
          /inner fails/,
        );
        await tx.savepoint(async (sp) => {
          await sp.run('INSERT INTO sp_t (v) VALUES (3)');
          await assert.rejects(sp.savepoint(async (deeper) => {
            await deeper.run('INSERT INTO sp_t (v) VALUES (4)');
            throw new Error('deeper fails');
          }));
          await sp.run('INSERT INTO sp_t (v) VALUES (5)');
        });
      });
      await assert.rejects(store.db.savepoint(async (tx) => {
        await tx.run('INSERT INTO sp_t (v) VALUES (6)');
        throw new Error('whole fails');
      }));
      const rows = await store.db.all<{ v: number }>('SELECT v FROM sp_t ORDER BY v');
      assert.deepEqual(rows.map((r) => Number(r.v)), [1, 3, 5]);
    });

    it('setIssuesStatus: many issues in one change, each its own latest release, one activity row each; a failure changes none', async () => {
      const a = await persistEvent(store.db, { orgId, projectId, event: event('s1', 'app@1.0.0'), grouping: grouping('s1'), receivedMs: Date.now() });
      const b = await persistEvent(store.db, { orgId, projectId, event: event('s2', 'app@2.0.0'), grouping: grouping('s2'), receivedMs: Date.now() });
      const c = await persistEvent(store.db, { orgId, projectId, event: event('s3'), grouping: grouping('s3'), receivedMs: Date.now() });
      const ids = [a.issueId, b.issueId, c.issueId];
      await setIssuesStatus(store.db, ids, { status: 'resolved', statusDetails: { inNextRelease: true }, userId: null, inLatestRelease: true });
      const after = await Promise.all(ids.map((id) => getIssue(store.db, id)));
      assert.deepEqual(after.map((i) => i?.status), ['resolved', 'resolved', 'resolved']);
      assert.deepEqual(after.map((i) => JSON.parse(i!.status_details ?? '{}')), [{ inRelease: 'app@1.0.0' }, { inRelease: 'app@2.0.0' }, {}]);
      const types = await Promise.all(ids.map(async (id) => (await issueActivity(store.db, id)).map((r) => r.type).filter((t) => t.startsWith('set_'))));
      assert.deepEqual(types, [['set_resolved_in_release'], ['set_resolved_in_release'], ['set_resolved']]);

      await setIssuesStatus(store.db, [a.issueId, b.issueId], { status: 'ignored', statusDetails: { ignoreCount: 10 }, userId: null });
      assert.deepEqual(JSON.parse((await getIssue(store.db, a.issueId))!.status_details ?? '{}'), { ignoreCount: 10, ignoreCountBase: 1 });

      // An id with no issue fails the activity insert (foreign key): the UPDATE of the same change rolls back.
      await assert.rejects(setIssuesStatus(store.db, [c.issueId, 987_654], { status: 'unresolved', userId: null }));
      assert.equal((await getIssue(store.db, c.issueId))?.status, 'resolved', 'nothing of the failed change is kept');
    });

    it('setIssuesStatus: ids in any order and repeated are each changed once, one activity row each', async () => {
      const a = await persistEvent(store.db, { orgId, projectId, event: event('o1', 'app@1.0.0'), grouping: grouping('o1'), receivedMs: Date.now() });
      const b = await persistEvent(store.db, { orgId, projectId, event: event('o2', 'app@2.0.0'), grouping: grouping('o2'), receivedMs: Date.now() });
      await setIssuesStatus(store.db, [b.issueId, a.issueId, b.issueId], { status: 'resolved', userId: null, inLatestRelease: true });
      for (const [id, release] of [[a.issueId, 'app@1.0.0'], [b.issueId, 'app@2.0.0']] as const) {
        assert.deepEqual(JSON.parse((await getIssue(store.db, id))!.status_details ?? '{}'), { inRelease: release });
        assert.deepEqual((await issueActivity(store.db, id)).map((r) => r.type).filter((t) => t.startsWith('set_')), ['set_resolved_in_release']);
      }
    });

    if (dialect === 'postgres') {
      it('setIssuesStatus locks its issues in id order, not in the order its UPDATEs are planned', async () => {
        // Given [high, low] with different releases, the UPDATEs are planned high first. Another transaction
        // holds `high`: while the bulk change waits on it, it must already hold `low` (taken first, by id).
        const low = await persistEvent(store.db, { orgId, projectId, event: event('l1', 'app@1.0.0'), grouping: grouping('l1'), receivedMs: Date.now() });
        const high = await persistEvent(store.db, { orgId, projectId, event: event('l2', 'app@2.0.0'), grouping: grouping('l2'), receivedMs: Date.now() });
        let release!: () => void;
        const mayCommit = new Promise<void>((r) => (release = r));
        let bulk: Promise<void> | undefined;
        await store.db.transaction(async (holder) => {
          await holder.get('SELECT id FROM issues WHERE id = ? FOR UPDATE', [high.issueId]);
          bulk = setIssuesStatus(store.db, [high.issueId, low.issueId], { status: 'resolved', userId: null, inLatestRelease: true });
          for (;;) {
            const w = await holder.get<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if (Number(w!.n) > 0) break;
          }
          await assert.rejects(
            holder.savepoint((sp) => sp.get('SELECT id FROM issues WHERE id = ? FOR UPDATE NOWAIT', [low.issueId])),
            /could not obtain lock/,
            'the lower id is locked before the bulk change waits on the higher one',
          );
          release();
          await mayCommit;
        });
        await bulk;
        assert.equal((await getIssue(store.db, low.issueId))?.status, 'resolved');
      });
    }

    it('deleteUser removes the user, sessions, tokens and memberships, and keeps the activity without a name', async () => {
      const user = await createUser(store.db, { email: `gone-${dialect}@example.com`, passwordHash: 'x', isAdmin: false });
      await addTeamMember(store.db, teamId, user.id);
      const { sessionId } = await createSession(store.db, user.id, 60_000);
      await createToken(store.db, { userId: user.id, name: 't', scopes: [] });
      const issue = await persistEvent(store.db, { orgId, projectId, event: event('d1'), grouping: grouping('d1'), receivedMs: Date.now() });
      await setIssuesStatus(store.db, [issue.issueId], { status: 'resolved', userId: user.id });
      await deleteUser(store.db, user.id);
      assert.equal(await getUserById(store.db, user.id), undefined);
      assert.equal(await findSession(store.db, sessionId), undefined);
      const left = await store.db.get<{ n: number }>('SELECT (SELECT COUNT(*) FROM api_tokens WHERE user_id = ?) + (SELECT COUNT(*) FROM team_members WHERE user_id = ?) AS n', [user.id, user.id]);
      assert.equal(Number(left?.n), 0);
      const activity = await issueActivity(store.db, issue.issueId);
      assert.ok(activity.some((r) => r.type === 'set_resolved' && r.user_id === null));
    });

    it('claimFirstAdmin: two racing claims make one admin; none once users exist', async () => {
      const fresh = await openTestStore(dialect);
      try {
        const input = (email: string) => ({ email, passwordHash: 'h' });
        const results = await Promise.all([claimFirstAdmin(fresh.db, input('a@example.com')), claimFirstAdmin(fresh.db, input('b@example.com'))]);
        const made = results.filter((u) => u !== undefined);
        assert.equal(made.length, 1);
        assert.equal(made[0]!.is_admin, 1);
        assert.equal(await claimFirstAdmin(fresh.db, input('c@example.com')), undefined);
      } finally {
        await fresh.close();
      }
    });
  });
}
