/**
 * @module Content checks ingest does before acknowledging, kept to what is cheap and decides the answer: items
 * must fit their size limits, and JSON items must be non-empty UTF-8 (`isUtf8` is native). Parsing the JSON —
 * depth, syntax, "is an object" — is digest's job (`worker/item-json.ts`): as in Relay, an item that turns out to
 * be unparseable is dropped there with outcome `invalid`, after the SDK already got its 200. Binary items
 * (attachments, replay recordings) are only size-checked.
 */
import { isUtf8 } from 'node:buffer';
import { itemSizeLimit, type EnvelopeItem } from '@faultline/protocol';

const BINARY_ITEMS = new Set(['attachment', 'replay_recording', 'replay_video', 'profile_chunk_binary', 'statsd', 'raw_security']);

/** Items whose payload is not a JSON object (bytes or text formats of their own). */
export function isBinaryItemType(type: string): boolean {
  return BINARY_ITEMS.has(type);
}
/** Deep enough for any real SDK payload; shallow enough that no later recursive step can overflow the stack. */
export const MAX_JSON_DEPTH = 128;

export type ItemFault = { item: EnvelopeItem; reason: 'too_large' | 'invalid'; detail: string };

export function checkItem(item: EnvelopeItem): ItemFault | null {
  const type = item.headers.type;
  const limit = itemSizeLimit(type);
  if (item.payload.byteLength > limit) {
    return { item, reason: 'too_large', detail: `${type} item of ${item.payload.byteLength} bytes exceeds its limit of ${limit} bytes` };
  }
  if (isBinaryItemType(type)) return null;
  if (item.payload.byteLength === 0) return { item, reason: 'invalid', detail: `${type} item is empty: expected a JSON object` };
  if (!isUtf8(item.payload)) return { item, reason: 'invalid', detail: `${type} item is not valid UTF-8` };
  return null;
}
