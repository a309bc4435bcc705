/**
 * `recording-segments/?download` streams (issue 11), on both dialects: a replay of 1,500 segments (zlib and plain,
 * sent 50 to an envelope) downloads as exactly the bytes `[seg0,seg1,…]` of the segments as sent, chunked rather than
 * built whole; the default page is 1,000 with a next cursor for the rest; and a segment whose bytes are gone
 * breaks the transfer instead of answering a short array.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { replaySegmentKey } from '@faultline/store';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import { DIALECTS, startTestServer, waitForDigest, type TestServer } from '../helpers/test-server.ts';
import { newEventId } from '../helpers/send-event.ts';

const SEGMENTS = 1500;
const PER_ENVELOPE = 50;

const item = (type: string, payload: Buffer) => Buffer.concat([Buffer.from(`${JSON.stringify({ type, length: payload.byteLength })}\n`), payload, Buffer.from('\n')]);
/** Segment n's rrweb JSON, as the SDK would serialize it (JSON.stringify, so scrubbing re-encodes it identically). */
const segmentJson = (n: number) =>
  JSON.stringify([
    { type: 3, timestamp: 1_700_000_000_000 + n * 5000, data: { source: 2, type: 2, id: n % 97, x: n % 800, y: (n * 7) % 600 } },
    { type: 3, timestamp: 1_700_000_000_500 + n * 5000, data: { source: 0, texts: [], attributes: [{ id: n, attributes: { class: `row-${n}` } }], removes: [], adds: [] } },
  ]);
const recording = (n: number) => {
  const body = Buffer.from(segmentJson(n));
  return Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: n })}\n`), n % 3 === 0 ? body : deflateSync(body)]);
};
const replayEvent = (replayId: string) =>
  Buffer.from(JSON.stringify({ type: 'replay_event', replay_id: replayId, segment_id: 0, replay_type: 'session', timestamp: 1_700_000_600, replay_start_timestamp: 1_700_000_000, urls: [], platform: 'javascript' }));

for (const dialect of DIALECTS) {
  describe(`replay segments download (${dialect})`, () => {
    let t: TestServer;
    let replayId: string;
    let path: string;
    before(async () => {
      t = await startTestServer(dialect);
      replayId = newEventId();
      path = `/api/0/projects/faultline/${t.projectSlug}/replays/${replayId}/recording-segments/`;
      for (let from = 0; from < SEGMENTS; from += PER_ENVELOPE) {
        const items = [...(from === 0 ? [item('replay_event', replayEvent(replayId))] : [])];
        for (let n = from; n < from + PER_ENVELOPE; n++) items.push(item('replay_recording', recording(n)));
        const body = Buffer.concat([Buffer.from(`${JSON.stringify({ event_id: replayId })}\n`), ...items]);
        const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}`, { method: 'POST', body: body as unknown as BodyInit });
        assert.equal(res.status, 200, await res.text());
      }
      await waitForDigest(t);
    });
    after(async () => t?.close());

    const download = (query: string) => fetch(`${t.url}${path}?download${query}`, { headers: { authorization: `Bearer ${t.token}` } });

    it('streams every segment, in order, byte-identical to the segments sent', async () => {
      const res = await download('&per_page=2000');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), null, 'written as it goes, not measured first');
      assert.equal(res.headers.get('transfer-encoding'), 'chunked');
      const expected = `[${Array.from({ length: SEGMENTS }, (_, n) => segmentJson(n)).join(',')}]`;
      const got = Buffer.from(await res.arrayBuffer());
      assert.equal(got.byteLength, Buffer.byteLength(expected));
      assert.ok(got.equals(Buffer.from(expected)), 'byte-identical');
      assert.doesNotMatch(res.headers.get('link') ?? '', /rel="next"; results="true"/);
    });

    it('pages by 1,000 by default, the next cursor giving the rest', async () => {
      const first = await download('');
      const page1 = (await first.json()) as unknown[];
      assert.equal(page1.length, 1000);
      const next = /<[^>]*[?&]cursor=([^&>]+)[^>]*>; rel="next"; results="true"/.exec(first.headers.get('link') ?? '');
      assert.ok(next, `a next cursor in ${first.headers.get('link')}`);
      const page2 = (await (await download(`&cursor=${next[1]}`)).json()) as unknown[];
      assert.equal(page2.length, SEGMENTS - 1000);
      assert.deepEqual(page2[0], JSON.parse(segmentJson(1000)));
      assert.deepEqual(page2.at(-1), JSON.parse(segmentJson(SEGMENTS - 1)));
    });

    it('a segment whose bytes are missing breaks the transfer, never a short array', async () => {
      const blobs = replayBlobs(t.server.app);
      const key = replaySegmentKey(t.projectId, replayId, 1200);
      const kept = await blobs.get(key);
      assert.ok(kept);
      await blobs.delete(key);
      try {
        const res = await download('&per_page=2000');
        assert.equal(res.status, 200, 'the status went out before segment 1200 was read');
        await assert.rejects(res.arrayBuffer(), 'the body ends in an error, not as JSON');
      } finally {
        await blobs.put(key, kept);
      }
      assert.equal(((await (await download('&per_page=2000')).json()) as unknown[]).length, SEGMENTS, 'whole again');
    });
  });
}
