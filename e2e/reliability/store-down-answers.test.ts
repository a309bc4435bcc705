/**
 * While PostgreSQL is down, the API and ingest both answer 503 with Retry-After and a detail saying the store is
 * unavailable (the one error table), not a 500; once it is back the same server answers 200 again.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { errorEnvelope, newEventId } from './helpers/envelopes.ts';
import { startRestartablePostgres, type RestartablePostgres } from './helpers/restartable-postgres.ts';

describe('answers while the store is down (postgres)', () => {
  let pg: RestartablePostgres;
  let t: TestServer;
  let down = false;
  before(async () => {
    pg = await startRestartablePostgres();
    t = await startTestServer('postgres', [], {}, pg.url);
  });
  after(async () => {
    if (down) await pg.start(); // a failed assertion left it stopped: the server's close needs it
    await t?.close();
    await pg?.destroy();
  });

  it('API and ingest answer 503 with Retry-After while PostgreSQL is stopped, and 200 once it is back', async () => {
    const issues = `/api/0/projects/faultline/${t.projectSlug}/issues/`;
    const ingest = () => fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body: new Uint8Array(errorEnvelope(newEventId(), 1)) });
    assert.equal((await t.api(issues)).status, 200);
    await pg.stop();
    down = true;
    const api = await t.api<{ detail: string }>(issues);
    assert.equal(api.status, 503);
    assert.equal(api.headers.get('retry-after'), '5');
    assert.match(api.body.detail, /store is unavailable/);
    const refused = await ingest();
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    await pg.start();
    down = false;
    const back = await t.api(issues);
    assert.equal(back.status, 200);
    assert.equal((await ingest()).status, 200);
  });
});
