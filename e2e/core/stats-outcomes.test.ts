/**
 * Usage stats end to end on both dialects: the real @sentry/node sends more errors than a key's per-minute
 * limit allows and errors of a filtered release, and one envelope with broken JSON is posted by hand. stats_v2
 * (grouped by outcome and category) then shows exactly what was accepted, rate limited, filtered, invalid and
 * discarded by the SDK itself (its client reports) — each number derived from what the SDK got back.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { runClient } from '../helpers/run-client.ts';

const STATS_APP = fileURLToPath(new URL('./apps/stats-app.mjs', import.meta.url));
const LIMIT = 3;
const SENT_LIMITED = 8;
const SENT_FILTERED = 4;

interface Seen {
  ok: number;
  limited: number;
  other: number;
  notSent: number;
  discarded: number;
}
interface StatsGroup {
  by: { outcome: string; category: string };
  totals: { 'sum(quantity)': number };
}

for (const dialect of DIALECTS) {
  describe(`stats outcomes from real traffic (${dialect})`, () => {
    let t: TestServer;
    const project = () => `/api/0/projects/faultline/${t.projectSlug}`;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    it('accepted, rate_limited, filtered, invalid and client_discard errors each equal what was sent and refused', async () => {
      const { body: key } = await t.api<{ id: string; dsn: { public: string } }>(`${project()}/keys/`, { method: 'POST', body: JSON.stringify({ name: 'limited' }) });
      const put = await t.api(`${project()}/keys/${key.id}/`, { method: 'PUT', body: JSON.stringify({ rateLimit: { count: LIMIT, window: 60 } }) });
      assert.equal(put.status, 200);
      const filter = await t.api(`${project()}/`, { method: 'PUT', body: JSON.stringify({ options: { 'filters:releases': 'stats@*-beta*' } }) });
      assert.equal(filter.status, 200);

      const startMinute = Math.floor(Date.now() / 60_000);
      const limited = (await runClient(process.execPath, [STATS_APP], key.dsn.public, { COUNT: String(SENT_LIMITED), RELEASE: 'stats@1.0.0' })) as unknown as Seen;
      const sameMinute = Math.floor(Date.now() / 60_000) === startMinute;
      const filtered = (await runClient(process.execPath, [STATS_APP], t.dsn, { COUNT: String(SENT_FILTERED), RELEASE: 'stats@2.0.0-beta.1' })) as unknown as Seen;
      const broken = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, {
        method: 'POST',
        body: `{"event_id":"${'e'.repeat(32)}"}\n{"type":"event","length":9}\n{"broken"\n`,
      });
      assert.equal(broken.status, 200, 'ingest takes the envelope; digest finds the JSON broken');

      // What the SDK saw: the quota answered 2xx, then one 429, then it held the rest back and reported them.
      // The key's window is the clock's minute: a run that crossed into the next minute may have had a second quota.
      if (sameMinute) assert.equal(limited.ok, LIMIT, JSON.stringify(limited));
      else assert.ok(limited.ok >= LIMIT, JSON.stringify(limited));
      assert.ok(limited.limited >= 1, JSON.stringify(limited));
      assert.equal(limited.other, 0);
      assert.equal(limited.ok + limited.limited + limited.notSent, SENT_LIMITED);
      assert.ok(limited.notSent > 0, 'the SDK held errors back after the 429');
      assert.equal(limited.discarded, limited.notSent, 'every error the SDK held back is in a client report it sent');
      assert.deepEqual(filtered, { ok: SENT_FILTERED, limited: 0, other: 0, notSent: 0, discarded: 0 });

      await waitForDigest(t);
      await t.server.app.outcomes.flush();
      const res = await t.api<{ groups: StatsGroup[] }>('/api/0/organizations/faultline/stats_v2/?field=sum(quantity)&groupBy=outcome&groupBy=category&statsPeriod=1h');
      assert.equal(res.status, 200);
      const errors: Record<string, number> = {};
      for (const g of res.body.groups) if (g.by.category === 'error') errors[g.by.outcome] = (errors[g.by.outcome] ?? 0) + g.totals['sum(quantity)'];
      assert.deepEqual(errors, { accepted: limited.ok, rate_limited: limited.limited, filtered: filtered.ok, invalid: 1, client_discard: limited.discarded });

      const stored = await t.server.app.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE release LIKE 'stats@%'");
      assert.equal(Number(stored?.n), limited.ok, 'only the accepted errors are stored');
    });
  });
}
