/**
 * @module Readers for the event's short top-level strings (platform, release, environment, dist, logger,
 * server_name, transaction). These become tags, URL segments and filter values, so Sentry's validity rules
 * apply: a release with a newline or a slash cannot be addressed in the releases API and is dropped.
 */

import type { FaultLog } from './fault-log.ts';
import { readString } from './field-readers.ts';

const PLATFORM = /^[a-z0-9_-]{1,64}$/;
/** Characters Sentry refuses in release and environment names. */
const FORBIDDEN_NAME_CHARS = /[\n\r\t\f\v/\\]/;
const RESERVED_NAMES = new Set(['.', '..', ' ']);

export function readPlatform(value: unknown, faults: FaultLog): string {
  if (value === undefined || value === null) return 'other';
  if (typeof value === 'string' && PLATFORM.test(value.toLowerCase())) return value.toLowerCase();
  faults.invalid('platform', value);
  return 'other';
}

/** Release (≤200), environment and dist (≤64): dropped, not repaired, when invalid, as Sentry does. */
export function readName(value: unknown, name: 'release' | 'environment' | 'dist', faults: FaultLog): string | undefined {
  const max = name === 'release' ? 200 : 64;
  const text = typeof value === 'string' ? value.trim() : readString(value, name, faults);
  if (text === undefined || text === '') return undefined;
  if (text.length > max || RESERVED_NAMES.has(text) || FORBIDDEN_NAME_CHARS.test(text)) {
    faults.invalid(name, value);
    return undefined;
  }
  return text;
}

/** logger (Sentry: 64), server_name and transaction (200, the tag and culprit limit): clipped, not dropped. */
export function readShortString(value: unknown, name: 'logger' | 'server_name' | 'transaction', faults: FaultLog): string | undefined {
  return readString(value, name, faults, name === 'logger' ? 64 : 200);
}
