/**
 * @module `parseTimestamp`: JS SDKs send unix seconds as a float, other SDKs send RFC 3339 strings; both become
 * unix seconds here. Parsed by hand because `Date.parse` reads a zone-less "2024-01-02T03:04:05" as local time
 * and accepts many non-RFC shapes ("March 7"); Relay reads a missing zone as UTC.
 */

/** Unix seconds (float) for a number, a numeric string or an RFC 3339 / ISO 8601 date-time; else `undefined`. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 64) return undefined;
  if (isNumeric(text)) {
    const n = Number(text);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }
  return parseRfc3339(text);
}

function isNumeric(text: string): boolean {
  let dot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e && !dot) dot = true;
    else if (c < 0x30 || c > 0x39) return false;
  }
  return text !== '.';
}

// Fixed-width fields, so the regex cannot backtrack: YYYY-MM-DD[T ]hh:mm[:ss[.frac]][Z|±hh[:]mm]
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls Feb 31 over into March; a calendar date that doesn't exist is not a timestamp.
  if (!Number.isFinite(ms) || new Date(ms).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    ms -= sign * offsetMinutes * 60_000;
  }
  const seconds = ms / 1000 + (m[7] === undefined ? 0 : Number(`0${m[7]}`));
  return seconds >= 0 ? seconds : undefined;
}
