/**
 * @module Typed readers for single event fields. Each returns the value in the type the normalized event
 * promises, or `undefined` after recording why in the `FaultLog`. `null` and absence are not faults: SDKs send
 * `null` for "unset" all the time.
 */

import { clipString, MAX_STRING_LENGTH } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A string field. Numbers and booleans are accepted and stringified, as Relay's "lenient strings" do (a
 * `release: 42` is a release, not garbage). Empty strings count as absent. Long strings are clipped.
 */
export function readString(value: unknown, name: string, faults: FaultLog, max: number = MAX_STRING_LENGTH): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') text = String(value);
  else {
    if (value !== undefined && value !== null) faults.invalid(name, value);
    return undefined;
  }
  if (text === '') return undefined;
  if (text.length > max) {
    faults.tooLong(name, text.length);
    return clipString(text, max);
  }
  return text;
}

export function readBoolean(value: unknown, name: string, faults: FaultLog): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value !== undefined && value !== null) faults.invalid(name, value);
  return undefined;
}

/** A non-negative integer field (line numbers, ids). Integral numeric strings are accepted. */
export function readInteger(value: unknown, name: string, faults: FaultLog): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  faults.invalid(name, value);
  return undefined;
}
