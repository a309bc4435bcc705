/**
 * @module `scrubKeyValues`: secrets written as `name=value` or `name: value` inside free text — query strings
 * (`?token=…&code=…`), log lines (`login failed token=abc`), config dumps (`DB_PASSWORD=…`), source context lines
 * (`{password: 'hunter2'}`, `"api_key": "…"`). A hand-written scan anchored on each `=` and `:`: the name is read
 * at most 64 characters back, an unreplaced value at most 256 forward, and a replaced value is skipped over, so
 * the work is linear in the string's length.
 *
 * Prose is left alone: a name only counts when it is a whole identifier naming a secret, `name: value` needs a
 * quoted or secret-looking value ("token: expired" stays), and the OAuth-style names (`code`, `state`, `sig`,
 * `session`) only count inside a query string.
 */
import { FILTERED } from './sensitive-keys.ts';

const MAX_NAME = 64;
const MAX_PROBE = 256;

/** Names that hold a secret wherever they appear (matched inside the identifier, case-insensitively). */
const SECRET_NAME = /pass(?:word|wd|phrase)|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credential|jwt|^(?:pwd|auth|authorization|bearer|x[-_]?api[-_]?key|apikey)$/i;
/** Names that hold a secret only as query parameters (`?code=` of OAuth, signed-URL `sig=`…). */
const QUERY_NAME = /^(?:code|state|sig|signature|session|sessionid|session_id|sid|key|otp|nonce|ticket)$/i;
/** Identifiers that contain a secret word but are known not to hold a secret. */
const SAFE_NAME = /^(?:token_type|tokens?_used|max_tokens|tokens|token_count|tokenizer|csrf_token_name|password_reset|password_policy|secret_name)$/i;

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 91 || c === 93;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** A value ends at whitespace or a delimiter of the text around it. */
function isValueEnd(c: number, eq: boolean): boolean {
  if (c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62) return true;
  if (c === 38 || c === 59 || c === 35) return true; // & ; #
  return !eq && (c === 44 || c === 41 || c === 125 || c === 93); // , ) } ] end `name: value` (code, JSON-ish text)
}

/** `name: value` without quotes counts only when the value looks like a secret: it has a digit or a symbol, or is long. */
function looksSecret(s: string, from: number, to: number): boolean {
  if (to - from >= 16) return true;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 95 || c === 45 || c === 43 || c === 47 || c === 61 || c === 36 || c === 33) return true;
  }
  return false;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

export function nameIsSecret(name: string, inQuery: boolean): boolean {
  if (SAFE_NAME.test(name)) return false;
  return SECRET_NAME.test(name) || (inQuery && QUERY_NAME.test(name));
}

/** Every secret name above contains one of these; a string without any has nothing for the scan to find (the caller checks). */
export const NAME_HINT = /pass|secret|token|key|credential|jwt|auth|pwd|bearer|code|state|sig|session|sid|otp|nonce|ticket/i;

/** Returns `s` with secret values replaced by `[Filtered]`, or `s` itself when there are none. */
export function scrubKeyValues(s: string): string {
  let out = '';
  let copied = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const sep = s.charCodeAt(i);
    if (sep !== 61 && sep !== 58) continue; // = :
    const eq = sep === 61;
    // The name: optional spaces and a closing quote, then the identifier.
    let j = i;
    while (j > copied && i - j < 4 && isSpace(s.charCodeAt(j - 1))) j--;
    let nameQuote = 0;
    if (j > copied && isQuote(s.charCodeAt(j - 1))) nameQuote = s.charCodeAt(--j);
    const nameEnd = j;
    const floor = Math.max(copied, nameEnd - MAX_NAME - 1);
    while (j > floor && isNameChar(s.charCodeAt(j - 1))) j--;
    if (j === nameEnd || (j === floor && j > copied && isNameChar(s.charCodeAt(j - 1)))) continue;
    if (nameQuote !== 0) {
      if (j === 0 || s.charCodeAt(j - 1) !== nameQuote) continue;
    }
    const before = j === 0 ? -1 : s.charCodeAt(j - (nameQuote ? 2 : 1));
    const inQuery = eq && (j === 0 || before === 63 || before === 38 || before === 59); // start, ? & ;
    if (!nameIsSecret(s.slice(j, nameEnd), inQuery)) continue;
    // The value: optional spaces and an opening quote.
    let v = i + 1;
    while (v < n && v - i <= 4 && isSpace(s.charCodeAt(v))) v++;
    const q = v < n && isQuote(s.charCodeAt(v)) ? s.charCodeAt(v) : 0;
    if (q) v++;
    let e = v;
    if (q) {
      while (e < n && s.charCodeAt(e) !== q && s.charCodeAt(e) !== 10) e++;
      if (e >= n || s.charCodeAt(e) !== q) continue; // unterminated: not a quoted value
    } else {
      while (e < n && !isValueEnd(s.charCodeAt(e), eq) && (eq || e - v < MAX_PROBE)) e++;
      if (!eq && e - v >= MAX_PROBE) continue;
    }
    if (e === v || s.startsWith(FILTERED, v) && e - v === FILTERED.length) {
      i = Math.max(i, e - 1);
      continue;
    }
    if (!eq && !q && !looksSecret(s, v, e)) continue;
    out += s.slice(copied, v) + FILTERED;
    copied = e;
    i = e - 1;
  }
  return copied === 0 ? s : out + s.slice(copied);
}
