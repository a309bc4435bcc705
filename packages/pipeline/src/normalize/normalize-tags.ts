/**
 * @module `normalizeTags`: tags become Sentry's stored form, an array of `[key, value]` string pairs, from
 * either an object (what JS sends) or an array of pairs (what Sentry stores and some SDKs send). Tags are
 * indexed and searched (`browser.name:Chrome`), so keys must be search-syntax safe and both sides short.
 */

import { clipString } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord } from './field-readers.ts';

/** Sentry's limits (`MAX_TAG_KEY_LENGTH`, `MAX_TAG_VALUE_LENGTH`). */
export const MAX_TAG_KEY_LENGTH = 200;
export const MAX_TAG_VALUE_LENGTH = 200;
/** Sentry's tag key alphabet: what `key:value` search syntax can name without quoting. */
const TAG_KEY = /^[\w.:-]+$/;

export function normalizeTags(raw: unknown, faults: FaultLog): [string, string][] {
  const tags: [string, string][] = [];
  if (raw === undefined || raw === null) return tags;
  const seen = new Set<string>();
  const add = (key: unknown, value: unknown, path: string): void => {
    const tag = normalizeTag(key, value, path, faults);
    if (tag !== undefined && !seen.has(tag[0])) {
      seen.add(tag[0]);
      tags.push(tag);
    }
  };
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const pair = raw[i];
      if (Array.isArray(pair) && pair.length === 2) add(pair[0], pair[1], `tags.${i}`);
      else faults.invalid(`tags.${i}`, pair);
    }
  } else if (isRecord(raw)) {
    for (const key of Object.keys(raw)) add(key, raw[key], `tags.${key}`);
  } else {
    faults.invalid('tags', raw);
  }
  return tags;
}

function normalizeTag(rawKey: unknown, rawValue: unknown, path: string, faults: FaultLog): [string, string] | undefined {
  if (rawValue === undefined || rawValue === null) return undefined; // `setTag(k, undefined)` means "unset"
  const key = typeof rawKey === 'string' ? rawKey.trim() : undefined;
  if (key === undefined || key.length === 0 || key.length > MAX_TAG_KEY_LENGTH || !TAG_KEY.test(key)) {
    faults.invalid(path, rawKey);
    return undefined;
  }
  let value: string;
  if (typeof rawValue === 'string') value = rawValue.trim();
  else if ((typeof rawValue === 'number' && Number.isFinite(rawValue)) || typeof rawValue === 'boolean') value = String(rawValue);
  else {
    faults.invalid(path, rawValue);
    return undefined;
  }
  if (value === '') return undefined;
  if (value.includes('\n') || value.includes('\r')) {
    faults.invalid(path, rawValue);
    return undefined;
  }
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    faults.tooLong(path, value.length);
    value = clipString(value, MAX_TAG_VALUE_LENGTH);
  }
  return [key, value];
}

/**
 * A value fit for a tag: whitespace runs (including the trailing newline Node reports in `os.version`) become
 * one space, and it is clipped to 200. Used for the tags Faultline derives itself.
 */
export function toTagValue(text: string): string | undefined {
  // Slice first: the source may be a 16 KiB string and only 200 characters survive anyway.
  const value = text.slice(0, MAX_TAG_VALUE_LENGTH * 2).trim().replace(/\s+/g, ' ');
  return value === '' ? undefined : clipString(value, MAX_TAG_VALUE_LENGTH);
}
