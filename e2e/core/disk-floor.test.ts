/**
 * The free-disk floor on both dialects: with `--min-free-disk-bytes` above the data dir's real free space (statfs) at start,
 * ingest answers 503 + Retry-After, stores nothing and counts one `disk_full` outcome per item, and /readyz is not
 * ready with reason "disk"; with the floor lowered at run time (the config the check reads) the same server, not
 * restarted, is ready again and accepts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId } from '../helpers/send-event.ts';

interface Ready {
  status: string;
  reasons: string[];
  disk: { freeBytes: number; floorBytes: number; status: string };
}

for (const dialect of DIALECTS) {
  describe(`free-disk floor (${dialect})`, () => {
    let t: TestServer;
    // Twice the free space of the file system the test's data dir is made on.
    const floorAbove = () => {
      const s = statfsSync(tmpdir());
      return Number(s.bavail) * Number(s.bsize) * 2;
    };
    const post = () => {
      const id = newEventId();
      const session = { sid: newEventId(), init: true, started: new Date().toISOString(), status: 'ok', attrs: { release: 'disk@1' } };
      const body = [JSON.stringify({ event_id: id }), JSON.stringify({ type: 'event' }), JSON.stringify({ event_id: id, ...errorEvent('DiskError', 'full', 'writer') }), JSON.stringify({ type: 'session' }), JSON.stringify(session)].join('\n');
      return fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body });
    };
    const outcomes = async () => {
      await t.server.app.outcomes.flush();
      return t.server.app.db.all<{ category: string; n: number | string }>("SELECT category, SUM(quantity) AS n FROM outcomes WHERE reason = 'disk_full' GROUP BY category ORDER BY category");
    };

    before(async () => {
      t = await startTestServer(dialect, ['--min-free-disk-bytes', String(floorAbove())]);
    });
    after(async () => t?.close());

    it('refuses below the floor with 503 + Retry-After and one outcome per item; /readyz says "disk"; recovers without a restart', async () => {
      const res = await post();
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '60');
      assert.match(((await res.json()) as { detail: string }).detail, /disk is almost full/);
      assert.deepEqual((await outcomes()).map((o) => [o.category, Number(o.n)]), [['error', 1], ['session', 1]]);
      const ready = await fetch(`${t.url}/readyz`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as Ready;
      assert.deepEqual(body.reasons, ['disk']);
      assert.ok(body.disk.freeBytes < body.disk.floorBytes);

      t.server.app.config.minFreeDiskBytes = 1024;
      const again = await fetch(`${t.url}/readyz`);
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as Ready).disk.status, 'ok');
      assert.equal((await post()).status, 200);
      await waitForDigest(t);
      const issues = (await t.api<Array<{ count: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`)).body;
      assert.deepEqual(issues.map((i) => i.count), ['1'], 'only the accepted event was stored');
      assert.deepEqual((await outcomes()).map((o) => [o.category, Number(o.n)]), [['error', 1], ['session', 1]], 'no new refusals');
    });
  });
}
