/**
 * @module Content checks ingest does before acknowledging: JSON items must be UTF-8 JSON objects of bounded depth,
 * items must fit their size limits. Binary items (attachments, replay recordings) are only size-checked.
 * Cheap by design: isUtf8 is native, the depth scan is one pass, JSON.parse is native.
 */
import { isUtf8 } from 'node:buffer';
import { itemSizeLimit, jsonNestingDepth, type EnvelopeItem } from '@faultline/protocol';

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
  // Digest parses every JSON item; an empty one used to pass here and then fail the whole envelope in digest
  // (an acknowledged event in the same envelope ended up kept raw instead of stored).
  if (item.payload.byteLength === 0) return { item, reason: 'invalid', detail: `${type} item is empty: expected a JSON object` };
  if (!isUtf8(item.payload)) return { item, reason: 'invalid', detail: `${type} item is not valid UTF-8` };
  if (jsonNestingDepth(item.payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { item, reason: 'invalid', detail: `${type} item JSON is nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(item.payload.buffer, item.payload.byteOffset, item.payload.byteLength).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { item, reason: 'invalid', detail: `${type} item payload is not a JSON object` };
    }
  } catch (err) {
    return { item, reason: 'invalid', detail: `${type} item payload is not valid JSON: ${(err as Error).message}` };
  }
  return null;
}
