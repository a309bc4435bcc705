/**
 * @module `globMatch`: the glob dialect of Sentry's fingerprint and stack-trace rules (`*`, `**`, `?`, `\`
 * escapes). Matched by stepping a set of reachable text positions through the pattern, O(text × pattern) at
 * worst, instead of a translated regex: a rule such as `*a*a*a*b` would make a backtracking engine
 * exponential on a 16 KiB exception value. Literal prefixes are checked first, so most rules fail in O(1).
 */

export interface GlobOptions {
  /** Paths: `*` and `?` stop at `/`, only `**` crosses directories. */
  path?: boolean;
  ignoreCase?: boolean;
}

type Token = { kind: 'literal'; char: string } | { kind: 'one' } | { kind: 'star' } | { kind: 'globstar' };

interface CompiledGlob {
  tokens: Token[];
  /** Number of leading literal tokens, and those characters as a string. */
  prefix: string;
  /** The whole pattern is literal. */
  literal: boolean;
}

/** Rules are few and matched against every event: compile each pattern once. Bounded, as patterns are config. */
const cache = new Map<string, CompiledGlob>();
const MAX_CACHED = 1000;

function compile(pattern: string): CompiledGlob {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    const tokens = tokenize(pattern);
    let prefix = '';
    while (prefix.length < tokens.length && tokens[prefix.length].kind === 'literal') prefix += (tokens[prefix.length] as { char: string }).char;
    compiled = { tokens, prefix, literal: prefix.length === tokens.length };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

export function globMatch(pattern: string, text: string, options: GlobOptions = {}): boolean {
  const { tokens, prefix, literal } = compile(options.ignoreCase ? pattern.toLowerCase() : pattern);
  // Fast paths: the literal prefix (often the whole pattern) decides most matches without lowercasing `text`.
  if (options.ignoreCase) {
    if (text.length < prefix.length || text.slice(0, prefix.length).toLowerCase() !== prefix) return false;
    if (literal) return text.length === prefix.length;
  } else {
    if (!text.startsWith(prefix)) return false;
    if (literal) return text.length === prefix.length;
  }
  const t = options.ignoreCase ? text.toLowerCase() : text;
  const n = t.length;
  let reachable = new Uint8Array(n + 1);
  reachable[prefix.length] = 1;
  for (let i = prefix.length; i < tokens.length; i++) {
    const token = tokens[i];
    const next = new Uint8Array(n + 1);
    let any = false;
    if (token.kind === 'star' || token.kind === 'globstar') {
      const crossesSlash = token.kind === 'globstar' || !options.path;
      let active = false;
      for (let pos = 0; pos <= n; pos++) {
        if (reachable[pos]) active = true;
        if (active) {
          next[pos] = 1;
          any = true;
        }
        if (pos < n && !crossesSlash && t[pos] === '/') active = false;
      }
    } else {
      for (let pos = 0; pos < n; pos++) {
        if (!reachable[pos]) continue;
        const c = t[pos];
        const ok = token.kind === 'literal' ? c === token.char : !(options.path && c === '/');
        if (ok) {
          next[pos + 1] = 1;
          any = true;
        }
      }
    }
    if (!any) return false;
    reachable = next;
  }
  return reachable[n] === 1;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) tokens.push({ kind: 'literal', char: pattern[++i] });
    else if (c === '?') tokens.push({ kind: 'one' });
    else if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        tokens.push({ kind: 'globstar' });
      } else tokens.push({ kind: 'star' });
    } else tokens.push({ kind: 'literal', char: c });
  }
  return tokens;
}
