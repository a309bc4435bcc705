/**
 * @module Secrets inside free text: payment card numbers (Luhn-checked, so order ids survive), PEM private keys,
 * bearer tokens, passwords in URLs (`scheme://user:pass@host`), sensitive query parameters and `password: 'x'`
 * pairs (as in source context lines). Linear-time patterns only.
 */
import { FILTERED } from './sensitive-keys.ts';

const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const PEM = /-----BEGIN[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END[A-Z ]*PRIVATE KEY-----/g;
const BEARER = /\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_AUTH = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+):[^@/?#\s]+@/gi;
const KEY_VALUE = /\b((?:pass(?:word|wd)?|secret|api[-_]?key|access[-_]?token|auth[-_]?token|private[-_]?key)["']?\s*[:=]\s*)(["']?)(?!\[Filtered\])[^"'\s,;&})]+\2/gi;
const SENSITIVE_PARAM = /((?:^|[?&;])(?:[^=&;\s]*(?:pass(?:word|wd)?|secret|token|api[-_]?key|auth|session|signature|sig)[^=&;\s]*)=)[^&;#\s]*/gi;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Returns the string with secrets replaced, or the same string (same reference) when nothing matched. */
/** One pass that says whether any rule below could match; most strings (names, paths, short values) fail it. */
const MAYBE = /\d{4}|PRIVATE KEY|bearer|token|:\/\/|=|pass|secret|key/i;

export function scrubString(s: string): string {
  // Short strings without a marker are the common case: one regex test, no allocation.
  if (s.length < 8 || !MAYBE.test(s)) return s;
  let out = s;
  if (/\d{4}/.test(out)) {
    out = out.replace(CARD, (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? FILTERED : m;
    });
  }
  if (out.includes('PRIVATE KEY-----')) out = out.replace(PEM, FILTERED);
  if (/bearer|token/i.test(out)) out = out.replace(BEARER, (_m, word: string) => `${word} ${FILTERED}`);
  if (out.includes('://')) out = out.replace(URL_AUTH, `$1:${FILTERED}@`);
  if (out.includes('=')) out = out.replace(SENSITIVE_PARAM, `$1${FILTERED}`);
  // `password: 'hunter2'` inside text (source context lines, log messages).
  if (/pass|secret|key|token/i.test(out)) out = out.replace(KEY_VALUE, (_m, prefix: string, quote: string) => `${prefix}${quote}${FILTERED}${quote}`);
  return out;
}
