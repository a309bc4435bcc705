/**
 * `--metrics-token` (issue 8, point 9): when set, `/metrics` answers only `Authorization: Bearer <token>` — no header
 * or a wrong token is a 401 naming what is needed — while the probes stay open. Unset, `/metrics` stays open (the
 * API suite reads it without a header). The metrics never touch the store, so SQLite suffices.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('/metrics behind --metrics-token', () => {
  let t: TestServer;
  const token = 'scrape-me-0123456789';
  const scrape = (authorization?: string) => fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });

  before(async () => {
    t = await startTestServer('sqlite', ['--metrics-token', token]);
  });
  after(() => t?.close());

  it('refuses a scrape without the token or with another one', async () => {
    for (const header of [undefined, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, 'Bearer ', `Bearer ${t.token}`]) {
      const res = await scrape(header);
      assert.equal(res.status, 401, String(header));
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      const body = (await res.json()) as { detail: string };
      assert.match(body.detail, /--metrics-token/);
      assert.doesNotMatch(JSON.stringify(body), /faultline_/);
    }
  });

  it('answers the token with the Prometheus text, and leaves the probes open', async () => {
    const res = await scrape(`Bearer ${token}`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /faultline_queue_depth \d+/);
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
  });
});
