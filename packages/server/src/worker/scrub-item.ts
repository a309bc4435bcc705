/**
 * @module `scrubItemPayload`: what digest stores for an item kept raw (or hands to its processor) — the payload
 * after the same PII scrubbing events get. JSON items are parsed and scrubbed; replay recordings are decoded,
 * their Sentry events scrubbed and encoded back (the decoded segment handed on to the processor); other binary items (attachments, videos) are stored as sent. An item that should be
 * JSON but cannot be decoded is refused, with the outcome reason to count, instead of being stored unscrubbed.
 */
import { MAX_REPLAY_SEGMENT_BYTES, type EnvelopeItem } from '@faultline/protocol';
import { scrubJson, scrubReplayRecording, type DecodedRecording, type ScrubOptions } from '@faultline/pipeline';
import { isBinaryItemType } from '../ingest/validate-items.ts';

/** `recording`: a replay recording's decoded segment (header fields, scrubbed events), for its processor. */
export type ScrubbedItem = { ok: true; payload: Uint8Array; recording?: DecodedRecording } | { ok: false; reason: 'invalid' | 'too_large'; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function scrubItemPayload(item: EnvelopeItem, options: ScrubOptions): ScrubbedItem {
  const type = item.headers.type;
  if (item.payload.byteLength === 0) return { ok: true, payload: item.payload };
  if (type === 'replay_recording') {
    // Bounded by the stored-segment limit, so an oversized segment is refused before it is scrubbed.
    const r = scrubReplayRecording(item.payload, options, MAX_REPLAY_SEGMENT_BYTES);
    return r.ok ? { ok: true, payload: r.payload, recording: r.recording } : r;
  }
  if (isBinaryItemType(type)) return { ok: true, payload: item.payload };
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(item.payload));
  } catch (err) {
    return { ok: false, reason: 'invalid', detail: `the ${type} item is not JSON: ${(err as Error).message}` };
  }
  const { value, replaced } = scrubJson(parsed, options);
  return { ok: true, payload: replaced > 0 ? Buffer.from(JSON.stringify(value)) : item.payload };
}
