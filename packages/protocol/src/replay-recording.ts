/**
 * @module The `replay_recording` payload (docs/protocol.md §2.4): a one-line JSON header (`{"segment_id":N}`), `\n`, then the
 * rrweb events. The browser SDK compresses the body with zlib (not gzip, whatever the docs say) in a worker,
 * and sends plain JSON when the worker is blocked; older or other SDKs may gzip. Only the sniffing lives here;
 * decompression needs zlib and belongs to the server.
 */

export type ReplayRecordingEncoding = 'gzip' | 'zlib' | 'json' | 'unknown';

export interface ReplayRecording {
  /** The recording header, normally `{"segment_id": N}`. */
  headers: Record<string, unknown>;
  /** The recording body, still encoded; a view into the payload. */
  body: Uint8Array;
  encoding: ReplayRecordingEncoding;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Split a recording into header and body. Null when there is no header line or it is not a JSON object. */
export function splitReplayRecording(payload: Uint8Array): ReplayRecording | null {
  const nl = payload.indexOf(NEWLINE);
  if (nl === -1) return null;
  let headers: unknown;
  try {
    headers = JSON.parse(utf8.decode(payload.subarray(0, nl)));
  } catch {
    return null;
  }
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return null;
  const body = new Uint8Array(payload.buffer, payload.byteOffset + nl + 1, payload.length - nl - 1);
  return { headers: headers as Record<string, unknown>, body, encoding: sniffEncoding(body) };
}

/** Tell the body's encoding from its first bytes. */
export function sniffEncoding(body: Uint8Array): ReplayRecordingEncoding {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) return 'gzip';
  // RFC 1950: CMF 0x78 is deflate with a 32 KiB window, and CMF*256+FLG is a multiple of 31.
  if (body.length >= 2 && body[0] === 0x78 && ((body[0] << 8) | body[1]) % 31 === 0) return 'zlib';
  for (const b of body) {
    if (b === 0x5b) return 'json'; // [
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
  }
  return 'unknown';
}
