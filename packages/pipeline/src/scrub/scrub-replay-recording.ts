/**
 * @module `scrubReplayRecording`: a `replay_recording` item is a JSON header line, `\n`, then the rrweb events —
 * zlib-compressed by the browser SDK's worker, plain JSON when the worker is blocked, gzip from some SDKs. The body
 * is decoded (bounded by Relay's 100 MiB decompressed cap) and its Sentry events (rrweb custom events, `type: 5`:
 * breadcrumbs — clicks, navigations, console — and `performanceSpan`s — network requests with their headers and
 * bodies) are scrubbed like any raw JSON item, as Relay's `RecordingScrubber` does. The DOM snapshots and mutations
 * (every other type) are kept as received: the masking the SDK applied there (`maskAllText`, `blockAllMedia`) is the
 * recording's privacy, and walking every string of a page snapshot was most of digest's cost per segment. The body is
 * encoded back the way it came only when something was replaced; otherwise the payload is kept byte for byte. A
 * recording that cannot be decoded is refused rather than kept unscrubbed. The parsed events come back with the
 * result, so the replay processor indexes them without decoding the segment again.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES, splitReplayRecording } from '@faultline/protocol';
import { scrubJson } from './scrub-event.ts';
import type { ScrubOptions } from './scrub-options.ts';

/** A decoded segment: its header line's fields, its rrweb events (as scrubbed), and the stored body's facts. */
export interface DecodedRecording {
  headers: Record<string, unknown>;
  events: unknown;
  /** Bytes of rrweb JSON the stored payload inflates to. */
  jsonBytes: number;
  compressed: boolean;
}

export type ScrubbedRecording = { ok: true; payload: Uint8Array; replaced: number; recording: DecodedRecording } | { ok: false; reason: 'invalid' | 'too_large'; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isCustomEvent = (e: unknown): e is { type: 5; data: unknown } => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 5;

/** Scrubs the recording's Sentry events in place (a body that is not an array of events is scrubbed whole); the count replaced. */
function scrubRecordingEvents(events: unknown, options: ScrubOptions): { value: unknown; replaced: number } {
  if (!Array.isArray(events)) return scrubJson(events, options);
  let replaced = 0;
  for (const e of events) {
    if (!isCustomEvent(e)) continue;
    const r = scrubJson(e.data, options);
    if (r.replaced > 0) {
      e.data = r.value;
      replaced += r.replaced;
    }
  }
  return { value: events, replaced };
}

export function scrubReplayRecording(payload: Uint8Array, options: ScrubOptions = {}, maxBytes = MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES): ScrubbedRecording {
  const rec = splitReplayRecording(payload);
  if (!rec) return { ok: false, reason: 'invalid', detail: 'the recording has no JSON header line' };
  let json: Uint8Array;
  try {
    if (rec.encoding === 'zlib') json = inflateSync(rec.body, { maxOutputLength: maxBytes });
    else if (rec.encoding === 'gzip') json = gunzipSync(rec.body, { maxOutputLength: maxBytes });
    else if (rec.encoding === 'json') json = rec.body;
    else return { ok: false, reason: 'invalid', detail: 'the recording body is neither JSON nor zlib/gzip' };
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return tooLarge
      ? { ok: false, reason: 'too_large', detail: `the recording inflates to more than ${maxBytes} bytes` }
      : { ok: false, reason: 'invalid', detail: `the recording body does not decompress: ${(err as Error).message}` };
  }
  if (json.byteLength > maxBytes) return { ok: false, reason: 'too_large', detail: `the recording is larger than ${maxBytes} bytes` };
  let events: unknown;
  try {
    events = JSON.parse(utf8.decode(json));
  } catch (err) {
    return { ok: false, reason: 'invalid', detail: `the recording body is not JSON: ${(err as Error).message}` };
  }
  const compressed = rec.encoding !== 'json';
  const { value, replaced } = scrubRecordingEvents(events, options);
  if (replaced === 0) return { ok: true, payload, replaced, recording: { headers: rec.headers, events: value, jsonBytes: json.byteLength, compressed } };
  const header = payload.subarray(0, payload.length - rec.body.length);
  const text = Buffer.from(JSON.stringify(value));
  const body = rec.encoding === 'zlib' ? deflateSync(text) : rec.encoding === 'gzip' ? gzipSync(text) : text;
  return { ok: true, payload: Buffer.concat([header, body]), replaced, recording: { headers: rec.headers, events: value, jsonBytes: text.byteLength, compressed } };
}
