/**
 * The store port families the server calls, one behaviour per test, the same test body on SQLite and PostgreSQL:
 * issues (list, search, status), events, releases, tags, outcomes and usage, keys, users and sessions, alert
 * state, replays, spans, retention deletes, kv (settings, expiring state, leases) and shared rate windows.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import type { NormalizedSpan, ReplaySummary } from '@faultline/pipeline';
import {
  addAcceptedCounts,
  addOutcomes,
  alertCounts,
  claimLease,
  createKey,
  createSession,
  createToken,
  createUser,
  deleteExpiredEvents,
  deleteExpiredSpans,
  deleteKey,
  deleteReplay,
  deleteSession,
  eventNeighbours,
  findSession,
  findToken,
  getEvent,
  getKeyByPublicKey,
  getReplay,
  getSetting,
  getUserByEmail,
  hourOf,
  issueActivity,
  issueTagValues,
  listIssueEvents,
  listReleases,
  listReplays,
  listTraceSpans,
  openBlobStore,
  orgTagKeys,
  persistEvents,
  pruneExpiringState,
  putSetting,
  releaseLease,
  renewLease,
  reserveFromWindow,
  revokeToken,
  searchIssues,
  setIssuesStatus,
  setKeyActive,
  takeNotificationSlot,
  updateExpiringState,
  upsertRelease,
  upsertReplay,
  usageRows,
  windowTotals,
  insertSpans,
  type IssueSearch,
  type StoreHandle,
} from '../src/index.ts';
import { DIALECTS, openTestProject } from './dialects.ts';
import { testEvent } from './test-event.ts';

const grouping = (hash: string, title = hash): GroupingResult => ({
  hashes: [hash.padEnd(32, '0')],
  config: 'newstyle:2023-01-11',
  title,
  culprit: 'handler(app.js)',
  metadata: { type: 'Error', value: title },
  issueType: 'error',
});

const NOW = Date.now();
const S = NOW / 1000;

function replay(id: string, over: Partial<ReplaySummary> = {}): ReplaySummary {
  const none = { id: null, email: null, username: null, ip: null };
  return {
    replayId: id.padEnd(32, '0'),
    environment: 'production',
    release: null,
    dist: null,
    user: none,
    browser: { name: 'Chrome', version: '120' },
    os: { name: 'Linux', version: null },
    device: { name: null, brand: null, model: null, family: null },
    urls: ['https://example.com/'],
    traceIds: [],
    errorIds: [],
    tags: {},
    startedAt: NOW - 60_000,
    finishedAt: NOW,
    replayType: 'session',
    platform: 'javascript',
    sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
    ...over,
  };
}

function span(traceId: string, spanId: string, over: Partial<NormalizedSpan> = {}): NormalizedSpan {
  return {
    traceId: traceId.padEnd(32, '0'),
    spanId: spanId.padEnd(16, '0'),
    parentSpanId: null,
    segmentId: spanId.padEnd(16, '0'),
    isSegment: true,
    op: 'http.server',
    description: 'GET /',
    status: 'ok',
    startMs: NOW - 100,
    endMs: NOW,
    durationMs: 100,
    exclusiveMs: 100,
    environment: 'production',
    release: 'app@1',
    transaction: 'GET /',
    eventId: null,
    data: {},
    measurements: null,
    clamped: false,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`store ports: ${dialect}`, () => {
    let store: StoreHandle;
    let orgId: number;
    let projectId: number;
    let dataDir: string;
    /** Stores events through digest's batch writer; answers their issue ids. */
    const store1 = async (events: Array<[NormalizedEvent, GroupingResult]>, receivedMs = NOW) =>
      (await persistEvents(store.db, events.map(([event, g]) => ({ orgId, projectId, event, grouping: g, receivedMs })))).map((r) => r.issueId);
    const search = (over: Partial<IssueSearch>) => searchIssues(store.db, { projectIds: [projectId], filters: [], text: [], sort: 'date', limit: 50, offset: 0, ...over });

    before(async () => {
      ({ store, orgId, projectId } = await openTestProject(dialect, 'ports'));
      dataDir = mkdtempSync(join(tmpdir(), 'faultline-ports-'));
    });
    after(async () => store.close());

    it('issues list: sorted by frequency, most seen first, paged with hasMore', async () => {
      await store1([
        [testEvent('f2', { timestamp: S - 3 }), grouping('freq-thrice')],
        [testEvent('f3', { timestamp: S - 2 }), grouping('freq-thrice')],
        [testEvent('f4', { timestamp: S - 1 }), grouping('freq-thrice')],
        [testEvent('f1', { timestamp: S }), grouping('freq-once')],
      ]);
      const page = await search({ sort: 'freq', text: ['freq-'], limit: 1 });
      assert.deepEqual(page.rows.map((r) => [r.title, r.times_seen]), [['freq-thrice', 3]]);
      assert.equal(page.hasMore, true);
      const next = await search({ sort: 'freq', text: ['freq-'], limit: 1, offset: 1 });
      assert.deepEqual(next.rows.map((r) => r.title), ['freq-once']);
      assert.equal(next.hasMore, false);
    });

    it('issues search: is:resolved and level: match only what they name', async () => {
      const [warned, resolved] = await store1([
        [testEvent('l1', { level: 'warning' }), grouping('level-warning')],
        [testEvent('l2'), grouping('level-resolved')],
      ]);
      await setIssuesStatus(store.db, [resolved!], { status: 'resolved', userId: null });
      const isResolved = await search({ filters: [{ key: 'is', value: 'resolved', negated: false, op: '=' }], text: ['level-'] });
      assert.deepEqual(isResolved.rows.map((r) => r.id), [resolved]);
      const warnings = await search({ filters: [{ key: 'level', value: 'warning', negated: false, op: '=' }] });
      assert.deepEqual(warnings.rows.map((r) => r.id), [warned]);
    });

    it('issue status: ignoring many issues writes the status and one activity row per issue', async () => {
      const ids = await store1([
        [testEvent('i1'), grouping('ignore-a')],
        [testEvent('i2'), grouping('ignore-b')],
      ]);
      await setIssuesStatus(store.db, ids, { status: 'ignored', userId: null });
      const ignored = await search({ filters: [{ key: 'is', value: 'ignored', negated: false, op: '=' }], text: ['ignore-'] });
      assert.deepEqual(ignored.rows.map((r) => r.id).sort(), [...ids].sort());
      for (const id of ids) assert.deepEqual((await issueActivity(store.db, id)).filter((a) => a.type === 'set_ignored').length, 1);
    });

    it('events read: by id, newest first in an issue, with previous and next', async () => {
      const [issueId] = await store1([
        [testEvent('e1', { timestamp: S - 30 }), grouping('events')],
        [testEvent('e2', { timestamp: S - 20 }), grouping('events')],
        [testEvent('e3', { timestamp: S - 10 }), grouping('events')],
      ]);
      const list = await listIssueEvents(store.db, issueId!, 10, 0);
      assert.deepEqual(list.map((e) => e.event_id), ['e3', 'e2', 'e1'].map((id) => id.padEnd(32, '0')));
      const middle = await getEvent(store.db, projectId, 'e2'.padEnd(32, '0'));
      assert.ok(middle);
      assert.deepEqual(await eventNeighbours(store.db, middle), { previous: 'e1'.padEnd(32, '0'), next: 'e3'.padEnd(32, '0') });
      assert.equal(await getEvent(store.db, projectId, 'ffff'.padEnd(32, '0')), undefined);
    });

    it('releases: an upsert creates once, then finds the same release; the list filters by query', async () => {
      const first = await upsertRelease(store.db, orgId, 'ports@1.0.0', { projectIds: [projectId] });
      const again = await upsertRelease(store.db, orgId, 'ports@1.0.0', { projectIds: [projectId] });
      await upsertRelease(store.db, orgId, 'other@2.0.0', { projectIds: [projectId] });
      assert.equal(first.created, true);
      assert.equal(again.created, false);
      assert.equal(again.release.id, first.release.id);
      assert.deepEqual((await listReleases(store.db, orgId, { query: 'ports@' })).map((r) => r.version), ['ports@1.0.0']);
    });

    it('tags: per-issue values with counts, and the org-wide keys with distinct values', async () => {
      const [issueId] = await store1([
        [testEvent('t1', { tags: [['browser', 'Firefox']] }), grouping('tags')],
        [testEvent('t2', { tags: [['browser', 'Firefox']] }), grouping('tags')],
        [testEvent('t3', { tags: [['browser', 'Chrome']] }), grouping('tags')],
        [testEvent('t4', { tags: [['browser', 'Firefox']] }), grouping('tags-other')],
      ]);
      const values = (await issueTagValues(store.db, issueId!, 'browser')).map((v) => [v.value, Number(v.times_seen)]);
      assert.deepEqual(values.sort(), [['Chrome', 1], ['Firefox', 2]]);
      const keys = await orgTagKeys(store.db, { projectIds: [projectId], since: NOW - 3_600_000 });
      assert.equal(keys.find((k) => k.key === 'browser')?.values, 2, 'Firefox in two issues is one value');
    });

    it('outcomes and usage: counts of one hour add up, accepted and outcomes read together', async () => {
      const ts = NOW - 7 * 24 * 3_600_000; // an hour no other test writes
      await addOutcomes(store.db, [
        { projectId, ts, source: 'server', category: 'error', reason: 'rate_limited', quantity: 2 },
        { projectId, ts: ts + 1, source: 'server', category: 'error', reason: 'rate_limited', quantity: 3 },
      ]);
      await addAcceptedCounts(store.db, [{ projectId, ts, category: 'error', quantity: 4 }]);
      const rows = await usageRows(store.db, { projectIds: [projectId], start: hourOf(ts), end: hourOf(ts) + 3_600_000 });
      const got = rows.map((r) => [r.source, r.reason, r.quantity]).sort();
      assert.deepEqual(got, [['accepted', '', 4], ['server', 'rate_limited', 5]]);
    });

    it('keys: a disabled key reads as inactive, and a deleted one is gone', async () => {
      const key = await createKey(store.db, projectId, 'ports key');
      assert.equal(Number((await getKeyByPublicKey(store.db, key.public_key))?.is_active), 1);
      await setKeyActive(store.db, key.id, false);
      assert.equal(Number((await getKeyByPublicKey(store.db, key.public_key))?.is_active), 0);
      await deleteKey(store.db, key.id);
      assert.equal(await getKeyByPublicKey(store.db, key.public_key), undefined);
    });

    it('users and sessions: a session is found by its id until deleted; a revoked token is not found', async () => {
      const user = await createUser(store.db, { email: 'ports@example.com', passwordHash: 'x', isAdmin: false });
      assert.equal((await getUserByEmail(store.db, 'ports@example.com'))?.id, user.id);
      const { sessionId } = await createSession(store.db, user.id, 60_000);
      assert.equal((await findSession(store.db, sessionId))?.user_id, user.id);
      await deleteSession(store.db, sessionId);
      assert.equal(await findSession(store.db, sessionId), undefined);
      const { token, row } = await createToken(store.db, { userId: user.id, name: 'ports', scopes: ['project:read'] });
      assert.equal((await findToken(store.db, token))?.id, row.id);
      await revokeToken(store.db, row.id);
      assert.equal(await findToken(store.db, token), undefined);
    });

    it('alert state: a project sends at most its cap per hour, the rest counted as suppressed', async () => {
      const at = NOW;
      const taken = [];
      for (let i = 0; i < 3; i++) taken.push(await takeNotificationSlot(store.db, projectId, at, 2));
      assert.deepEqual(taken, [true, true, false]);
      assert.deepEqual((await alertCounts(store.db, projectId, at)).lastHour, { notified: 2, suppressed: 1 });
    });

    it('replays: an upsert replaces the row, the list filters by user, and delete removes it', async () => {
      const id = 'a1b2';
      await upsertReplay(store.db, projectId, replay(id));
      await upsertReplay(store.db, projectId, replay(id, { user: { id: '7', email: 'r@example.com', username: null, ip: null } }));
      assert.equal((await getReplay(store.db, projectId, id.padEnd(32, '0')))?.user_email, 'r@example.com');
      assert.deepEqual((await listReplays(store.db, { projectIds: [projectId], userEmail: 'r@example.com', sort: '-started_at', limit: 10, offset: 0 })).map((r) => r.replay_id), [id.padEnd(32, '0')]);
      assert.equal(await deleteReplay(store.db, openBlobStore(store.db, dataDir), projectId, id.padEnd(32, '0')), true);
      assert.equal(await getReplay(store.db, projectId, id.padEnd(32, '0')), undefined);
    });

    it('spans: a repeated span is stored once, read by trace, and only the expired ones are deleted', async () => {
      const trace = 'c0ffee';
      assert.equal(await insertSpans(store.db, projectId, [span(trace, 'a1'), span(trace, 'a1')], NOW - 10_000), 1);
      assert.equal(await insertSpans(store.db, projectId, [span(trace, 'b2', { isSegment: false, parentSpanId: 'a1'.padEnd(16, '0'), segmentId: 'a1'.padEnd(16, '0') })], NOW), 1);
      assert.deepEqual((await listTraceSpans(store.db, [projectId], trace.padEnd(32, '0'), 10)).map((s) => s.span_id).sort(), ['a1', 'b2'].map((s) => s.padEnd(16, '0')));
      assert.equal(await deleteExpiredSpans(store.db, projectId, NOW - 5_000, 100), 1);
      assert.deepEqual((await listTraceSpans(store.db, [projectId], trace.padEnd(32, '0'), 10)).map((s) => s.span_id), ['b2'.padEnd(16, '0')]);
    });

    it('retention: expired events go, but each issue keeps its first and latest event', async () => {
      const old = NOW - 40 * 86_400_000;
      const [issueId] = await store1(['r1', 'r2', 'r3', 'r4'].map((id, i) => [testEvent(id, { timestamp: old / 1000 + i }), grouping('retention')]), old);
      assert.equal(await deleteExpiredEvents(store.db, projectId, NOW - 30 * 86_400_000, 100), 2);
      assert.deepEqual((await listIssueEvents(store.db, issueId!, 10, 0)).map((e) => e.event_id), ['r4', 'r1'].map((id) => id.padEnd(32, '0')));
    });

    it('kv: a setting is overwritten in place; expiring state reads as absent once expired and is pruned', async () => {
      await putSetting(store.db, 'ports:setting', 'one');
      await putSetting(store.db, 'ports:setting', 'two');
      assert.equal(await getSetting(store.db, 'ports:setting'), 'two');
      await updateExpiringState(store.db, ['ports:x'], NOW, () => ({ result: null, write: [{ value: { n: 1 }, expiresAt: NOW + 1_000 }] }));
      const read = (now: number) => updateExpiringState(store.db, ['ports:x'], now, (v) => ({ result: v[0], write: [undefined] }));
      assert.deepEqual(await read(NOW), { n: 1 });
      assert.equal(await read(NOW + 2_000), undefined);
      assert.equal(await pruneExpiringState(store.db, 'ports:', NOW + 2_000), 1);
    });

    it('leases: one holder at a time, taken over only after it expires or is released', async () => {
      assert.equal(await claimLease(store.db, 'ports-job', 'node-a', 10_000, NOW), true);
      assert.equal(await claimLease(store.db, 'ports-job', 'node-b', 10_000, NOW + 1_000), false);
      assert.equal(await renewLease(store.db, 'ports-job', 'node-a', 10_000, NOW + 2_000), true);
      assert.equal(await claimLease(store.db, 'ports-job', 'node-b', 10_000, NOW + 11_000), false, 'the renewal moved the expiry');
      assert.equal(await claimLease(store.db, 'ports-job', 'node-b', 10_000, NOW + 12_001), true);
      assert.equal(await renewLease(store.db, 'ports-job', 'node-a', 10_000, NOW + 12_002), false);
      await releaseLease(store.db, 'ports-job', 'node-b');
      assert.equal(await claimLease(store.db, 'ports-job', 'node-c', 10_000, NOW + 12_003), true);
    });

    it('rate windows: reservations are all or nothing and never pass the limit', async () => {
      const w = { scope: 'key', key: 'ports', windowStart: hourOf(NOW), windowMs: 3_600_000 };
      assert.equal(await reserveFromWindow(store.db, w, 6, 10), true);
      assert.equal(await reserveFromWindow(store.db, w, 5, 10), false);
      assert.equal(await reserveFromWindow(store.db, w, 4, 10), true);
      assert.deepEqual(await windowTotals(store.db, 'key', 'ports', w.windowStart, w.windowStart + 1), { used: 10, earliest: w.windowStart });
    });
  });
}
