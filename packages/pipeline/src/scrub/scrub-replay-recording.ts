/**
 * @module `scrubReplayRecording`: a `replay_recording` item is a JSON header line, `\n`, then the rrweb events —
 * zlib-compressed by the browser SDK's worker, plain JSON when the worker is blocked, gzip from some SDKs. The body
 * is decoded (bounded by Relay's 100 MiB decompressed cap), scrubbed like any raw JSON item (breadcrumbs, network
 * requests and headers, console messages, DOM text) and encoded back the way it came. A recording that cannot be
 * decoded is refused rather than kept unscrubbed.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES, splitReplayRecording } from '@faultline/protocol';
import { scrubJson } from './scrub-event.ts';
import type { ScrubOptions } from './scrub-options.ts';

export type ScrubbedRecording = { ok: true; payload: Uint8Array; replaced: number } | { ok: false; reason: 'invalid' | 'too_large'; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  const { value, replaced } = scrubJson(events, options);
  const header = payload.subarray(0, payload.length - rec.body.length);
  if (replaced === 0) return { ok: true, payload, replaced };
  const text = Buffer.from(JSON.stringify(value));
  const body = rec.encoding === 'zlib' ? deflateSync(text) : rec.encoding === 'gzip' ? gzipSync(text) : text;
  return { ok: true, payload: Buffer.concat([header, body]), replaced };
}
