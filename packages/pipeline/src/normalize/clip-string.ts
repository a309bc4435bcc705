/**
 * @module `clipString`: the one place strings get shortened, so every cut looks the same ("…" at the end) and
 * never splits a UTF-16 surrogate pair (a lone surrogate is invalid UTF-8 and breaks JSON columns downstream).
 */

/** 16 KiB, counted in UTF-16 code units: cheap to check, and what Sentry calls a "max message length". */
export const MAX_STRING_LENGTH = 16 * 1024;

const ELLIPSIS = '…';

/** `value` if it fits in `max` code units, else a prefix plus "…" that is exactly at most `max` long. */
export function clipString(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max - ELLIPSIS.length);
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // don't keep a high surrogate without its pair
  return value.slice(0, end) + ELLIPSIS;
}
