/**
 * @module Project fingerprint rules as text, in Sentry's syntax (the project's `fingerprintingRules`): one rule a
 * line, `matcher:value [matcher:value …] -> fingerprint values [title="…"]`, `#` comments and blank lines. A
 * matcher is `key:value` (`!key:value` negates it; `"key":value` and `key:"quoted value"` too); fingerprint values
 * are split by spaces or commas, `{{ variable }}` is one value even with spaces inside, and a `title="…"`
 * attribute renames the issue. Keys are checked here, so a typo is a 400 naming the line, not a rule that never
 * matches.
 */
import { FINGERPRINT_MATCHER_KEYS, type FingerprintRule } from './fingerprint-rules.ts';

export class FingerprintRulesSyntaxError extends RangeError {}

/** At most this many rules per project: every event is checked against each of them. */
export const MAX_FINGERPRINT_RULES = 500;

const QUOTED = /^"((?:[^"\\]|\\.)*)"/;
const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');

export function parseFingerprintingRules(text: string): FingerprintRule[] {
  const rules: FingerprintRule[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new FingerprintRulesSyntaxError(`fingerprintingRules line ${i + 1}: ${why}`);
    };
    const rule = parseRule(line, fail);
    if (rules.length === MAX_FINGERPRINT_RULES) fail(`more than ${MAX_FINGERPRINT_RULES} rules`);
    rules.push(rule);
  });
  return rules;
}

function parseRule(line: string, fail: (why: string) => never): FingerprintRule {
  const match: Record<string, string> = {};
  let rest = line;
  while (!rest.startsWith('->')) {
    if (rest === '') fail('expected "->" and a fingerprint after the matchers');
    const negated = rest.startsWith('!');
    if (negated) rest = rest.slice(1);
    const quotedKey = /^"([a-zA-Z0-9_.:-]+)"/.exec(rest);
    const key = quotedKey?.[1] ?? /^[a-zA-Z0-9_.-]+/.exec(rest)?.[0];
    if (!key) fail(`expected a matcher (key:value) at "${rest.slice(0, 20)}"`);
    rest = rest.slice(quotedKey ? quotedKey[0].length : key.length);
    if (!rest.startsWith(':')) fail(`expected ":" after "${key}"`);
    rest = rest.slice(1);
    if (!FINGERPRINT_MATCHER_KEYS.includes(key) && !(key.startsWith('tags.') && key.length > 5)) {
      fail(`unknown matcher "${key}"; supported: ${FINGERPRINT_MATCHER_KEYS.join(', ')}, tags.<name>`);
    }
    const quoted = QUOTED.exec(rest);
    const value = quoted ? unescape(quoted[1]!) : /^\S+/.exec(rest)?.[0];
    if (value === undefined) fail(`matcher "${key}" has no value`);
    rest = rest.slice(quoted ? quoted[0].length : value.length).trimStart();
    const name = negated ? `!${key}` : key;
    if (name in match) fail(`matcher "${name}" is given twice`);
    match[name] = value;
  }
  if (Object.keys(match).length === 0) fail('a rule needs at least one matcher before "->"');
  rest = rest.slice(2).trim();
  const fingerprint: string[] = [];
  let title: string | undefined;
  while (rest !== '') {
    const attribute = /^([a-zA-Z0-9_.-]+)="((?:[^"\\]|\\.)*)"/.exec(rest);
    const quoted = QUOTED.exec(rest);
    const bare = /^(?:\{\{\s*\S+?\s*\}\}|[^\s{,]+)/.exec(rest);
    if (attribute) {
      if (attribute[1] !== 'title') fail(`unknown attribute "${attribute[1]}" (only title="…" is supported)`);
      title = unescape(attribute[2]!);
    } else if (quoted) fingerprint.push(unescape(quoted[1]!));
    else if (bare) fingerprint.push(bare[0]);
    else fail(`unexpected "${rest.slice(0, 20)}" in the fingerprint`);
    rest = rest.slice((attribute ?? quoted ?? bare)![0].length).replace(/^\s*,?\s*/, '');
  }
  if (fingerprint.length === 0) fail('the fingerprint after "->" is empty');
  return title === undefined ? { match, fingerprint } : { match, fingerprint, title };
}
