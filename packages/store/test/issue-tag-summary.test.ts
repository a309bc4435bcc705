/**
 * `issueTagSummary` against real SQLite and PostgreSQL: per tag key of an issue, the totals, distinct values and
 * top values counted in SQL equal those made from every stored tag value, with search-only facets left out.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupingResult } from '@faultline/protocol';
import { issueTagSummary, issueTagValues, persistEvents, type PersistInput, type StoreHandle } from '../src/index.ts';
import { DIALECTS, openTestProject } from './dialects.ts';
import { testEvent } from './test-event.ts';

const grouping: GroupingResult = { hashes: ['summary'.padEnd(32, 'a')], config: 'newstyle:2023-01-11', title: 'T summary', culprit: 'c', metadata: {}, issueType: 'error' };

for (const dialect of DIALECTS) {
  describe(`issue tag summary: ${dialect}`, () => {
    let store: StoreHandle;
    let orgId: number;
    let projectId: number;
    before(async () => {
      ({ store, orgId, projectId } = await openTestProject(dialect, 'tag-summary'));
    });
    after(async () => store.close());

    it('counts each key and its top values in SQL, as a recount of all values does', async () => {
      // 300 events: `user` with 120 distinct values (skewed), `browser` with 3, one facet key, `environment` once.
      const inputs: PersistInput[] = Array.from({ length: 300 }, (_, n) => ({
        orgId,
        projectId,
        receivedMs: Date.now(),
        grouping,
        event: testEvent(`f${String(n).padStart(31, '0')}`, {
          tags: [
            ['environment', 'production'],
            ['user', `id:u${n % 3 === 0 ? n % 120 : n % 7}`],
            ['browser', `b${n % 3}`],
            ['user.email', `u${n}@example.com`],
          ],
        }),
      }));
      const [first] = await persistEvents(store.db, inputs);
      const issueId = first!.issueId;
      const all = await issueTagValues(store.db, issueId);
      const expected = [...new Set(all.map((v) => v.key))].sort().map((key) => {
        const vals = all.filter((v) => v.key === key).sort((a, b) => Number(b.times_seen) - Number(a.times_seen) || (a.value < b.value ? -1 : 1));
        return { key, totalValues: vals.reduce((s, v) => s + Number(v.times_seen), 0), uniqueValues: vals.length, top: vals.slice(0, 10).map((v) => [v.value, Number(v.times_seen)]) };
      });
      const summary = await issueTagSummary(store.db, issueId, 10);
      assert.deepEqual(
        summary.map((k) => ({ key: k.key, totalValues: k.totalValues, uniqueValues: k.uniqueValues, top: k.topValues.map((v) => [v.value, Number(v.times_seen)]) })),
        expected,
      );
      assert.deepEqual(expected.map((k) => [k.key, k.totalValues, k.uniqueValues]), [['browser', 300, 3], ['environment', 300, 1], ['user', 300, 44]]);
      assert.deepEqual((await issueTagSummary(store.db, issueId, 0)).map((k) => k.topValues.length), [0, 0, 0], 'totals only');
    });
  });
}
