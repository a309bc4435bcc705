/** @module Test helpers: build envelope bodies from strings and raw bytes, read payloads back as text. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Concatenate strings (as UTF-8) and byte arrays into one body. */
export function bytes(...parts: Array<string | Uint8Array | number[]>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export function text(payload: Uint8Array): string {
  return decoder.decode(payload);
}
