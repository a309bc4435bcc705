/**
 * @module `normalizeMessage`: docs/protocol.md §6 Step 5. Messages and exception values carry per-event data (ids, numbers,
 * addresses, timestamps) that would split one bug into thousands of issues; they are replaced by placeholders
 * such as `<int>` before hashing. Patterns and their order follow Sentry's parameterization regexes
 * (grouping/parameterization.py) so equal inputs group alike.
 *
 * The regexes run on attacker-controlled text up to 16 KiB, so each alternative is anchored (a `\b`, a
 * lookbehind or a literal first character) and every repetition is bounded by a character class that cannot
 * overlap what follows it: the cost stays linear in the text length. Where Sentry's originals backtrack
 * (hex's `(?=.*[0-9])`, unanchored email/duration/IPv6 starts, unbounded hostname labels) the anchoring here is
 * tighter, which changes no match found from the start of a token.
 */

const TLDS =
  'COM|NET|ORG|JP|DE|UK|FR|BR|IT|RU|ES|ME|GOV|PL|CA|AU|CN|CO|IN|NL|EDU|INFO|EU|CH|ID|AT|KR|CZ|MX|BE|TV|SE|TR|TW|AL|UA|IR|VN|CL|SK|LY|CC|TO|NO|FI|US|PT|DK|AR|HU|TK|GR|IL|NEWS|RO|MY|BIZ|IE|ZA|NZ|SG|EE|TH|IO|XYZ|PE|BG|HK|RS|LT|LINK|PH|CLUB|SI|SITE|MOBI|BY|CAT|WIKI|LA|GA|XXX|CF|HR|NG|JOBS|ONLINE|KZ|UG|GQ|AE|IS|LV|PRO|FM|TIPS|MS|SA|APP';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const ZONE = '(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])';
const OCTET = '(?:25[0-5]|(?:2[0-4]|1?[0-9])?[0-9])';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const H = '[0-9a-fA-F]';

/** Placeholder name → pattern, in Sentry's order: at each position the first that matches wins. */
const PATTERNS: ReadonlyArray<readonly [string, string]> = [
  ['email', '(?<![a-zA-Z0-9._%+-])[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}'],
  ['url', '\\b(?:wss?|https?|ftp)://[^\\s/$.?#].[^\\s]*'],
  // Ten labels is far beyond real hostnames and keeps "a.a.a.a…" linear.
  ['hostname', `\\b(?:[a-zA-Z0-9-]{1,63}\\.){1,10}?(?:${TLDS}|${TLDS.toLowerCase()})\\b`],
  [
    'ip',
    [
      `(?<![0-9a-fA-F:])(?:(?:${H}{1,4}:){7}${H}{1,4}`,
      `(?:${H}{1,4}:){1,7}:`,
      `(?:${H}{1,4}:){1,6}:${H}{1,4}`,
      `(?:${H}{1,4}:){1,5}(?::${H}{1,4}){1,2}`,
      `(?:${H}{1,4}:){1,4}(?::${H}{1,4}){1,3}`,
      `(?:${H}{1,4}:){1,3}(?::${H}{1,4}){1,4}`,
      `(?:${H}{1,4}:){1,2}(?::${H}{1,4}){1,5}`,
      `${H}{1,4}:(?::${H}{1,4}){1,6}`,
      `fe80:(?::${H}{0,4}){0,4}%[0-9a-zA-Z]+`,
      `::(?:ffff(?::0{1,4})?:)?${IPV4}`,
      `(?:${H}{1,4}:){1,4}:${IPV4}`,
      // A v6 address must end the token; otherwise "2001:db8::1" would stop at "2001:db8::" (first alternative
      // wins) and leave "1" behind. The lookahead makes the engine try the longer forms.
      `:(?:(?::${H}{1,4}){1,7}|:))(?![0-9a-fA-F:])`,
      `\\b${IPV4}\\b`,
    ].join('|'),
  ],
  ['traceparent', '\\b00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]\\b|\\b[0-9a-f]{32}-[0-9a-f]{16}(?:-[01])?\\b'],
  ['uuid', `\\b${H}{8}-${H}{4}-${H}{4}-${H}{4}-${H}{12}\\b`],
  ['sha1', `\\b${H}{40}\\b`],
  ['md5', `\\b${H}{32}\\b`],
  [
    'date',
    [
      // RFC 822 / 1123 / 1123Z
      `${DAY},\\s\\d{1,2}\\s${MONTH}\\s\\d{2,4}\\s\\d{1,2}:\\d{1,2}(?::\\d{1,2})?\\s(?:[-+]\\d{2}[0-5]\\d|${ZONE})`,
      // "Mon Jan 02, 1999", "Jan 02, 1999"
      `(?:${DAY}\\s)?${MONTH}\\s[0-3]\\d,\\s\\d{2,4}`,
      // RFC 850
      `(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday),\\s\\d{2}-${MONTH}-\\d{2}\\s\\d{2}:\\d{2}:\\d{2}\\s${ZONE}`,
      // RFC 3339 (nano)
      '\\d{4}-?[01]\\d-?[0-3]\\d\\s?T?\\s?[0-2]\\d:?[0-5]\\d:?[0-5]\\d(?:\\.\\d+)?(?:[+-][0-2]\\d:?[0-5]\\d|Z)?',
      // datetime, kitchen clock, date, time
      '\\d{4}-[01]\\d-[0-3]\\d\\s[0-2]\\d:[0-5]\\d:[0-5]\\d',
      '\\d{1,2}:\\d{2}(?::\\d{2})?(?: [aApP][mM])?',
      '\\d{4}-[01]\\d-[0-3]\\d',
      '[0-2]\\d:[0-5]\\d:[0-5]\\d',
      // ctime ("Mon Jan  2 15:04:05 2006") and RFC 2822 with a spelled-out zone
      `\\b(?:${DAY}\\s+)?${MONTH}\\s+\\d{1,2}\\s+\\d{2}:\\d{2}:\\d{2}\\s+\\d{4}`,
      `\\b(?:${DAY},\\s+)?(?:0[1-9]|[1-2]?\\d|3[01])\\s+${MONTH}\\s+(?:19\\d{2}|[2-9]\\d{3})\\s+(?:2[0-3]|[0-1]\\d):[0-5]\\d(?::(?:60|[0-5]\\d))?\\s+(?:[-+]\\d{2}[0-5]\\d|${ZONE})`,
      // Python reprs
      'datetime\\.datetime\\([^)]*\\)',
    ].join('|'),
  ],
  ['duration', '\\b\\d+ms|(?<!\\d)\\d+(?:\\.\\d+)?s\\b'],
  // 0x-prefixed, or exactly 8 or 16 hex digits with at least one decimal digit (else it's a word like "deadbeef")
  ['hex', '\\b(?:0[xX][0-9a-fA-F]+|(?=[a-f]*[0-9])(?:[0-9a-f]{16}|[0-9a-f]{8}))\\b'],
  ['float', '-\\d+\\.\\d+\\b|\\b\\d+\\.\\d+\\b'],
  ['int', '-\\d+\\b|\\b\\d+\\b'],
  // Only the value half of key='value' / key="value" pairs, never quoted prose.
  ['quoted', `(?<==)'[^']+'|(?<==)"[^"]+"`],
  ['bool', '(?<==)(?:true|false)\\b'],
];

const PARAMETERIZE = new RegExp(PATTERNS.map(([name, pattern]) => `(?<${name}>${pattern})`).join('|'), 'g');
const NAMES = PATTERNS.map(([name]) => name);

/** Python's `str.splitlines` separators, which Sentry's two-line cut uses. */
// eslint-disable-next-line no-control-regex -- \x1c-\x1e are line separators to Python, and so to Sentry
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/** The text grouping hashes for a message or exception value: two lines at most, variable parts replaced. */
export function normalizeMessage(text: string): string {
  return parameterize(firstTwoLines(text));
}

/**
 * The first two non-blank lines, trimmed, plus "..." when a further non-blank line was cut. (Sentry appends
 * "..." whenever the result differs from the input, so a trailing newline alone splits a group; we don't.)
 */
export function firstTwoLines(text: string): string {
  const kept: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const m = LINE_BREAK.exec(text);
    const end = m === null ? text.length : m.index;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      if (kept.length === 2) return `${kept.join('\n').trim()}...`;
      kept.push(line);
    }
    if (m === null) break;
    start = m.index + m[0].length;
  }
  return kept.join('\n').trim();
}

/** Every variable part of `text` replaced by its `<placeholder>`. */
export function parameterize(text: string): string {
  if (!mayHaveParameters(text)) return text;
  return text.replace(PARAMETERIZE, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    for (const name of NAMES) {
      const value = groups[name];
      if (value === undefined) continue;
      if (name === 'quoted') return `${value[0]}<quoted>${value[0]}`;
      return `<${name}>`;
    }
    return String(args[0]);
  });
}

/**
 * Every pattern needs a digit, `@`, `.`, `:` or `=`, except sha1/md5, which may be 32+ hex letters only. Plain
 * prose ("Cannot read properties of null (reading 'x')") fails this linear scan and skips the big regex.
 */
function mayHaveParameters(text: string): boolean {
  let hexRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x3a) || c === 0x40 || c === 0x2e || c === 0x3d) return true; // 0-9 : @ . =
    if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
      if (++hexRun >= 32) return true;
    } else hexRun = 0;
  }
  return false;
}
