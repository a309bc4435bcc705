import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSessionAggregates,
  parseSessionUpdate,
  transitionSession,
  USER_CRASHED,
  USER_ERRORED,
  USER_HEALTHY,
  type SessionState,
  type SessionUpdate,
} from '../src/index.ts';

const T0 = Date.parse('2026-12-02T10:15:00Z');

function update(over: Partial<SessionUpdate> = {}): SessionUpdate {
  return { sid: 's1', did: 'u1', init: false, started: T0, status: 'ok', errors: 0, release: 'app@1', environment: 'production', ...over };
}

/** Runs a sequence of updates through the transition, summing the deltas the way the counters would. */
function run(updates: SessionUpdate[]) {
  let state: SessionState | undefined;
  const sum = { started: 0, errored: 0, crashed: 0, abnormal: 0 };
  let worst: number | null = null;
  for (const u of updates) {
    const t = transitionSession(state, u);
    if (!t.state) continue;
    state = t.state;
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += t.delta[k];
    if (t.user) worst = Math.max(worst ?? 0, t.user.worst);
  }
  return { sum, state, worst };
}

describe('session transitions', () => {
  it('a healthy session: started once, nothing else, however many ok updates', () => {
    const r = run([update({ init: true }), update(), update(), update({ status: 'exited' })]);
    assert.deepEqual(r.sum, { started: 1, errored: 0, crashed: 0, abnormal: 0 });
    assert.equal(r.worst, USER_HEALTHY);
  });

  it('errors > 0 marks it errored once; exiting afterwards keeps it errored, not healthy', () => {
    const r = run([update({ init: true }), update({ errors: 1 }), update({ errors: 2 }), update({ status: 'exited', errors: 2 })]);
    assert.deepEqual(r.sum, { started: 1, errored: 1, crashed: 0, abnormal: 0 });
    assert.equal(r.worst, USER_ERRORED);
  });

  it('a crash is errored and crashed, once; later updates change nothing', () => {
    const r = run([update({ init: true }), update({ status: 'crashed', errors: 1 }), update({ status: 'crashed', errors: 1 }), update({ status: 'exited' })]);
    assert.deepEqual(r.sum, { started: 1, errored: 1, crashed: 1, abnormal: 0 });
    assert.equal(r.state?.status, 'crashed');
    assert.equal(r.worst, USER_CRASHED);
  });

  it('init and final status in one update (a short process) count both', () => {
    assert.deepEqual(run([update({ init: true, status: 'abnormal' })]).sum, { started: 1, errored: 1, crashed: 0, abnormal: 1 });
  });

  it('a session first seen after its init was lost still counts as started; its bucket is fixed by the first update', () => {
    const later = T0 + 3 * 3_600_000;
    const r = run([update({ errors: 1, started: T0 }), update({ status: 'exited', started: later, release: 'app@2' })]);
    assert.deepEqual(r.sum, { started: 1, errored: 1, crashed: 0, abnormal: 0 });
    assert.equal(r.state?.started, T0);
    assert.equal(r.state?.release, 'app@1');
  });

  it('the user id can arrive in a later update (setUser after init)', () => {
    const t1 = transitionSession(undefined, update({ init: true, did: null }));
    assert.equal(t1.user, null);
    const t2 = transitionSession(t1.state!, update({ did: 'u9', errors: 1 }));
    assert.deepEqual(t2.user, { did: 'u9', worst: USER_ERRORED });
  });
});

describe('session payloads', () => {
  it('reads a browser session update, ISO times, unknown status as ok, missing sid as nothing', () => {
    const u = parseSessionUpdate({ sid: 'abc', did: 'u1', init: true, started: '2026-12-02T10:15:00.123Z', status: 'weird', errors: '2', attrs: { release: 'web@3', environment: 'staging' } }, 0);
    assert.deepEqual(u, { sid: 'abc', did: 'u1', init: true, started: Date.parse('2026-12-02T10:15:00.123Z'), status: 'ok', errors: 2, release: 'web@3', environment: 'staging' });
    assert.equal(parseSessionUpdate({ status: 'exited' }, 0), null);
    assert.equal(parseSessionUpdate({ sid: 'x', attrs: 'nope' }, T0)?.environment, 'production');
  });

  it('reads request-mode aggregates: exclusive final statuses become started / errored-all / crashed', () => {
    const aggs = parseSessionAggregates({ attrs: { release: 'api@1' }, aggregates: [{ started: '2026-12-02T10:15:00Z', exited: 5, errored: 2, crashed: 1 }, { started: 'x', exited: 0 }, 'junk'] }, T0);
    assert.equal(aggs.length, 1);
    assert.deepEqual(aggs[0]!.delta, { started: 8, errored: 3, crashed: 1, abnormal: 0 });
    assert.equal(aggs[0]!.started, T0);
  });
});
