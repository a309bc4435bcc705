/**
 * @module Reads and edits `key:value` tokens inside a search query, so the filter menus and the search bar share one
 * source of truth (the query in the URL), as in Sentry. Quoted values and `!key:` negation are kept intact.
 */

const TOKEN = /(!?)([\w.[\]-]+):("(?:[^"\\]|\\.)*"|\S*)|"(?:[^"\\]|\\.)*"|\S+/g;

export interface Token {
  raw: string;
  key?: string;
  value?: string;
  negated?: boolean;
}

export function tokenize(query: string): Token[] {
  const out: Token[] = [];
  for (const m of query.matchAll(TOKEN)) {
    if (m[2] !== undefined) out.push({ raw: m[0], key: m[2], value: unquote(m[3] ?? ''), negated: m[1] === '!' });
    else out.push({ raw: m[0] });
  }
  return out;
}

function unquote(v: string): string {
  return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

export function quote(v: string): string {
  return /[\s"]/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v;
}

/** The value of the first non-negated `key:` token, if any. */
export function getToken(query: string, key: string): string | undefined {
  return tokenize(query).find((t) => t.key === key && !t.negated)?.value;
}

/** Replaces every non-negated `key:` token by `key:value` (or removes them when value is null). */
export function setToken(query: string, key: string, value: string | null): string {
  const kept = tokenize(query).filter((t) => !(t.key === key && !t.negated)).map((t) => t.raw);
  if (value !== null && value !== '') kept.unshift(`${key}:${quote(value)}`);
  return kept.join(' ');
}
