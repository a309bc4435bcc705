/** The digest writer's planner: pure, so every decision is checked here without a database. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import { planBatch } from '../src/digest/batch-plan.ts';
import type { BatchSnapshot } from '../src/digest/batch-snapshot.ts';
import type { IssueState, PersistInput } from '../src/digest/persist-types.ts';
import { testEvent } from './test-event.ts';

const T0 = Date.UTC(2026, 11, 1, 10, 30);

function input(id: string, hashes: string[], over: Partial<NormalizedEvent> = {}, projectId = 1): PersistInput {
  const event = testEvent(id, { timestamp: T0 / 1000, received: T0 / 1000, ...over });
  const grouping: GroupingResult = { hashes, config: 'newstyle:2023-01-11', title: `Error ${id}`, culprit: 'x', metadata: {}, issueType: 'error' };
  return { orgId: 1, projectId, event, grouping, receivedMs: T0 };
}

function snapshot(over: Partial<BatchSnapshot> = {}): BatchSnapshot {
  return { storedEvents: new Set(), hashOwners: new Map(), issues: new Map(), releases: new Map(), ...over };
}

const stored = (id: number, over: Partial<IssueState> = {}): IssueState => ({ id, status: 'unresolved', substatus: 'ongoing', status_details: '{}', first_seen: T0 - 1000, last_seen: T0 - 1000, times_seen: 5, ...over });

describe('digest planner', () => {
  it('drops stored and repeated event ids as duplicates, plans nothing for them', () => {
    const plan = planBatch([input('a', ['h1']), input('b', ['h1']), input('a', ['h1'])], snapshot({ storedEvents: new Set(['1:' + 'b'.padEnd(32, '0')]) }));
    assert.deepEqual(plan.results.map((r) => r === null), [false, true, true]);
    assert.equal(plan.events.length, 1);
    assert.equal(plan.issues[0]!.counts.events, 1);
  });

  it('creates one issue for events sharing a new hash and aggregates their counters', () => {
    const at = (min: number) => (T0 + min * 60_000) / 1000;
    const plan = planBatch(
      [
        input('a', ['h1'], { user: { id: 'u1' }, tags: [['user', 'id:u1']], timestamp: at(0) }),
        input('b', ['h1'], { user: { id: 'u2' }, tags: [['user', 'id:u2']], timestamp: at(40) }),
        input('c', ['h1'], { user: { id: 'u1' }, tags: [['user', 'id:u1']], timestamp: at(10) }),
        input('d', ['h2']),
      ],
      snapshot(),
    );
    assert.equal(plan.issues.length, 2);
    assert.deepEqual(plan.results.map((r) => [r!.issue, r!.isNewIssue]), [[0, true], [0, false], [0, false], [1, true]]);
    const issue = plan.issues[0]!;
    assert.equal(issue.id, undefined);
    assert.deepEqual(issue.newHashes, ['h1']);
    assert.equal(issue.counts.events, 3);
    assert.equal(issue.counts.tags.get('user\u0000id:u1')!.count, 2);
    assert.equal(issue.counts.tags.get('user.id\u0000u1')!.count, 2, 'search facets count like tags');
    assert.deepEqual([...issue.counts.hours], [[Date.UTC(2026, 11, 1, 10), 2], [Date.UTC(2026, 11, 1, 11), 1]]);
    assert.equal(issue.latest.event.event_id, 'b'.padEnd(32, '0'), 'the latest by time, not by order');
    assert.equal(issue.counts.firstTs, T0);
  });

  it('joins a stored issue by any hash and links the hashes it did not own yet', () => {
    const plan = planBatch([input('a', ['h-new', 'h-old']), input('b', ['h-new'])], snapshot({ hashOwners: new Map([['1:h-old', 7]]), issues: new Map([[7, stored(7)]]) }));
    assert.equal(plan.issues.length, 1);
    assert.equal(plan.issues[0]!.id, 7);
    assert.deepEqual(plan.issues[0]!.newHashes, ['h-new']);
    assert.deepEqual(plan.results.map((r) => [r!.issue, r!.isNewIssue]), [[0, false], [0, false]]);
  });

  it('keeps projects apart: the same hash in two projects is two issues', () => {
    const plan = planBatch([input('a', ['h1'], {}, 1), input('b', ['h1'], {}, 2)], snapshot({ hashOwners: new Map([['1:h1', 7]]), issues: new Map([[7, stored(7)]]) }));
    assert.deepEqual(plan.issues.map((i) => i.id), [7, undefined]);
  });

  it('regresses a resolved issue once: its later events in the batch see it unresolved', () => {
    const plan = planBatch([input('a', ['h1']), input('b', ['h1'])], snapshot({ hashOwners: new Map([['1:h1', 7]]), issues: new Map([[7, stored(7, { status: 'resolved' })]]) }));
    assert.deepEqual(plan.results.map((r) => r!.regressed), [true, false]);
    assert.equal(plan.issues[0]!.status?.substatus, 'regressed');
    assert.deepEqual(plan.issues[0]!.activities.map((a) => a.type), ['set_regression']);
  });

  it('"resolved in release": regresses only from a later release (semver, else first seen; a new release is later)', () => {
    const resolvedIn = (v: string) => snapshot({
      hashOwners: new Map([['1:h1', 7]]),
      issues: new Map([[7, stored(7, { status: 'resolved', status_details: JSON.stringify({ inRelease: v }) })]]),
      releases: new Map([['1:old-build', { date_created: 1, id: 1 }], ['1:mid-build', { date_created: 2, id: 2 }]]),
    });
    const regressed = (release: string | undefined, base: string) => planBatch([input('a', ['h1'], { release })], resolvedIn(base)).results[0]!.regressed;
    assert.equal(regressed('app@1.0.0', 'app@1.1.0'), false);
    assert.equal(regressed('app@1.2.0', 'app@1.1.0'), true);
    assert.equal(regressed(undefined, 'app@1.1.0'), false);
    assert.equal(regressed('old-build', 'mid-build'), false, 'a non-semver release seen before the resolution');
    assert.equal(regressed('brand-new-build', 'mid-build'), true, 'a release this batch creates');
  });

  it('escalates an ignored issue on the event that reaches its ignore count, counting the batch so far', () => {
    const ignored = stored(7, { status: 'ignored', substatus: 'archived_until_condition_met', times_seen: 8, status_details: JSON.stringify({ ignoreCount: 10, ignoreCountBase: 0 }) });
    const plan = planBatch([input('a', ['h1']), input('b', ['h1']), input('c', ['h1'])], snapshot({ hashOwners: new Map([['1:h1', 7]]), issues: new Map([[7, ignored]]) }));
    assert.deepEqual(plan.results.map((r) => r!.escalated), [false, true, false]);
    assert.equal(plan.issues[0]!.status?.substatus, 'escalating');
  });

  it('aggregates releases per project with the issues they start', () => {
    const plan = planBatch([input('a', ['h1'], { release: 'r1' }), input('b', ['h1'], { release: 'r1', timestamp: (T0 + 5000) / 1000 }), input('c', ['h2'], { release: 'r1' })], snapshot());
    assert.deepEqual(plan.releases, [{ orgId: 1, projectId: 1, version: 'r1', firstTs: T0, lastTs: T0 + 5000, newGroups: 2 }]);
  });
});
