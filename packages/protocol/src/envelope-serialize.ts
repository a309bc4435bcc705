/**
 * @module `serializeEnvelope`: the inverse of `parseEnvelope`. Every item gets an explicit byte `length`, so
 * binary payloads (attachments, replay recordings) and payloads containing `\n` survive the trip; the layout is
 * otherwise the SDK's own (no trailing newline).
 */

import type { Envelope } from './envelope-types.ts';

const NEWLINE = 0x0a;
const utf8 = new TextEncoder();

/** Encode an envelope. Any `length` already in an item header is replaced by the payload's real size. */
export function serializeEnvelope(env: Envelope): Uint8Array {
  // JSON.stringify never emits a raw newline, so each header stays on one line.
  const parts: Uint8Array[] = [utf8.encode(JSON.stringify(env.headers))];
  for (const item of env.items) {
    parts.push(utf8.encode(JSON.stringify({ ...item.headers, length: item.payload.byteLength })), item.payload);
  }

  // Header, then "\n" before every item header and every payload.
  let size = parts[0].byteLength;
  for (let i = 1; i < parts.length; i++) size += 1 + parts[i].byteLength;

  const out = new Uint8Array(size);
  out.set(parts[0], 0);
  let offset = parts[0].byteLength;
  for (let i = 1; i < parts.length; i++) {
    out[offset++] = NEWLINE;
    out.set(parts[i], offset);
    offset += parts[i].byteLength;
  }
  return out;
}
