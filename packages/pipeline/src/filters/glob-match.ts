/**
 * @module `globMatch`: Sentry's filter globs (`*` any run of characters, `?` one character), case-insensitive,
 * anchored at both ends. Matched by a two-pointer scan, no regexes, so a pattern costs at most
 * O(pattern × text) and a hostile message cannot backtrack exponentially.
 */

export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
