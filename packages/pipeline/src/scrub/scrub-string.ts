/**
 * @module `scrubString`: secrets inside free text. Every rule runs in time linear in the string's length — no
 * unbounded run is ever followed by something that can fail and make the engine retry it from the next position,
 * and no two quantifiers range over the same characters one after the other — and each rule runs only when a
 * cheap check says it could match, because digest calls this for every string of every event.
 *
 * Rules (in order): PEM private keys; `Bearer|Basic|Digest|Negotiate <credentials>`; passwords in URLs
 * (`scheme://user:pass@host`); well-known token formats (Stripe `sk_live_…`, GitHub `ghp_…`/`github_pat_…`, Slack
 * `xox?-…`, AWS access key ids, Google API keys, JWTs); AWS secret access keys (40 base64 characters of mixed case
 * with a digit); payment card numbers (Luhn-checked, with space, dash or dot separators); email addresses; secret
 * `name=value` / `name: value` pairs (query strings, log lines, source context lines).
 */
import { FILTERED } from './sensitive-keys.ts';
import { scrubEmails } from './scrub-emails.ts';
import { NAME_HINT, scrubKeyValues } from './scrub-key-values.ts';

/** Which text rules apply; all of them by default. */
export interface StringRules {
  /** Email addresses → `[email]`. */
  emails?: boolean;
}

/** Below this length no rule can match: the shortest match of any rule is a `pwd=x` pair. */
const MIN_LENGTH = 5;

const AUTH_SCHEME = /\b(Bearer|Basic|Digest|Negotiate)([ \t]{1,4})([A-Za-z0-9._~+/-]{8,1024}=*)(?![A-Za-z0-9._~+/=-])/gi;
const URL_AUTH = /:\/\/([^\s:/?#@[\]]{1,256}):([^\s/?#@]{1,256})@/g;
const TOKEN_FORMATS =
  /(?<![A-Za-z0-9_-])(?:[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}|gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,240}|xox[abposr]-[A-Za-z0-9-]{10,250}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{4,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,4096})(?![A-Za-z0-9_-])/g;
const TOKEN_HINT = /[sr]k_|gh[pousr]_|github_pat_|xox|AKIA|ASIA|AIza|eyJ/;
const CARD = /(?<![\d.,-])(?:[2-6]\d{12,18}|[2-6]\d{3}([ .-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?|3[47]\d{2}([ .-])\d{6}\2\d{5})(?![\d])/g;
const FOUR_DIGITS = /\d{4}/;
/**
 * Almost every rule's match holds one of these characters (credentials, keys and cards have digits; names end in
 * `=`/`:`; emails have `@`/`%40`; most token formats and PEM have `_`/`-`): one character-class scan rejects most
 * strings. The matches that can lack them all are an auth scheme whose credentials hold only `.~+/`, and an AWS
 * key id, Google key or JWT of letters (and `.`) only; each is at least WORD_MIN long and holds a WORD_HINT.
 * `scrub-prechecks.test.ts` holds these checks, over the rule set, to never skip a match.
 */
const HINT = /[\d=:@%_-]/;
const WORD_HINT = /bearer|basic|digest|negotiate|AKIA|ASIA|AIza|eyJ/i;
const WORD_MIN = 14;
const AUTH_HINT = /bearer|basic|digest|negotiate/i;

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

function cardMatch(m: string): string {
  let digits = '';
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += m[i];
  }
  return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? FILTERED : m;
}

function isBase64Char(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 47 || c === 43;
}

/**
 * AWS secret access keys: runs of exactly 40 base64 characters (not followed by `=` padding) of mixed case with a
 * digit. One pass over the string; a path of words (`src/components/…`) has lowercase runs before a slash, a key
 * has no such structure.
 */
function scrubAwsSecrets(s: string): string {
  let out = '';
  let copied = 0;
  let start = 0;
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    if (isBase64Char(c)) {
      if (c >= 65 && c <= 90) upper = true;
      else if (c >= 97 && c <= 122) lower = true;
      else if (c >= 48 && c <= 57) digit = true;
      continue;
    }
    if (i - start === 40 && c !== 61 && upper && lower && digit && !/[a-z]{4}\//.test(s.slice(start, i))) {
      out += s.slice(copied, start) + FILTERED;
      copied = i;
    }
    start = i + 1;
    upper = lower = digit = false;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** The credentials after an auth scheme count when they look like one (a digit, a symbol, base64 padding). */
function authSchemeMatch(m: string, scheme: string, space: string, cred: string): string {
  if (cred === FILTERED.slice(1, -1)) return m;
  return /[\d._~+/=-]/.test(cred) ? `${scheme}${space}${FILTERED}` : m;
}

/** PEM private key blocks, by `indexOf`: a BEGIN without an END filters the rest of the string. */
function scrubPem(s: string): string {
  let out = '';
  let copied = 0;
  let at = s.indexOf('-----BEGIN');
  while (at !== -1) {
    const head = s.indexOf('PRIVATE KEY-----', at);
    if (head === -1 || head - at > 40) {
      at = s.indexOf('-----BEGIN', at + 10);
      continue;
    }
    const end = s.indexOf('-----END', head + 16);
    const tail = end === -1 ? -1 : s.indexOf('PRIVATE KEY-----', end);
    const stop = tail === -1 || tail - end > 40 ? s.length : tail + 16;
    out += s.slice(copied, at) + FILTERED;
    copied = stop;
    at = stop >= s.length ? -1 : s.indexOf('-----BEGIN', stop);
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/**
 * Short strings found to hold no secret. Stack frames, module names, messages and breadcrumbs repeat across
 * events, so most strings digest sees were cleared before: one lookup instead of every rule. Only clean verdicts
 * are kept (no secret is ever held here), at most CLEAN_MAX strings of at most CLEAN_LENGTH characters.
 */
const clean = new Set<string>();
const CLEAN_MAX = 10_000;
const CLEAN_LENGTH = 256;

/** Returns the string with secrets replaced, or the same string when nothing matched. */
export function scrubString(s: string, rules: StringRules = {}): string {
  if (s.length < MIN_LENGTH || !(HINT.test(s) || (s.length >= WORD_MIN && WORD_HINT.test(s)))) return s;
  const memo = rules.emails !== false && s.length <= CLEAN_LENGTH;
  if (memo && clean.has(s)) return s;
  const out = applyRules(s, rules);
  if (memo && out === s) {
    if (clean.size >= CLEAN_MAX) clean.clear();
    clean.add(s);
  }
  return out;
}

/** The rules in order, each with the cheap check that says whether it could match at all. */
const RULES: ReadonlyArray<{ could: (s: string) => boolean; apply: (s: string, rules: StringRules) => string }> = [
  { could: (s) => s.includes('-----BEGIN'), apply: scrubPem },
  { could: (s) => AUTH_HINT.test(s), apply: (s) => s.replace(AUTH_SCHEME, authSchemeMatch) },
  { could: (s) => s.includes('://') && s.includes('@'), apply: (s) => s.replace(URL_AUTH, `://$1:${FILTERED}@`) },
  { could: (s) => TOKEN_HINT.test(s), apply: (s) => s.replace(TOKEN_FORMATS, FILTERED) },
  { could: (s) => s.length >= 40, apply: scrubAwsSecrets },
  { could: (s) => FOUR_DIGITS.test(s), apply: (s) => s.replace(CARD, cardMatch) },
  { could: (s) => s.includes('@') || s.includes('%40'), apply: (s, rules) => (rules.emails === false ? s : scrubEmails(s)) },
  { could: (s) => NAME_HINT.test(s), apply: scrubKeyValues },
];

function applyRules(s: string, rules: StringRules): string {
  let out = s;
  for (const rule of RULES) if (rule.could(out)) out = rule.apply(out, rules);
  return out;
}

/** Every rule on `s` with no check, cache or length floor: what `scrubString` must always equal (its tests). */
export function scrubStringEveryRule(s: string, rules: StringRules = {}): string {
  let out = s;
  for (const rule of RULES) out = rule.apply(out, rules);
  return out;
}
