import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { decodeJsonBody } from '@faultline/store';

// Real SDK traffic captured from @sentry/node and @sentry/browser 11.12.0 (see fixtures/README.md in shared/),
// replayed byte for byte with the same headers; only the project id and key in the URL are this server's.
const DIR = fileURLToPath(new URL('../../fixtures/sdk-11.12.0/', import.meta.url));

interface Logged {
  file: string;
  method: string;
  url: string;
  headers: Record<string, string>;
}

function requests(folder: string): Logged[] {
  return readFileSync(`${DIR}${folder}/requests.log`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged);
}

async function replay(t: TestServer, folder: string): Promise<Array<{ file: string; status: number; body: unknown }>> {
  const out = [];
  for (const r of requests(folder)) {
    const url = new URL(r.url, t.url);
    url.pathname = `/api/${t.projectId}/envelope/`;
    url.searchParams.set('sentry_key', t.publicKey);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) if (!['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)) headers[k] = v;
    const res = await fetch(url, { method: 'POST', body: readFileSync(`${DIR}${folder}/${r.file}`), headers });
    out.push({ file: r.file, status: res.status, body: await res.json() });
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`captured SDK traffic replayed over HTTP (${dialect})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(dialect);
    });
    after(async () => t?.close());

    it('accepts every node request and groups its errors', async () => {
      const results = await replay(t, 'node');
      for (const r of results) assert.equal(r.status, 200, `${r.file}: ${JSON.stringify(r.body)}`);
      const ev = results.find((r) => r.file === '04-event.envelope')!;
      assert.match((ev.body as { id: string }).id, /^[0-9a-f]{32}$/);
      await waitForDigest(t);
      const issues = await t.api<Array<{ title: string; level: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`);
      const titles = issues.body.map((i) => i.title).sort();
      assert.equal(issues.body.length, 5, titles.join(' | '));
      assert.ok(titles.some((x) => x.startsWith('SignalingError')));
      assert.ok(titles.some((x) => x.startsWith('ReferenceError')));
      assert.ok(titles.some((x) => x.startsWith('ICE restart limit reached')));
    });

    it('scrubs the password and card number the SDK sent in extra before storing the event', async () => {
      const issues = await t.api<Array<{ id: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=SyntaxError`);
      assert.equal(issues.body.length, 1);
      const ev = await t.api<{ extra: Record<string, unknown> }>(`/api/0/issues/${issues.body[0]!.id}/events/latest/`);
      assert.deepEqual(ev.body.extra, { password: '[Filtered]', card: '[Filtered]' });
      const row = await t.server.app.db.get<{ body: Uint8Array }>('SELECT body FROM events WHERE title LIKE ?', ['SyntaxError%']);
      const stored = decodeJsonBody(row!.body);
      assert.doesNotMatch(stored, /hunter2|4111 1111/, 'the secret is not in the stored body at all');
    });

    it('accepts every browser request (spans, sessions, replay) and parses browser and OS from the User-Agent', async () => {
      const results = await replay(t, 'browser');
      for (const r of results) assert.equal(r.status, 200, `${r.file}: ${JSON.stringify(r.body)}`);
      await waitForDigest(t);
      const issues = await t.api<Array<{ id: string; title: string }>>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=${encodeURIComponent('TypeError')}`);
      assert.ok(issues.body.length >= 1);
      const ev = await t.api<{ contexts: Record<string, { name?: string }>; tags: Array<{ key: string; value: string }> }>(`/api/0/issues/${issues.body[0]!.id}/events/latest/`);
      assert.ok(ev.body.contexts.browser?.name, 'browser context derived from the User-Agent');
      assert.ok(ev.body.contexts.os?.name, 'os context derived from the User-Agent');
      const rawTypes = await t.server.app.db.all<{ type: string }>('SELECT DISTINCT type FROM raw_items WHERE project_id = ? ORDER BY type', [t.projectId]);
      const types = rawTypes.map((r) => r.type);
      assert.ok(types.includes('session'), `kept raw: session (have ${types.join(', ')})`);
      const spans = await t.server.app.db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM spans WHERE project_id = ? AND trace_id = ?', [t.projectId, 'abc483afc6d8400a9127bf13384b777a']);
      assert.equal(Number(spans?.n), 15, 'the span containers became span rows (14 pageload spans and the LCP span)');
      const stored = await t.server.app.db.get<{ replay_type: string; browser_name: string }>('SELECT replay_type, browser_name FROM replays WHERE project_id = ? AND replay_id = ?', [t.projectId, 'a7829b3536b340a5b0001f1647c0388d']);
      assert.deepEqual(stored, { replay_type: 'buffer', browser_name: 'HeadlessChrome' }, 'the captured replay_event became a replay, browser from the User-Agent');
      const segs = await t.server.app.db.all<{ segment_id: number }>('SELECT segment_id FROM replay_segments WHERE project_id = ?', [t.projectId]);
      assert.deepEqual(segs.map((r) => Number(r.segment_id)), [0], 'the captured recording became segment 0');
    });
  });
}
