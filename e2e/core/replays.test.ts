/**
 * Session replays end to end, on both dialects: replay envelopes built per the protocol (a `replay_event` item and a
 * `replay_recording` item: `{"segment_id":N}\n` then zlib rrweb JSON — segment 0 carries the rrweb events the real
 * @sentry/browser 11.12.0 replayIntegration recorded in Chromium, from fixtures/), an error event naming the replay,
 * a repeated segment, an oversized one and a garbage one. Asserts the replay API's Sentry fields, filters, sorts and
 * paging, the downloaded segments (in order, equal to what was sent after scrubbing), the issue's replay count,
 * exactly one duplicate / too_large / invalid outcome, delete, and that a member of another team sees none of it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { parseEnvelope, serializeEnvelope, splitReplayRecording, type EnvelopeItem } from '@faultline/protocol';
import { scrubJson } from '@faultline/pipeline';
import { addTeamMember, createTeam, createToken, createUser, ensureDefaults } from '@faultline/store';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId, sendEvent } from '../helpers/send-event.ts';
import { storedReplaySegments } from '../helpers/stored-replay.ts';

const FIXTURE = new URL('../../fixtures/sdk-11.12.0/browser/07-replay_event.envelope', import.meta.url);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const U1 = 'https://app.example.com/calls';
const U2 = 'https://app.example.com/calls/42?tab=notes';

/** The rrweb events the real SDK recorded (segment 0 of the captured replay). */
function capturedRrweb(): unknown[] {
  const env = parseEnvelope(readFileSync(FIXTURE));
  const rec = env.items.find((i) => i.headers.type === 'replay_recording')!;
  return JSON.parse(inflateSync(splitReplayRecording(rec.payload)!.body).toString()) as unknown[];
}

const json = (v: unknown): EnvelopeItem['payload'] => Buffer.from(JSON.stringify(v));
const recording = (segmentId: number, body: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: segmentId })}\n`), body]);

function replayEvent(replayId: string, segmentId: number, o: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'replay_event', replay_id: replayId, event_id: replayId, segment_id: segmentId, replay_type: 'session', platform: 'javascript',
    request: { url: U1, headers: { 'User-Agent': UA } }, sdk: { name: 'sentry.javascript.browser', version: '11.12.0' }, ...o,
  };
}

interface Replay {
  id: string; project_id: string; trace_ids: string[]; error_ids: string[]; environment: string; tags: Record<string, string[]>;
  user: Record<string, string | null>; sdk: Record<string, string>; os: { name: string; version: string }; browser: { name: string; version: string };
  urls: string[]; started_at: string; finished_at: string; duration: number; count_errors: number; count_segments: number; count_urls: number;
  replay_type: string; platform: string; releases: string[]; dist: string;
}

for (const dialect of DIALECTS) {
  describe(`session replays: processing, storage and API (${dialect})`, () => {
    let t: TestServer;
    let otherTeam: (path: string, method?: string) => Promise<{ status: number; body: unknown }>;
    const A = newEventId();
    const B = newEventId();
    const t0 = Math.floor(Date.now() / 1000) - 600;
    const errorId = newEventId();
    let issueId = 0;
    const seg0 = [...capturedRrweb(), { type: 5, timestamp: t0 * 1000 + 500, data: { tag: 'breadcrumb', payload: { category: 'console', message: 'login password=hunter2 for ops@example.com' } } }];
    const seg1 = [{ type: 3, timestamp: t0 * 1000 + 4000, data: { source: 2, type: 2, id: 7, x: 10, y: 20 } }];

    const post = async (replayId: string, items: EnvelopeItem[]): Promise<void> => {
      const body = serializeEnvelope({ headers: { event_id: replayId, sent_at: new Date().toISOString(), sdk: { name: 'sentry.javascript.browser', version: '11.12.0' } }, items });
      const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body: Buffer.from(body) });
      assert.equal(res.status, 200, await res.text());
    };
    const outcomes = async (reason: string): Promise<number> => {
      await t.server.app.outcomes.flush();
      const row = await t.server.app.db.get<{ n: number | string | null }>("SELECT SUM(quantity) AS n FROM outcomes WHERE category = 'replay' AND reason = ?", [reason]);
      return Number(row?.n ?? 0);
    };
    const list = async (qs: string) => {
      const r = await t.api<{ data: Replay[] }>(`/api/0/organizations/faultline/replays/?${qs}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r;
    };

    before(async () => {
      t = await startTestServer(dialect);
      const user = { id: 'agent-7', email: 'agent7@example.com', username: 'agent7', ip_address: '203.0.113.9' };
      const tags = { team: 'ghost-greeter' };
      const seg0Items = [
        { headers: { type: 'replay_event' }, payload: json(replayEvent(A, 0, { replay_start_timestamp: t0, timestamp: t0 + 1, urls: [U1], trace_ids: ['a'.repeat(32)], error_ids: [], environment: 'production', release: 'dashboard@2.0.0', dist: '7', user, tags })) },
        { headers: { type: 'replay_recording' }, payload: recording(0, deflateSync(json(seg0))) },
      ];
      await post(A, seg0Items);
      const err = await sendEvent(t, { event_id: errorId, ...errorEvent('TypeError', 'x is undefined', 'renderCall'), contexts: { replay: { replay_id: A } } });
      assert.equal(err.id, errorId);
      // Segment 1 is plain JSON: the SDK sends that when its compression worker is blocked.
      const seg1Items = [
        { headers: { type: 'replay_event' }, payload: json(replayEvent(A, 1, { replay_start_timestamp: t0, timestamp: t0 + 5, urls: [U2], trace_ids: ['b'.repeat(32)], error_ids: [errorId], environment: 'production', release: 'dashboard@2.0.0', dist: '7', user })) },
        { headers: { type: 'replay_recording' }, payload: recording(1, json(seg1)) },
      ];
      await post(A, seg1Items);
      await post(A, seg1Items); // the same segment again
      // 11 MiB of rrweb once inflated: past the 10 MiB segment bound, though small on the wire.
      await post(A, [{ headers: { type: 'replay_recording' }, payload: recording(2, deflateSync(json([{ type: 3, data: 'x'.repeat(11 * 1024 * 1024) }]))) }]);
      await post(A, [{ headers: { type: 'replay_recording' }, payload: recording(3, Buffer.from('this is neither zlib nor JSON \u0000\u0001')) }]);
      // A second, shorter replay without errors, an hour earlier, in staging.
      await post(B, [
        { headers: { type: 'replay_event' }, payload: json(replayEvent(B, 0, { replay_start_timestamp: t0 - 3600, timestamp: t0 - 3598, urls: [U1], environment: 'staging', user: { email: 'someone@example.com' } })) },
        { headers: { type: 'replay_recording' }, payload: recording(0, deflateSync(json(seg1))) },
      ]);
      await waitForDigest(t);
      const row = await t.server.app.db.get<{ issue_id: number | string }>('SELECT issue_id FROM events WHERE event_id = ?', [errorId]);
      issueId = Number(row!.issue_id);

      const { db } = t.server.app;
      const { org } = await ensureDefaults(db);
      const red = await createTeam(db, org.id, 'red', 'Red');
      const member = await createUser(db, { email: 'red@example.com', passwordHash: 'unused: signs in with a token', isAdmin: false });
      await addTeamMember(db, red.id, member.id);
      const { token } = await createToken(db, { userId: member.id, name: 'red', scopes: ['org:read', 'project:read', 'project:write', 'event:read', 'event:admin'] });
      otherTeam = async (path, method = 'GET') => {
        const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
      };
    });
    after(async () => t?.close());

    it('merges the segments into one replay in the shape of Sentry\'s replay API', async () => {
      const r = await t.api<{ data: Replay }>(`/api/0/organizations/faultline/replays/${A}/`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const d = r.body.data;
      assert.equal(d.id, A);
      assert.equal(d.project_id, String(t.projectId));
      assert.deepEqual(d.trace_ids, ['a'.repeat(32), 'b'.repeat(32)]);
      assert.deepEqual(d.error_ids, [errorId]);
      assert.equal(d.environment, 'production');
      assert.deepEqual(d.tags, { team: ['ghost-greeter'] });
      assert.deepEqual(d.user, { id: 'agent-7', username: 'agent7', email: 'agent7@example.com', ip: '203.0.113.9', display_name: 'agent7' });
      assert.deepEqual(d.sdk, { name: 'sentry.javascript.browser', version: '11.12.0' });
      assert.equal(d.browser.name, 'Chrome');
      assert.match(d.browser.version, /^120/);
      assert.equal(d.os.name, 'Linux');
      assert.deepEqual(d.urls, [U1, U2]);
      assert.equal(d.started_at, new Date(t0 * 1000).toISOString());
      assert.equal(d.finished_at, new Date((t0 + 5) * 1000).toISOString());
      assert.equal(d.duration, 5);
      assert.equal(d.count_errors, 1);
      assert.equal(d.count_segments, 2, 'the repeated, oversized and garbage segments are not stored');
      assert.equal(d.count_urls, 2);
      assert.equal(d.replay_type, 'session');
      assert.equal(d.platform, 'javascript');
      assert.deepEqual(d.releases, ['dashboard@2.0.0']);
      assert.equal(d.dist, '7');
    });

    it('lists replays with Sentry\'s filters, sorts and cursor paging', async () => {
      const ids = (r: { body: { data: Replay[] } }) => r.body.data.map((x) => x.id);
      assert.deepEqual(ids(await list('')), [A, B], 'newest first by default');
      assert.deepEqual(ids(await list('sort=started_at')), [B, A]);
      assert.deepEqual(ids(await list('sort=duration')), [B, A]);
      assert.deepEqual(ids(await list('sort=-count_errors')), [A, B]);
      assert.deepEqual(ids(await list(`project=${t.projectId}&environment=production`)), [A]);
      assert.deepEqual(ids(await list('project=999999')), []);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('user.email:agent7@example.com')}`)), [A]);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent(`url:"${U2}"`)}`)), [A]);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('url:https://app.example.com/calls/')}`)), [], 'a URL matches exactly');
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('count_errors:>0')}`)), [A]);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent(`issue.id:${issueId}`)}`)), [A], 'the replays of an issue');
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('issue.id:999999')}`)), []);
      assert.equal((await t.api(`/api/0/organizations/faultline/replays/?query=${encodeURIComponent('issue.id:abc')}`)).status, 400);
      assert.deepEqual(ids(await list('statsPeriod=30m')), [A], 'B started an hour before A');
      assert.deepEqual(ids(await list(`start=${new Date((t0 - 7200) * 1000).toISOString()}&end=${new Date((t0 - 60) * 1000).toISOString()}`)), [B]);
      const page1 = await list('limit=1');
      assert.deepEqual(ids(page1), [A]);
      const next = /<([^>]+)>; rel="next"; results="true"/.exec(page1.headers.get('link') ?? '');
      assert.ok(next, page1.headers.get('link') ?? 'no Link header');
      const page2 = await t.api<{ data: Replay[] }>(new URL(next[1]!).pathname + new URL(next[1]!).search);
      assert.deepEqual(ids(page2), [B]);
      assert.match(page2.headers.get('link') ?? '', /rel="next"; results="false"/);
      const all = (await list('')).body.data;
      const on = (pick: (r: Replay) => string) => (value: string) => all.filter((r) => pick(r) === value).map((r) => r.id);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('browser.name:Chrome')}`)), on((r) => r.browser.name)('Chrome'));
      assert.ok(on((r) => r.browser.name)('Chrome').includes(A), 'A was recorded in Chrome');
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('os.name:Linux browser.name:Chrome')}`)), all.filter((r) => r.os.name === 'Linux' && r.browser.name === 'Chrome').map((r) => r.id));
      assert.deepEqual(ids(await list(`query=${encodeURIComponent(`browser.version:${all.find((r) => r.id === A)!.browser.version}`)}`)), on((r) => r.browser.version)(all.find((r) => r.id === A)!.browser.version));
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('browser.name:Firefox')}`)), []);
      assert.deepEqual(ids(await list(`query=${encodeURIComponent('os.version:0.0')}`)), []);
      const bad = await t.api<{ detail: string }>(`/api/0/organizations/faultline/replays/?query=${encodeURIComponent('device.flavour:x')}`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /unsupported key "device.flavour" \(supported: .*browser\.name.*os\.version\)/);
    });

    it('downloads the stored segments in order, as sent after scrubbing, and lists their metadata', async () => {
      const path = `/api/0/projects/faultline/${t.projectSlug}/replays/${A}/recording-segments/`;
      const dl = await t.api<unknown[]>(`${path}?download`);
      assert.equal(dl.status, 200);
      const scrubbed0 = scrubJson(structuredClone(seg0));
      assert.ok(scrubbed0.replaced > 0, 'the recording carried something to scrub');
      assert.deepEqual(dl.body, [scrubbed0.value, seg1]);
      assert.doesNotMatch(JSON.stringify(dl.body), /hunter2/);
      const stored = await storedReplaySegments(t, A);
      assert.equal(stored.length, 2);
      for (const payload of stored) assert.doesNotMatch(Buffer.from(payload).toString('latin1') + inflateOr(payload), /hunter2/);
      const meta = await t.api<{ data: Array<{ segmentId: number; replayId: string }> }>(path);
      assert.deepEqual(meta.body.data.map((s) => [s.replayId, s.segmentId]), [[A, 0], [A, 1]]);
    });

    it('counts the issue\'s replays through the error event that named it', async () => {
      const r = await t.api<Record<string, number>>(`/api/0/organizations/faultline/replay-count/?query=${encodeURIComponent(`issue.id:[${issueId},999999]`)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { [String(issueId)]: 1 });
      assert.equal((await t.api(`/api/0/organizations/faultline/replay-count/?query=release:x`)).status, 400);
    });

    it('counts the repeated, oversized and garbage segments once each', async () => {
      assert.equal(await outcomes('duplicate'), 1);
      assert.equal(await outcomes('too_large'), 1);
      assert.equal(await outcomes('invalid'), 1);
    });

    it('shows a member of another team none of it', async () => {
      const listed = await otherTeam('/api/0/organizations/faultline/replays/');
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body, { data: [] });
      assert.equal((await otherTeam(`/api/0/organizations/faultline/replays/${A}/`)).status, 404);
      assert.equal((await otherTeam(`/api/0/projects/faultline/${t.projectSlug}/replays/${A}/recording-segments/?download`)).status, 404);
      assert.deepEqual((await otherTeam(`/api/0/organizations/faultline/replay-count/?query=issue.id:[${issueId}]`)).body, {});
      assert.equal((await otherTeam(`/api/0/projects/faultline/${t.projectSlug}/replays/${A}/`, 'DELETE')).status, 404);
      assert.equal((await t.api(`/api/0/organizations/faultline/replays/${A}/`)).status, 200, 'still there');
    });

    it('deletes a replay with its segments and links', async () => {
      const del = await t.api(`/api/0/projects/faultline/${t.projectSlug}/replays/${A}/`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      assert.equal((await t.api(`/api/0/organizations/faultline/replays/${A}/`)).status, 404);
      assert.equal((await t.api(`/api/0/projects/faultline/${t.projectSlug}/replays/${A}/recording-segments/?download`)).status, 404);
      assert.deepEqual((await t.api(`/api/0/organizations/faultline/replay-count/?query=issue.id:[${issueId}]`)).body, {});
      assert.equal((await t.api(`/api/0/projects/faultline/${t.projectSlug}/replays/${A}/`, { method: 'DELETE' })).status, 404);
      assert.deepEqual((await list('')).body.data.map((x) => x.id), [B]);
    });
  });
}

function inflateOr(payload: Uint8Array): string {
  const rec = splitReplayRecording(payload);
  try {
    return rec ? inflateSync(rec.body).toString() : '';
  } catch {
    return '';
  }
}
