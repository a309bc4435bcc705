/**
 * @module `readItemJson`: digest's one parse of a JSON item, with the checks ingest no longer makes (it answers
 * 200 after framing, sizes, UTF-8 and auth, as Relay does). Nesting depth is found by a linear scan before
 * `JSON.parse`, so a 200k-deep body never reaches anything recursive. `JSON.parse` itself is iterative, but not
 * every walker after it is depth-bounded (`scrubJson` stops at depth 80 and leaves the rest to `JSON.stringify`;
 * item processors walk the raw payload), so the scan stays; it costs ~13 µs per 11 KB event. An item that fails gets exactly one
 * outcome `invalid` (category of its type) and is skipped; the rest of the envelope goes on.
 */
import { itemTypeToCategory, jsonNestingDepth, type EnvelopeItem } from '@faultline/protocol';
import type { OutcomeRow, QueuedEnvelope } from '@faultline/store';
import { isBinaryItemType, MAX_JSON_DEPTH } from '../ingest/validate-items.ts';

/** Parsed payloads by item, so digest's handlers take the value `readItemJson` already parsed instead of parsing again. */
const parsed = new WeakMap<EnvelopeItem, unknown>();

/** Why a JSON item cannot be digested, or null when it is a JSON object of bounded depth (kept for `itemJson`). */
export function itemJsonFault(item: EnvelopeItem): string | null {
  const type = item.headers.type;
  if (item.payload.byteLength === 0) return `${type} item is empty: expected a JSON object`;
  if (jsonNestingDepth(item.payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return `${type} item JSON is nested deeper than ${MAX_JSON_DEPTH} levels`;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(item.payload.buffer, item.payload.byteOffset, item.payload.byteLength).toString('utf8'));
  } catch (err) {
    return `${type} item payload is not valid JSON: ${(err as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${type} item payload is not a JSON object`;
  parsed.set(item, value);
  return null;
}

/**
 * True when `item` may be digested. A JSON item that is not a bounded-depth JSON object gets one `invalid`
 * outcome in `outcomes` (written with the batch's other outcomes, in the digest transaction), and false is returned.
 */
export function readItemJson(env: QueuedEnvelope, item: EnvelopeItem, outcomes: OutcomeRow[]): boolean {
  if (isBinaryItemType(item.headers.type)) return true;
  const fault = itemJsonFault(item);
  if (fault === null) return true;
  const category = itemTypeToCategory(item.headers.type);
  outcomes.push({ projectId: env.projectId, ts: env.received, source: 'server', category, reason: 'invalid', quantity: 1 });
  return false;
}

/** The payload `readItemJson` parsed (taken once), else a fresh parse. Callers may mutate what they get. */
export function itemJson(item: EnvelopeItem): unknown {
  const value = parsed.get(item);
  if (value !== undefined) {
    parsed.delete(item);
    return value;
  }
  return JSON.parse(Buffer.from(item.payload.buffer, item.payload.byteOffset, item.payload.byteLength).toString('utf8'));
}
