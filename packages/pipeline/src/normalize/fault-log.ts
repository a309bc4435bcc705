/**
 * @module `FaultLog`: where normalization writes down what was wrong with an event. House rule: "strict on
 * framing, lenient on content", so a broken field is dropped or repaired and recorded here in Sentry's
 * `errors` shape (`{type, name, value}`) while the rest of the event survives.
 */

import type { EventError } from '@faultline/protocol';

/** Sentry's error type names, so the UI can show the same explanations Sentry does. */
export type FaultType =
  | 'invalid_data'
  | 'missing_attribute'
  | 'value_too_long'
  | 'invalid_attribute'
  | 'too_many_errors'
  | 'internal_error';

/** A hostile event could produce one fault per field; past this many we only count them. */
const MAX_RECORDED = 100;
/** The recorded `value` is a preview: the original may be the 16 MiB string or the 10,000-deep object we refused. */
const PREVIEW_STRING = 256;
const PREVIEW_DEPTH = 3;
const PREVIEW_ITEMS = 10;

export class FaultLog {
  readonly errors: EventError[] = [];
  private dropped = 0;

  record(type: FaultType, name: string | undefined, extra?: Record<string, unknown>): void {
    if (this.errors.length >= MAX_RECORDED) {
      this.dropped++;
      return;
    }
    const error: EventError = name === undefined ? { type } : { type, name };
    if (extra) Object.assign(error, extra);
    this.errors.push(error);
  }

  /** A value of the wrong type or shape; it was dropped (or replaced by a default). */
  invalid(name: string | undefined, value: unknown): void {
    this.record('invalid_data', name, { value: preview(value, 0) });
  }

  missing(name: string): void {
    this.record('missing_attribute', name);
  }

  tooLong(name: string, originalLength: number): void {
    this.record('value_too_long', name, { original_length: originalLength });
  }

  /** The list, with a final note when some faults were only counted. */
  finish(): EventError[] {
    if (this.dropped > 0) this.errors.push({ type: 'too_many_errors', count: this.dropped });
    return this.errors;
  }
}

/** A small JSON-safe copy of `value` for the record: short strings, a few levels, a few items. */
function preview(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > PREVIEW_STRING ? `${value.slice(0, PREVIEW_STRING)}…` : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return `[${typeof value}]`;
  }
  if (value === null) return null;
  if (depth >= PREVIEW_DEPTH) return Array.isArray(value) ? '[array]' : '[object]';
  if (Array.isArray(value)) {
    const out = value.slice(0, PREVIEW_ITEMS).map((item) => preview(item, depth + 1));
    if (value.length > PREVIEW_ITEMS) out.push(`… ${value.length - PREVIEW_ITEMS} more`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key of Object.keys(value)) {
    if (n++ === PREVIEW_ITEMS) {
      out['…'] = 'more keys';
      break;
    }
    Object.defineProperty(out, key, {
      value: preview((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
