/**
 * Session replay from the real @sentry/browser in Chromium, on both dialects: a page with text, an input and an
 * image, recorded by `replayIntegration({ maskAllText: true, blockAllMedia: true })`. (a) session sampling: click,
 * type, navigate (pushState), throw; (b) session rate 0, on-error rate 1: nothing is sent until the error, then the
 * buffered replay. Through the API: one replay each, its segments stored in order and downloadable (equal to the
 * stored bytes inflated), linked both ways with the error's issue, URLs and duration right; and the page's text, the
 * typed value and the image appear nowhere in the stored bytes (every file of the data dir, raw and every zlib
 * stream in it inflated, plus each stored segment decoded).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync, inflateSync, constants as zlib } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { splitReplayRecording } from '@faultline/protocol';
import { storedReplaySegments } from '../helpers/stored-replay.ts';
import { DIALECTS, startTestServer, waitFor, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { recordSession, SECRETS, startReplaySite, stopReplay } from '../helpers/replay-site.ts';
import { filesUnder } from '../helpers/stored-text.ts';
import { launchChromium, type StaticSite } from '../sourcemaps/helpers/browser.ts';

interface Replay {
  id: string; project_id: string; error_ids: string[]; urls: string[]; started_at: string; finished_at: string; duration: number;
  count_errors: number; count_segments: number; replay_type: string; user: { email: string | null }; browser: { name: string | null };
}
interface Issue { id: string; title: string }
interface StoredEvent { eventID: string; contexts: { replay?: { replay_id?: string } }; tags: Array<{ key: string; value: string }> }
interface RrwebEvent { type: number; timestamp: number; data: { tag?: string; payload?: { category?: string; message?: string } } }

/** The bytes as they are plus every zlib or gzip stream that starts anywhere in them, inflated. */
function withInflatedStreams(buf: Buffer): Buffer[] {
  const out = [buf];
  for (let i = 0; i < buf.length - 2; i++) {
    const zlibHeader = buf[i] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(buf[i + 1]!);
    const gzipHeader = buf[i] === 0x1f && buf[i + 1] === 0x8b;
    if (!zlibHeader && !gzipHeader) continue;
    try {
      const opts = { finishFlush: zlib.Z_SYNC_FLUSH };
      const inflated = zlibHeader ? inflateSync(buf.subarray(i), opts) : gunzipSync(buf.subarray(i), opts);
      if (inflated.length > 0) out.push(inflated);
    } catch {
      /* not a stream */
    }
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`session replay from @sentry/browser in Chromium (${dialect})`, () => {
    let t: TestServer;
    let site: StaticSite;
    let browser: Browser;
    let issueId = '';
    const replayIds: string[] = [];

    before(async () => {
      t = await startTestServer(dialect);
      site = await startReplaySite(t.dsn);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await t?.close();
    });

    /** The error's issue and the replay id its newest event carries. */
    const errorOf = async (): Promise<{ issue: Issue; event: StoredEvent; replayId: string }> => {
      const issue = await waitFor(async () => {
        const r = await t.api<Issue[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=`);
        return r.body.find((i) => i.title.includes('Greeter crashed'));
      }, 'the error issue');
      const events = (await t.api<StoredEvent[]>(`/api/0/issues/${issue.id}/events/?full=true`)).body;
      const event = (await t.api<StoredEvent>(`/api/0/issues/${issue.id}/events/${events[0]!.eventID}/`)).body;
      const replayId = event.contexts.replay?.replay_id ?? event.tags.find((x) => x.key === 'replayId')?.value;
      assert.ok(replayId, 'the error event names its replay');
      return { issue, event, replayId: replayId.replaceAll('-', '') };
    };

    /** Stops the recording (the SDK flushes what it holds), then waits for digest. */
    const stopRecording = async (page: Page) => {
      await stopReplay(page);
      await waitForDigest(t);
    };

    /** What every test asserts of a replay once recorded: links, URLs, duration, segments in order, masking. */
    const checkReplay = async (replayId: string, eventId: string, mode: 'session' | 'buffer') => {
      const replay = (await t.api<{ data: Replay }>(`/api/0/organizations/faultline/replays/${replayId}/`)).body.data;
      assert.equal(replay.replay_type, mode);
      assert.ok(replay.error_ids.includes(eventId.replaceAll('-', '')), `replay ${replayId} lists error ${eventId}: ${replay.error_ids.join(',')}`);
      assert.ok(replay.count_errors >= 1);
      assert.equal(replay.user.email, 'agent@example.com');
      assert.match(replay.browser.name ?? '', /Chrome/);
      assert.ok(replay.urls.includes(`${site.url}/?mode=${mode}`), `first URL: ${replay.urls.join(' ')}`);
      if (mode === 'session') assert.ok(replay.urls.includes(`${site.url}/calls/42`), `navigation URL: ${replay.urls.join(' ')}`);
      const started = Date.parse(replay.started_at);
      const finished = Date.parse(replay.finished_at);
      assert.ok(finished >= started && Math.abs(started - Date.now()) < 10 * 60_000, `${replay.started_at} … ${replay.finished_at}`);
      assert.equal(replay.duration, Math.round((finished - started) / 1000));
      assert.ok(replay.duration < 120, `duration ${replay.duration}`);

      const path = `/api/0/projects/faultline/${t.projectSlug}/replays/${replayId}/recording-segments/`;
      const meta = (await t.api<{ data: Array<{ segmentId: number }> }>(path)).body.data;
      assert.deepEqual(meta.map((s) => s.segmentId), meta.map((_, i) => i), 'segments 0…n-1 in order');
      assert.equal(meta.length, replay.count_segments);
      const download = await t.api<RrwebEvent[][]>(`${path}?download`);
      assert.equal(download.status, 200);
      assert.equal(download.body.length, meta.length);
      const stored = await storedReplaySegments(t, replayId);
      stored.forEach((payload, i) => {
        const rec = splitReplayRecording(payload)!;
        const json = rec.encoding === 'zlib' ? inflateSync(rec.body) : Buffer.from(rec.body);
        assert.deepEqual(download.body[i], JSON.parse(json.toString()), `segment ${i} downloads as stored`);
      });
      const events = download.body.flat();
      assert.ok(events.some((e) => e.type === 2), 'a full snapshot');
      const crumbs = events.filter((e) => e.type === 5 && e.data.tag === 'breadcrumb').map((e) => e.data.payload?.category);
      if (mode === 'session') assert.ok(crumbs.includes('ui.click'), `click breadcrumbs: ${crumbs.join(',')}`);
      const all = JSON.stringify(download.body);
      for (const secret of Object.values(SECRETS)) assert.ok(!all.includes(secret), `"${secret}" is masked in the recording`);
      return replay;
    };

    it('(a) session sampling: click, type, navigate, throw — one replay linked with the issue', async () => {
      const { page } = await recordSession(browser, site, t.url, 'session');
      const { issue, event, replayId } = await errorOf();
      issueId = issue.id;
      await waitFor(async () => (await t.api<{ data: Replay }>(`/api/0/organizations/faultline/replays/${replayId}/`)).body.data?.count_errors >= 1, 'the replay with its error');
      await stopRecording(page);
      const list = (await t.api<{ data: Replay[] }>('/api/0/organizations/faultline/replays/')).body.data;
      assert.deepEqual(list.map((r) => r.id), [replayId], 'one replay');
      await checkReplay(replayId, event.eventID, 'session');
      const counts = (await t.api<Record<string, number>>(`/api/0/organizations/faultline/replay-count/?query=${encodeURIComponent(`issue.id:[${issueId}]`)}`)).body;
      assert.deepEqual(counts, { [issueId]: 1 });
      replayIds.push(replayId);
    });

    it('(b) buffer mode: nothing is sent until the error, then the buffered replay', async () => {
      const { page, replaySentBeforeError } = await recordSession(browser, site, t.url, 'buffer');
      assert.equal(replaySentBeforeError, 0, 'no replay envelope before the error');
      const replay = await waitFor(async () => {
        const list = (await t.api<{ data: Replay[] }>('/api/0/organizations/faultline/replays/')).body.data;
        return list.find((r) => !replayIds.includes(r.id) && r.count_errors >= 1);
      }, 'the buffered replay');
      await stopRecording(page);
      const events = (await t.api<StoredEvent[]>(`/api/0/issues/${issueId}/events/`)).body;
      const linked = events.find((e) => e.eventID.replaceAll('-', '') === replay.error_ids[0]);
      assert.ok(linked, `the buffered replay's error ${replay.error_ids[0]} is an event of the issue`);
      await checkReplay(replay.id, linked.eventID, 'buffer');
      const list = (await t.api<{ data: Replay[] }>('/api/0/organizations/faultline/replays/')).body.data;
      assert.deepEqual(list.map((r) => r.id).sort(), [...replayIds, replay.id].sort(), 'one replay more');
      const counts = (await t.api<Record<string, number>>(`/api/0/organizations/faultline/replay-count/?query=${encodeURIComponent(`issue.id:[${issueId}]`)}`)).body;
      assert.deepEqual(counts, { [issueId]: 2 });
      replayIds.push(replay.id);
    });

    it('stores none of the masked text, the typed value or the image', { skip: dialect !== 'sqlite' && 'the data dir holds only the queue on PostgreSQL; the segments are checked decoded above' }, async () => {
      assert.equal(replayIds.length, 2);
      await t.server.app.queue.flush();
      const files = filesUnder(t.dataDir);
      assert.ok(files.some((f) => f.endsWith('faultline.sqlite')), files.join(' '));
      for (const file of files) {
        for (const bytes of withInflatedStreams(readFileSync(file))) {
          const text = bytes.toString('latin1');
          for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `"${secret}" found in ${file}`);
        }
      }
      for (const id of replayIds) {
        for (const [n, payload] of (await storedReplaySegments(t, id)).entries()) {
          const rec = splitReplayRecording(payload)!;
          const text = (rec.encoding === 'zlib' ? inflateSync(rec.body) : Buffer.from(rec.body)).toString();
          for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `"${secret}" in segment ${n}`);
        }
      }
    });
    it("counts the SDK's own dead and rage click: five clicks on a button that does nothing", async () => {
      const page = await browser.newPage();
      await page.goto(`${site.url}/?mode=session`);
      await page.waitForFunction(() => (window as unknown as { replayReady?: boolean }).replayReady === true);
      const replayId = await page.evaluate(() => (window as unknown as { Sentry: { getReplay(): { getReplayId(): string } } }).Sentry.getReplay().getReplayId());
      await page.click('#save', { clickCount: 5 });
      // The SDK reports a click nothing answered once its 7 s timeout passes (checked every second), then flushes.
      const replay = await waitFor(async () => {
        const r = await t.api<{ data: Replay & { count_dead_clicks: number; count_rage_clicks: number } }>(`/api/0/organizations/faultline/replays/${replayId}/`);
        return r.status === 200 && r.body.data.count_dead_clicks > 0 ? r.body.data : undefined;
      }, 'the dead click counted', 30_000);
      assert.equal(replay.count_dead_clicks, 1);
      assert.equal(replay.count_rage_clicks, 1, 'five clicks: a rage click too');
      const listed = await t.api<{ data: Array<{ id: string }> }>(`/api/0/organizations/faultline/replays/?query=${encodeURIComponent('count_rage_clicks:>0')}`);
      assert.deepEqual(listed.body.data.map((r) => r.id), [replayId]);
      await stopReplay(page);
    });
  });
}
