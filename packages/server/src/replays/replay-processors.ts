/**
 * @module The digest processors of session replays. `replay_event` → the replay's row, merged with what earlier
 * segments said; `replay_recording` → one stored segment per (replay id, segment id), the scrubbed payload as the
 * scrub step produced it (compressed as sent), its bytes in the blob store, its dead and rage clicks counted. A
 * repeated segment is one `duplicate` outcome, a segment past the per-segment or per-replay bound one `too_large`,
 * a recording without a replay id or segment id, or naming a replay id another project holds, one `invalid`.
 */
import { inflateSync, gunzipSync } from 'node:zlib';
import { MAX_REPLAY_BYTES, MAX_REPLAY_SEGMENT_BYTES, splitReplayRecording } from '@faultline/protocol';
import { countFrustrationClicks, countFrustrationClicksIn, mergeReplay, normalizeReplayId, summarizeReplayEvent, type FrustrationClicks } from '@faultline/pipeline';
import { addOutcome, getReplay, insertReplaySegment, replayIdTakenElsewhere, replaySegmentState, replaySummaryOf, upsertReplay, type BlobStore, type Db } from '@faultline/store';
import type { ItemProcessor, StageContext } from '../worker/digest-hooks.ts';

const drop = (ctx: StageContext, received: number, reason: 'invalid' | 'duplicate' | 'too_large') =>
  addOutcome(ctx.tx, { projectId: ctx.projectId, ts: received, source: 'server', category: 'replay', reason, quantity: 1 });

export const processReplayEvent: ItemProcessor = async (ctx, item) => {
  const payload = JSON.parse(Buffer.from(item.payload).toString('utf8')) as unknown;
  const next = summarizeReplayEvent(payload, item.envelopeHeaders.event_id, item.received);
  if (!next) return drop(ctx, item.received, 'invalid');
  // A replay belongs to the project that first reported it; another project's segments never attach to it.
  if (await replayIdTakenElsewhere(ctx.tx, ctx.projectId, next.replayId)) return drop(ctx, item.received, 'invalid');
  const prev = await getReplay(ctx.tx, ctx.projectId, next.replayId);
  await upsertReplay(ctx.tx, ctx.projectId, mergeReplay(prev ? replaySummaryOf(prev) : null, next));
};

/** The recording body as rrweb JSON bytes (the scrub step already proved it decodes within the segment bound). */
export function decodeRecordingBody(payload: Uint8Array): { json: Uint8Array; compressed: boolean; headers: Record<string, unknown> } | null {
  const rec = splitReplayRecording(payload);
  if (!rec) return null;
  const opts = { maxOutputLength: MAX_REPLAY_SEGMENT_BYTES };
  if (rec.encoding === 'zlib') return { json: inflateSync(rec.body, opts), compressed: true, headers: rec.headers };
  if (rec.encoding === 'gzip') return { json: gunzipSync(rec.body, opts), compressed: true, headers: rec.headers };
  return { json: rec.body, compressed: false, headers: rec.headers };
}

/** The segment as the scrub step decoded it (its header fields, parsed events), else decoded here; null when it does not decode. */
function segmentOf(item: Parameters<ItemProcessor>[1]): { headers: Record<string, unknown>; jsonBytes: number; compressed: boolean; clicks: FrustrationClicks } | null {
  if (item.recording) return { ...item.recording, clicks: countFrustrationClicksIn(item.recording.events) };
  const decoded = decodeRecordingBody(item.payload);
  return decoded && { headers: decoded.headers, jsonBytes: decoded.json.byteLength, compressed: decoded.compressed, clicks: countFrustrationClicks(decoded.json) };
}

/** The `replay_recording` processor; `blobsOf(tx)` is the blob store writing within digest's transaction. */
export const replayRecordingProcessor = (blobsOf: (tx: Db) => BlobStore): ItemProcessor => async (ctx, item) => {
  const replayId = normalizeReplayId(item.envelopeHeaders.event_id);
  const segment = segmentOf(item);
  const segmentId = segment?.headers.segment_id;
  if (!replayId || !segment || typeof segmentId !== 'number' || !Number.isInteger(segmentId) || segmentId < 0 || segmentId > 1_000_000) {
    return drop(ctx, item.received, 'invalid');
  }
  if (await replayIdTakenElsewhere(ctx.tx, ctx.projectId, replayId)) return drop(ctx, item.received, 'invalid');
  const state = await replaySegmentState(ctx.tx, ctx.projectId, replayId, segmentId);
  if (state.exists) return drop(ctx, item.received, 'duplicate');
  if (state.totalBytes + segment.jsonBytes > MAX_REPLAY_BYTES) return drop(ctx, item.received, 'too_large');
  const stored = await insertReplaySegment(ctx.tx, blobsOf(ctx.tx), {
    projectId: ctx.projectId,
    replayId,
    segmentId,
    received: item.received,
    payload: item.payload,
    decompressedSize: segment.jsonBytes,
    compressed: segment.compressed,
    deadClicks: segment.clicks.dead,
    rageClicks: segment.clicks.rage,
  });
  if (!stored) await drop(ctx, item.received, 'duplicate');
};
