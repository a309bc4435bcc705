import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import {
  getIssue,
  MIGRATIONS,
  migrate,
  SchemaTooNewError,
  persistEvent,
  searchIssues,
  setIssueStatus,
  type StoreHandle,
} from '../src/index.ts';
import { DIALECTS, openSeededStore } from './dialects.ts';
import { testEvent } from './test-event.ts';

function event(id: string, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return testEvent(id, { tags: [['environment', 'production'], ['user', `id:${id}`]], environment: 'production', ...over });
}

const grouping = (hash: string, title = 'TypeError: boom'): GroupingResult => ({
  hashes: [hash.padEnd(32, 'a')],
  config: 'newstyle:2023-01-11',
  title,
  culprit: 'handler(app.js)',
  metadata: { type: 'TypeError', value: 'boom' },
  issueType: 'error',
});

for (const dialect of DIALECTS) {
  describe(`store conformance: ${dialect}`, () => {
    let store: StoreHandle;
    let orgId: number;
    let projectId: number;
    before(async () => {
      ({ store, orgId, projectId } = await openSeededStore(dialect));
    });
    after(async () => store.close());

    it('migrations are idempotent: a second run applies nothing', async () => {
      assert.deepEqual(await migrate(store.db, MIGRATIONS), []);
    });

    it('refuses to run on a store migrated by a newer Faultline', async () => {
      await store.db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [9999, 'from the future', Date.now()]);
      await assert.rejects(migrate(store.db, MIGRATIONS), SchemaTooNewError);
      await store.db.run('DELETE FROM schema_migrations WHERE version = ?', [9999]);
    });

    it('groups events with the same hash into one issue and counts users', async () => {
      const a = await persistEvent(store.db, { orgId, projectId, event: event('a1'), grouping: grouping('h1'), receivedMs: Date.now() });
      const b = await persistEvent(store.db, { orgId, projectId, event: event('a2'), grouping: grouping('h1'), receivedMs: Date.now() });
      const c = await persistEvent(store.db, { orgId, projectId, event: event('a3'), grouping: grouping('h2', 'Other'), receivedMs: Date.now() });
      assert.equal(a.isNewIssue, true);
      assert.equal(b.issueId, a.issueId);
      assert.notEqual(c.issueId, a.issueId);
      const issue = await getIssue(store.db, a.issueId);
      assert.equal(issue?.times_seen, 2);
      assert.equal(issue?.user_count, 2);
    });

    it('drops a repeated event_id as a duplicate', async () => {
      const r = await persistEvent(store.db, { orgId, projectId, event: event('a1'), grouping: grouping('h1'), receivedMs: Date.now() });
      assert.equal(r.duplicate, true);
    });

    it('reopens a resolved issue (regression) but respects "resolved in release"', async () => {
      const first = await persistEvent(store.db, { orgId, projectId, event: event('r1', { release: 'app@1.0.0' }), grouping: grouping('h3'), receivedMs: Date.now() });
      await setIssueStatus(store.db, first.issueId, { status: 'resolved', statusDetails: { inRelease: 'app@1.1.0' }, userId: null });
      const old = await persistEvent(store.db, { orgId, projectId, event: event('r2', { release: 'app@1.0.0' }), grouping: grouping('h3'), receivedMs: Date.now() });
      assert.equal(old.regressed, false);
      assert.equal((await getIssue(store.db, first.issueId))?.status, 'resolved');
      const newer = await persistEvent(store.db, { orgId, projectId, event: event('r3', { release: 'app@1.2.0' }), grouping: grouping('h3'), receivedMs: Date.now() });
      assert.equal(newer.regressed, true);
      const issue = await getIssue(store.db, first.issueId);
      assert.equal(issue?.status, 'unresolved');
      assert.equal(issue?.substatus, 'regressed');
    });

    it('searches by status, tag, negation and free text', async () => {
      const base = { projectIds: [projectId], text: [], sort: 'date' as const, limit: 50, offset: 0 };
      const all = await searchIssues(store.db, { ...base, filters: [] });
      assert.equal(all.rows.length, 3);
      const other = await searchIssues(store.db, { ...base, filters: [], text: ['other'] });
      assert.deepEqual(other.rows.map((r) => r.title), ['Other']);
      const prod = await searchIssues(store.db, { ...base, filters: [{ key: 'environment', value: 'production', negated: false, op: '=' }] });
      assert.equal(prod.rows.length, 3);
      const notProd = await searchIssues(store.db, { ...base, filters: [{ key: 'environment', value: 'production', negated: true, op: '=' }] });
      assert.equal(notProd.rows.length, 0);
      const paged = await searchIssues(store.db, { ...base, filters: [], limit: 2 });
      assert.equal(paged.rows.length, 2);
      assert.equal(paged.hasMore, true);
    });

    it('queue: appended envelopes are consumed exactly once, and not when the transaction fails', async () => {
      const q = store.queue!;
      await q.append({ projectId, received: Date.now(), clientIp: null, body: Buffer.from('{}\n') });
      await q.append({ projectId, received: Date.now(), clientIp: null, body: Buffer.from('{"x":1}\n') });
      await assert.rejects(
        q.consume(10, async () => {
          throw new Error('digest failed');
        }),
      );
      const seen: string[] = [];
      const n = await q.consume(10, async (_tx, batch) => {
        for (const b of batch) seen.push(Buffer.from(b.body).toString());
      });
      assert.equal(n, 2);
      assert.deepEqual(seen, ['{}\n', '{"x":1}\n']);
      assert.equal(await q.consume(10, async () => undefined), 0);
      assert.equal(q.depth(), 0);
    });
  });
}
