/**
 * Digest's batch writes, on both dialects: session counters are written with the batch's other counters (one
 * multi-row upsert, in key order — so two digest nodes cannot lock shared hourly rows in opposite orders on
 * PostgreSQL), with exact release-health semantics; and each afterStore listener runs under its own savepoint,
 * so one that throws loses only its own work (the replay link another listener writes is kept), logged once.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { linkReplayError } from '@faultline/store';
import type { StoredListener } from '../../packages/server/src/worker/digest-hooks.ts';
import { errorEvent, newEventId, sendEvent } from '../helpers/send-event.ts';

for (const dialect of DIALECTS) {
  describe(`digest batch: counters in key order, listeners isolated (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    const postSessions = async (...sessions: Array<Record<string, unknown>>): Promise<void> => {
      const lines = [JSON.stringify({ sent_at: new Date().toISOString() })];
      for (const s of sessions) lines.push(JSON.stringify({ type: 'session' }), JSON.stringify(s));
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body: lines.join('\n') });
      assert.equal(res.status, 200, await res.text());
    };
    const counts = async (release: string) => {
      const rows = await t.server.app.db.all<{ status: string; n: number | string }>('SELECT status, SUM(quantity) AS n FROM session_counts WHERE release = ? GROUP BY status ORDER BY status', [release]);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    };
    const users = async (release: string) =>
      (await t.server.app.db.all<{ did: string; worst: number | string }>('SELECT did, worst FROM session_users WHERE release = ? ORDER BY did', [release])).map((r) => [r.did, Number(r.worst)]);
    const sid = () => newEventId();
    const started = () => new Date().toISOString();

    it('session counts and users from one batch are exact: a session updated twice counts once, a user keeps its worst status', async () => {
      const release = `exact@${dialect}`;
      const [a, b] = [sid(), sid()];
      const attrs = { release, environment: 'production' };
      await postSessions(
        { sid: a, did: 'u1', init: true, started: started(), status: 'ok', errors: 0, attrs },
        { sid: a, did: 'u1', started: started(), status: 'ok', errors: 1, attrs },
        { sid: b, did: 'u1', init: true, started: started(), status: 'ok', errors: 0, attrs },
        { sid: b, did: 'u1', started: started(), status: 'exited', errors: 0, attrs },
      );
      await postSessions({ sid: sid(), did: 'u2', init: true, started: started(), status: 'crashed', errors: 1, attrs });
      await waitForDigest(t);
      assert.deepEqual(await counts(release), { crashed: 1, errored: 2, started: 3 });
      const worst = await users(release);
      assert.deepEqual(worst.map(([did]) => did), ['u1', 'u2']);
      assert.ok(Number(worst[1]![1]) > Number(worst[0]![1]), 'the crashed user is worse than the errored one');
    });

    if (dialect === 'postgres') {
      it('a batch locks its session counters in key order, not in envelope order', async () => {
        // Both rows exist; another transaction holds lock-b's. The batch's next envelope lists "lock-b"
        // before "lock-a": while it waits on lock-b, it must already hold lock-a (the lower key, written first).
        const attrs = (release: string) => ({ release, environment: 'production' });
        await postSessions({ sid: sid(), init: true, started: started(), status: 'ok', attrs: attrs('lock-a') }, { sid: sid(), init: true, started: started(), status: 'ok', attrs: attrs('lock-b') });
        await waitForDigest(t);
        let release!: () => void;
        const mayCommit = new Promise<void>((r) => (release = r));
        await t.server.app.db.transaction(async (holder) => {
          await holder.get("SELECT quantity FROM session_counts WHERE release = 'lock-b' AND status = 'started' FOR UPDATE");
          await postSessions({ sid: sid(), init: true, started: started(), status: 'ok', attrs: attrs('lock-b') }, { sid: sid(), init: true, started: started(), status: 'ok', attrs: attrs('lock-a') });
          await t.server.app.queue.flush();
          for (;;) {
            const w = await holder.get<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if (Number(w!.n) > 0) break;
          }
          await assert.rejects(
            holder.savepoint((sp) => sp.get("SELECT quantity FROM session_counts WHERE release = 'lock-a' AND status = 'started' FOR UPDATE NOWAIT")),
            /could not obtain lock/,
            'lock-a is locked before the batch waits on lock-b',
          );
          release();
          await mayCommit;
        });
        await waitForDigest(t);
        assert.deepEqual([await counts('lock-a'), await counts('lock-b')], [{ started: 2 }, { started: 2 }]);
      });
    }

    it('a listener that throws loses only its own work: the replay link is stored, the failure logged once', async () => {
      const app = t.server.app;
      const errors: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
      const logError = app.log.error;
      app.log.error = (msg, fields) => {
        errors.push({ msg, fields });
        logError(msg, fields);
      };
      // First in line, so the replay plug-in's listener runs after it, in the same batch. What it wrote before
      // throwing (a link to another replay) is rolled back with it.
      const ownReplay = newEventId();
      const failing: StoredListener = async (ctx, info) => {
        await linkReplayError(ctx.tx, { projectId: info.projectId, replayId: ownReplay, eventId: info.event.event_id, issueId: info.issueId });
        throw new Error('alerts are down');
      };
      app.hooks.afterStore.unshift(failing);
      try {
        const replayId = newEventId();
        const { id } = await sendEvent(t, { ...errorEvent('TypeError', 'listener isolation', 'isolated'), contexts: { replay: { replay_id: replayId } } });
        await waitForDigest(t);
        const link = await app.db.get<{ event_id: string; issue_id: number }>('SELECT event_id, issue_id FROM replay_errors WHERE replay_id = ?', [replayId]);
        assert.equal(link?.event_id, id, 'the replay plug-in\'s link survives the failing listener');
        assert.ok(Number(link?.issue_id) > 0);
        assert.equal(await app.db.get('SELECT event_id FROM replay_errors WHERE replay_id = ?', [ownReplay]), undefined, 'the failing listener\'s own write is rolled back');
        const failed = errors.filter((e) => /listener failed/.test(e.msg));
        assert.equal(failed.length, 1, JSON.stringify(errors));
        assert.equal(failed[0]!.fields?.listener, 'failing');
      } finally {
        app.hooks.afterStore.splice(app.hooks.afterStore.indexOf(failing), 1);
        app.log.error = logError;
      }
    });
  });
}
