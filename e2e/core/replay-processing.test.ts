/**
 * Session replays in digest (issue 11 part 1), on both dialects: `replay_event` segments merge into one replay row,
 * `replay_recording` segments are stored once each — scrubbed and compressed again — and every segment that is not
 * stored (repeat, truncated, not zlib nor JSON, past the segment bound, another project's replay id) is exactly one
 * counted outcome. An error event naming the replay is linked to it with its issue.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { MAX_REPLAY_SEGMENT_BYTES } from '@faultline/protocol';
import { createProject, ensureDefaults, getReplay, listReplaySegments, readReplaySegment, replayCountsByIssue, replaySegmentKey } from '@faultline/store';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { errorEvent, newEventId, sendEvent } from '../helpers/send-event.ts';

const item = (type: string, payload: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify({ type, length: payload.byteLength })}\n`), payload, Buffer.from('\n')]);
const envelope = (id: string, ...items: Buffer[]) => Buffer.concat([Buffer.from(`${JSON.stringify({ event_id: id })}\n`), ...items]);
const recording = (segmentId: number, body: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: segmentId })}\n`), body]);
const rrweb = (n: number, secret = 'plain') => [
  { type: 4, timestamp: 1_700_000_000_000 + n, data: { href: `https://shop.example/p/${n}`, width: 800, height: 600 } },
  { type: 5, timestamp: 1_700_000_000_100 + n, data: { tag: 'breadcrumb', payload: { category: 'ui.click', message: `button#b${n}`, data: { password: secret } } } },
];
const replayEvent = (replayId: string, segmentId: number, extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      type: 'replay_event',
      replay_id: replayId,
      segment_id: segmentId,
      replay_type: 'session',
      timestamp: 1_700_000_010 + segmentId,
      replay_start_timestamp: 1_700_000_000,
      urls: [`https://shop.example/p/${segmentId}`],
      trace_ids: [],
      error_ids: [],
      environment: 'prod',
      release: 'shop@1.0.0',
      platform: 'javascript',
      sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
      user: { email: 'ada@example.com' },
      request: { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36' } },
      ...extra,
    }),
  );

for (const dialect of DIALECTS) {
  describe(`replay processing (${dialect})`, () => {
    let t: TestServer;
    let otherProject: { id: number; key: string };
    before(async () => {
      t = await startTestServer(dialect);
      const { org, team } = await ensureDefaults(t.server.app.db);
      const { project, key } = await createProject(t.server.app.db, { orgId: org.id, teamId: team.id, slug: 'other', platform: 'javascript' });
      otherProject = { id: project.id, key: key.public_key };
    });
    after(async () => t?.close());

    const post = async (body: Buffer, projectId = t.projectId, key = t.publicKey) => {
      const res = await fetch(`${t.url}/api/${projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body: body as unknown as BodyInit });
      assert.equal(res.status, 200, await res.text());
      await waitForDigest(t);
    };
    const outcomes = async (reason: string) => {
      await t.server.app.outcomes.flush();
      const row = await t.server.app.db.get<{ n: number | string | null }>("SELECT SUM(quantity) AS n FROM outcomes WHERE category = 'replay' AND reason = ?", [reason]);
      return Number(row?.n ?? 0);
    };
    const segmentIds = async (replayId: string, projectId = t.projectId) => (await listReplaySegments(t.server.app.db, projectId, replayId, 100, 0)).map((s) => s.segment_id);

    it('two segments make one replay with merged fields; each recording is stored once, scrubbed and re-compressed', async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0, 'hunter2')))))));
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 1, { user: {} })), item('replay_recording', recording(1, Buffer.from(JSON.stringify(rrweb(1)))))));
      const row = await getReplay(t.server.app.db, t.projectId, replayId);
      assert.ok(row, 'replay stored');
      assert.equal(row.count_segments, 2);
      assert.equal(row.duration, 11, 'start of segment 0 to the end of segment 1, in seconds');
      assert.deepEqual(JSON.parse(row.urls), ['https://shop.example/p/0', 'https://shop.example/p/1']);
      assert.equal(row.user_email, 'ada@example.com', 'a later segment without a user keeps the first');
      assert.equal(row.browser_name, 'Chrome');
      assert.equal(row.os_name, 'Linux');
      assert.equal(row.replay_type, 'session');
      assert.equal(row.sdk_version, '11.12.0');
      const segs = await listReplaySegments(t.server.app.db, t.projectId, replayId, 100, 0);
      assert.deepEqual(segs.map((s) => [s.segment_id, s.compressed]), [[0, 1], [1, 0]]);
      assert.deepEqual(segs.map((s) => s.blob_key), [replaySegmentKey(t.projectId, replayId, 0), replaySegmentKey(t.projectId, replayId, 1)]);
      const column = await t.server.app.db.all<{ n: number | string }>('SELECT LENGTH(payload) AS n FROM replay_segments WHERE replay_id = ?', [replayId]);
      assert.deepEqual(column.map((r) => Number(r.n)), [0, 0], 'the bytes are in the blob store, not in the SQL column');
      const payload0 = Buffer.from((await replayBlobs(t.server.app).get(segs[0]!.blob_key!))!);
      const body0 = payload0.subarray(payload0.indexOf(10) + 1);
      const events = JSON.parse(inflateSync(body0).toString('utf8')) as ReturnType<typeof rrweb>;
      assert.equal(events[1]!.data.payload!.data.password, '[Filtered]', 'the stored segment is the scrubbed one');
      assert.equal(segs[0]!.size, payload0.byteLength);
      assert.equal(segs[0]!.decompressed_size, inflateSync(body0).byteLength);
      assert.ok(!payload0.includes('hunter2'));
      const blobRow = await t.server.app.db.get<{ content: Uint8Array }>('SELECT content FROM blobs WHERE key = ?', [segs[0]!.blob_key]);
      assert.deepEqual(Buffer.from(blobRow!.content), payload0, 'a row of the blobs table, on SQLite too (no file per segment)');
      if (dialect === 'sqlite') assert.ok(!existsSync(join(t.dataDir, 'blobs', 'replay')), 'no segment files in the data dir');
    });

    it('a repeated segment is one duplicate outcome and changes nothing', async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0)))))));
      const before = await outcomes('duplicate');
      await post(envelope(replayId, item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(5)))))));
      assert.equal((await outcomes('duplicate')) - before, 1);
      assert.deepEqual(await segmentIds(replayId), [0]);
    });

    it('a truncated segment, a body neither zlib nor JSON, and an oversized segment: one outcome each, nothing stored', async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0))));
      const invalid = await outcomes('invalid');
      const tooLarge = await outcomes('too_large');
      const whole = deflateSync(JSON.stringify(rrweb(0)));
      await post(envelope(replayId, item('replay_recording', recording(0, whole.subarray(0, whole.length - 6)))));
      assert.equal((await outcomes('invalid')) - invalid, 1, 'truncated zlib');
      await post(envelope(replayId, item('replay_recording', recording(1, Buffer.from('%PDF-1.4 not a recording')))));
      assert.equal((await outcomes('invalid')) - invalid, 2, 'neither zlib nor JSON');
      const huge = deflateSync(JSON.stringify([{ type: 3, timestamp: 1, data: { text: 'x'.repeat(MAX_REPLAY_SEGMENT_BYTES + 10) } }]));
      await post(envelope(replayId, item('replay_recording', recording(2, huge))));
      assert.equal((await outcomes('too_large')) - tooLarge, 1, 'past the segment bound');
      assert.deepEqual(await segmentIds(replayId), []);
      assert.equal((await getReplay(t.server.app.db, t.projectId, replayId))?.count_segments, 0);
    });

    it("a segment or replay_event sent to another project with this project's replay id does not attach: one invalid outcome each", async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0)))))));
      const invalid = await outcomes('invalid');
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 1, { urls: ['https://evil.example/'] })), item('replay_recording', recording(1, deflateSync(JSON.stringify(rrweb(1)))))), otherProject.id, otherProject.key);
      assert.equal((await outcomes('invalid')) - invalid, 2);
      assert.deepEqual(await segmentIds(replayId), [0]);
      assert.deepEqual(await segmentIds(replayId, otherProject.id), []);
      assert.equal(await getReplay(t.server.app.db, otherProject.id, replayId), undefined);
      assert.deepEqual(JSON.parse((await getReplay(t.server.app.db, t.projectId, replayId))!.urls), ['https://shop.example/p/0']);
    });

    it('a segment stored before migration 14 (bytes in the SQL column) still downloads; DELETE removes rows and blobs', async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0)))))));
      await post(envelope(replayId, item('replay_recording', recording(1, Buffer.from(JSON.stringify(rrweb(1)))))));
      // Segment 1 as an older Faultline wrote it: the payload in the column, no blob key, no blob.
      const blobs = replayBlobs(t.server.app);
      const key1 = replaySegmentKey(t.projectId, replayId, 1);
      const [, seg1] = await listReplaySegments(t.server.app.db, t.projectId, replayId, 100, 0);
      const legacy = await readReplaySegment(t.server.app.db, blobs, t.projectId, replayId, seg1!);
      await t.server.app.db.run('UPDATE replay_segments SET payload = ?, blob_key = NULL WHERE replay_id = ? AND segment_id = 1', [legacy, replayId]);
      await blobs.delete(key1);
      assert.equal(await blobs.get(key1), undefined);
      const path = `/api/0/projects/faultline/${t.projectSlug}/replays/${replayId}/recording-segments/?download`;
      const got = await t.api<unknown[]>(path);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, [JSON.parse(JSON.stringify(rrweb(0)).replace('"plain"', '"[Filtered]"')), JSON.parse(JSON.stringify(rrweb(1)).replace('"plain"', '"[Filtered]"'))]);
      const key0 = replaySegmentKey(t.projectId, replayId, 0);
      assert.ok(await blobs.get(key0));
      const del = await t.api(`/api/0/projects/faultline/${t.projectSlug}/replays/${replayId}/`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      assert.equal(await blobs.get(key0), undefined, "the segment's blob went with the replay");
      assert.deepEqual(await segmentIds(replayId), []);
      assert.equal(await getReplay(t.server.app.db, t.projectId, replayId), undefined);
      if (dialect === 'sqlite') assert.ok(!existsSync(join(t.dataDir, 'blobs', 'replay', String(t.projectId), replayId.slice(0, 2), replayId)), 'and its folder');
      assert.equal((await t.api(path)).status, 404);
    });

    it("counts dead and rage clicks from the recording's breadcrumbs into count_dead_clicks/count_rage_clicks, with Sentry's query keys and sort", async () => {
      // A ui.slowClickDetected breadcrumb as @sentry/browser records it (replayIntegration's slow-click detector).
      const slowClick = (n: number, clickCount: number, endReason = 'timeout') => ({
        type: 5,
        timestamp: 1_700_000_001_000 + n,
        data: { tag: 'breadcrumb', payload: { type: 'default', category: 'ui.slowClickDetected', timestamp: 1_700_000_001 + n / 1000, message: 'button#pay', data: { nodeId: 7, node: { id: 7, tagName: 'button', textContent: '***', attributes: { id: 'pay' } }, url: 'https://shop.example/p/0', endReason, timeAfterClickMs: 7000, clickCount } } },
      });
      const frustrated = newEventId();
      const calm = newEventId();
      // Segment 1 arrives before the replay_event that creates the row: its clicks still count.
      await post(envelope(frustrated, item('replay_recording', recording(1, deflateSync(JSON.stringify([slowClick(1, 6), slowClick(2, 1)]))))));
      await post(envelope(frustrated, item('replay_event', replayEvent(frustrated, 0)), item('replay_recording', recording(0, Buffer.from(JSON.stringify([...rrweb(0), slowClick(3, 2), slowClick(4, 9, 'mutation')]))))));
      // A repeat of segment 1 is a duplicate and adds nothing.
      await post(envelope(frustrated, item('replay_recording', recording(1, deflateSync(JSON.stringify([slowClick(1, 6), slowClick(2, 1)]))))));
      await post(envelope(calm, item('replay_event', replayEvent(calm, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0)))))));
      type Replay = { id: string; count_dead_clicks: number; count_rage_clicks: number };
      const detail = await t.api<{ data: Replay }>(`/api/0/organizations/faultline/replays/${frustrated}/`);
      assert.equal(detail.body.data.count_dead_clicks, 3, 'three timed-out clicks on a button; the mutation-ended one is not dead');
      assert.equal(detail.body.data.count_rage_clicks, 1, 'one of them with 5 clicks or more');
      assert.equal((await t.api<{ data: Replay }>(`/api/0/organizations/faultline/replays/${calm}/`)).body.data.count_dead_clicks, 0);
      const ids = async (query: string, sort = '-started_at') =>
        (await t.api<{ data: Replay[] }>(`/api/0/organizations/faultline/replays/?query=${encodeURIComponent(query)}&sort=${sort}&per_page=100`)).body.data.map((r) => r.id).filter((id) => id === frustrated || id === calm);
      assert.deepEqual(await ids('count_dead_clicks:>0'), [frustrated]);
      assert.deepEqual(await ids('count_rage_clicks:>0'), [frustrated]);
      assert.deepEqual(await ids('count_rage_clicks:>1'), []);
      assert.deepEqual(await ids('count_dead_clicks:>=3 count_rage_clicks:1'), [frustrated]);
      assert.deepEqual(await ids('count_dead_clicks:0'), [calm]);
      assert.deepEqual(await ids('', '-count_dead_clicks'), [frustrated, calm]);
      assert.deepEqual(await ids('', 'count_rage_clicks'), [calm, frustrated]);
      const bad = await t.api<{ detail: string }>(`/api/0/organizations/faultline/replays/?query=${encodeURIComponent('count_dead_clicks:>many')}`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.detail, /count_dead_clicks needs a whole number/);
    });

    it("the Stats page's storage figures count the project's replays (kind replays: segments and their stored bytes)", async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0)), item('replay_recording', recording(0, deflateSync(JSON.stringify(rrweb(0)))))));
      await post(envelope(replayId, item('replay_recording', recording(1, Buffer.from(JSON.stringify(rrweb(1)))))));
      const want = await t.server.app.db.get<{ n: number | string; bytes: number | string }>('SELECT COUNT(*) AS n, SUM(size) AS bytes FROM replay_segments WHERE project_id = ?', [t.projectId]);
      assert.ok(Number(want!.n) >= 2);
      const usage = await t.api<Array<{ slug: string; rows: number; bytes: number; kinds: Array<{ kind: string; rows: number; bytes: number }> }>>('/api/0/organizations/faultline/storage-usage/');
      assert.equal(usage.status, 200);
      const project = usage.body.find((p) => p.slug === t.projectSlug)!;
      assert.deepEqual(project.kinds.find((k) => k.kind === 'replays'), { kind: 'replays', rows: Number(want!.n), bytes: Number(want!.bytes) });
      assert.ok(project.bytes >= Number(want!.bytes), "in the project's total");
    });

    it('an error event naming the replay in contexts.replay is linked to it with its issue', async () => {
      const replayId = newEventId();
      await post(envelope(replayId, item('replay_event', replayEvent(replayId, 0))));
      await sendEvent(t, errorEvent('TypeError', 'boom', 'replayLinked', { contexts: { replay: { replay_id: replayId } } }));
      await waitForDigest(t);
      const link = await t.server.app.db.get<{ issue_id: number | string }>('SELECT issue_id FROM replay_errors WHERE replay_id = ?', [replayId]);
      assert.ok(link, 'linked');
      const counts = await replayCountsByIssue(t.server.app.db, [t.projectId], [Number(link.issue_id)]);
      assert.equal(counts.get(Number(link.issue_id)), 1);
    });
  });
}
