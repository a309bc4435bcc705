/**
 * @module `parseEnvelope`: the framing of docs/protocol.md §2.1, checked on bytes. Ingest runs it on every request, so it never
 * turns the whole body into a string: it finds newlines with `indexOf`, decodes only the header lines, and hands
 * payloads out as zero-copy views of the input. Payload content is not looked at (strict on framing, lenient on
 * content: a broken event is digest's business, a broken frame is a 400).
 */

import type { Envelope, EnvelopeItem, ItemHeaders } from './envelope-types.ts';
import { EnvelopeError } from './envelope-error.ts';
import { jsonNestingDepth } from './json-depth.ts';

const NEWLINE = 0x0a;

interface LineCodes {
  json: 'invalid_header_json' | 'invalid_item_header_json';
  notObject: 'header_not_object' | 'item_header_not_object';
}
const ENVELOPE_HEADER: LineCodes = { json: 'invalid_header_json', notObject: 'header_not_object' };
const ITEM_HEADER: LineCodes = { json: 'invalid_item_header_json', notObject: 'item_header_not_object' };

/**
 * Header lines are small objects (a trace context is the deepest an SDK sends); a deeper one is refused before
 * `JSON.parse`, so nothing that later stringifies the headers (re-framing, logging) can run out of stack.
 */
const MAX_HEADER_DEPTH = 32;

export interface ParseEnvelopeOptions {
  /** Stop framing and throw `too_many_items` once the envelope holds more items than this. */
  maxItems?: number;
}

// `fatal` makes invalid UTF-8 an error instead of silently becoming U+FFFD, which would change the header.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parse an envelope body (already decompressed). Throws only `EnvelopeError`.
 *
 * Payloads are views into `bytes` (no copy): don't mutate `bytes` while the envelope is in use.
 */
export function parseEnvelope(bytes: Uint8Array, options: ParseEnvelopeOptions = {}): Envelope {
  const end = bytes.length;
  const maxItems = options.maxItems ?? Infinity;
  if (end === 0) throw new EnvelopeError('empty_body', 'the request body is empty', 0);

  const headerEnd = lineEnd(bytes, 0);
  const headers = parseJsonObjectLine(bytes, 0, headerEnd, 'envelope header', ENVELOPE_HEADER);

  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < end) {
    // Blank lines where an item header is expected are tolerated, as Relay's serde stream skips whitespace.
    if (bytes[pos] === NEWLINE) {
      pos++;
      continue;
    }
    const itemIndex = items.length;
    // Checked before the item is framed: a body of 300k tiny items costs only the first `maxItems` of them.
    if (itemIndex >= maxItems) {
      throw new EnvelopeError('too_many_items', `the envelope has more than ${maxItems} items (the limit per envelope)`, pos);
    }
    const itemHeaderEnd = lineEnd(bytes, pos);
    const itemHeaders = parseItemHeaders(bytes, pos, itemHeaderEnd, itemIndex);

    // An item header on the last line (no newline after it) has an empty payload, as in Relay.
    const payloadStart = itemHeaderEnd === end ? end : itemHeaderEnd + 1;
    let payloadEnd: number;
    if (itemHeaders.length !== undefined) {
      payloadEnd = payloadStart + itemHeaders.length;
      if (payloadEnd > end) {
        throw new EnvelopeError(
          'length_past_end',
          `item ${itemIndex} (${label(itemHeaders.type)}) declares length ${itemHeaders.length} but only ${end - payloadStart} bytes follow`,
          payloadStart,
        );
      }
      if (payloadEnd < end && bytes[payloadEnd] !== NEWLINE) {
        throw new EnvelopeError(
          'missing_newline_after_payload',
          `item ${itemIndex} (${label(itemHeaders.type)}): expected a newline or the end after its ${itemHeaders.length} payload bytes`,
          payloadEnd,
        );
      }
    } else {
      payloadEnd = lineEnd(bytes, payloadStart);
    }

    items.push({ headers: itemHeaders, payload: view(bytes, payloadStart, payloadEnd) });
    pos = payloadEnd + 1;
  }

  return { headers, items };
}

/** Index of the next `\n` at or after `from`, or the end of the body. `\r` is data, never part of a newline. */
function lineEnd(bytes: Uint8Array, from: number): number {
  const i = bytes.indexOf(NEWLINE, from);
  return i === -1 ? bytes.length : i;
}

function parseItemHeaders(bytes: Uint8Array, start: number, end: number, index: number): ItemHeaders {
  const what = `item ${index} header`;
  const headers = parseJsonObjectLine(bytes, start, end, what, ITEM_HEADER);
  if (typeof headers.type !== 'string' || headers.type === '') {
    throw new EnvelopeError('missing_item_type', `${what} has no string "type"`, start);
  }
  const length = headers.length;
  if (length !== undefined && !(typeof length === 'number' && Number.isSafeInteger(length) && length >= 0)) {
    throw new EnvelopeError('invalid_item_length', `${what} has "length" ${JSON.stringify(length)}, not a byte count`, start);
  }
  return headers as ItemHeaders;
}

function parseJsonObjectLine(
  bytes: Uint8Array,
  start: number,
  end: number,
  what: string,
  codes: LineCodes,
): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(start, end));
  } catch {
    throw new EnvelopeError('invalid_utf8', `${what} is not valid UTF-8`, start);
  }
  if (jsonNestingDepth(bytes.subarray(start, end), MAX_HEADER_DEPTH) > MAX_HEADER_DEPTH) {
    throw new EnvelopeError('header_too_deep', `${what} is nested deeper than ${MAX_HEADER_DEPTH} levels`, start);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EnvelopeError(codes.json, `${what} is not valid JSON (${(error as Error).message})`, start);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new EnvelopeError(codes.notObject, `${what} must be a JSON object, got ${got}`, start);
  }
  return value as Record<string, unknown>;
}

/** An item type fit for an error message: the type comes off the wire and may be any length. */
function label(type: string): string {
  return type.length > 40 ? `${type.slice(0, 40)}…` : type;
}

/** A plain `Uint8Array` view even when the input is a Node `Buffer`, so payloads compare and behave alike. */
function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}
