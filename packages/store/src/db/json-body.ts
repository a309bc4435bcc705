/**
 * @module The stored form of JSON bodies (events, transactions): Brotli at quality 0 behind a one-byte tag. It is
 * the cheapest codec Node ships for this: on the bench corpus's 13 KB error events it costs about half of raw
 * deflate at level 1 (~40 µs against ~78 µs per body) for a body 5 % larger (3.6 KB against 3.4 KB), and digest
 * encodes every event while reads decode a page at a time (decoding costs ~50 µs against ~33 µs).
 * Bodies stored before are raw deflate and still read: the tag 0xFE can never begin a raw deflate stream (its first
 * block's type bits would be 11, which is reserved), so the first byte tells the two apart.
 */
import { brotliCompressSync, brotliDecompressSync, constants, inflateRawSync } from 'node:zlib';

const BROTLI_TAG = 0xfe;

export function encodeJsonBody(json: string): Buffer {
  const packed = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = BROTLI_TAG;
  packed.copy(out, 1);
  return out;
}

/** The JSON text of a stored body, whichever codec wrote it. */
export function decodeJsonBody(body: Uint8Array): string {
  if (body[0] === BROTLI_TAG) return brotliDecompressSync(body.subarray(1)).toString('utf8');
  return inflateRawSync(body).toString('utf8');
}
