/**
 * @module `parseSearchQuery`: Sentry's issue search syntax, the subset the issue list needs. A query is
 * whitespace-separated terms; a term is `key:value` (a filter, `!key:value` negated, `key:>10` compared) or
 * free text. Values and text may be quoted, `"a \"b\" c"`, and a term may mix quoted and bare parts as in a
 * shell (`release:"web@1.0"` and `"release":…` read alike). Boolean operators and parentheses are not
 * supported: they are searched for as text, which never silently drops a condition. A query has at most
 * {@link MAX_SEARCH_TERMS} terms, so one request cannot build an unbounded SQL expression.
 */

import { SearchQueryError } from './search-query-error.ts';

export type SearchOperator = '=' | '>' | '<' | '>=' | '<=';

export interface SearchFilter {
  key: string;
  value: string;
  negated: boolean;
  op: SearchOperator;
}

export interface SearchQuery {
  filters: SearchFilter[];
  text: string[];
}

/** Most terms (filters plus text) one query may have; Sentry's own search refuses far fewer in practice. */
export const MAX_SEARCH_TERMS = 100;

/** Characters a key may contain (tag keys plus Sentry's `tags[name]` form). */
const KEY = /^[\w.:\-[\]]+$/;

export function parseSearchQuery(query: string): SearchQuery {
  const result: SearchQuery = { filters: [], text: [] };
  const q = typeof query === 'string' ? query : '';
  let i = 0;
  let terms = 0;
  while (i < q.length) {
    if (isSpace(q.charCodeAt(i))) {
      i++;
      continue;
    }
    if (++terms > MAX_SEARCH_TERMS) throw new SearchQueryError(`Too many search terms (at most ${MAX_SEARCH_TERMS})`, i);
    const term = readTerm(q, i);
    addTerm(result, term);
    i = term.end;
  }
  return result;
}

/** One term with its quotes removed. */
interface Term {
  start: number;
  end: number;
  text: string;
  /**
   * Offset in `text` (and, since nothing before it is quoted, in the query from `start`) of the first `:`
   * before any quote, or -1. A colon inside or after a quoted part never separates a key.
   */
  colon: number;
  /** Offset in `text` where the first quoted part began, or -1. */
  firstQuote: number;
}

function readTerm(q: string, start: number): Term {
  let text = '';
  let colon = -1;
  let firstQuote = -1;
  let i = start;
  while (i < q.length && !isSpace(q.charCodeAt(i))) {
    const c = q[i];
    if (c !== '"') {
      if (c === ':' && colon === -1 && firstQuote === -1) colon = text.length;
      text += c;
      i++;
      continue;
    }
    const open = i++;
    if (firstQuote === -1) firstQuote = text.length;
    for (;;) {
      if (i >= q.length) throw new SearchQueryError('Unterminated quoted string', open);
      const d = q[i];
      if (d === '"') {
        i++;
        break;
      }
      if (d === '\\' && (q[i + 1] === '"' || q[i + 1] === '\\')) i++;
      text += q[i++];
    }
  }
  return { start, end: i, text, colon, firstQuote };
}

function addTerm(result: SearchQuery, term: Term): void {
  const { text, colon } = term;
  if (colon === -1) {
    if (text !== '') result.text.push(text);
    return;
  }
  let key = text.slice(0, colon);
  let negated = false;
  if (key.startsWith('!')) {
    negated = true;
    key = key.slice(1);
  }
  if (key === '') throw new SearchQueryError('Empty key before ":"', term.start + colon);
  let rest = text.slice(colon + 1);
  // Not a key Sentry could have, or a pasted URL ("https://…"): the term is text, not a filter.
  if (!KEY.test(key) || rest.startsWith('//')) {
    result.text.push(text);
    return;
  }
  let op: SearchOperator = '=';
  for (const candidate of ['>=', '<=', '>', '<', '='] as const) {
    if (rest.startsWith(candidate)) {
      op = candidate;
      rest = rest.slice(candidate.length);
      break;
    }
  }
  // `key:""` is an explicit empty value (Sentry: "has no value"); `key:` and `key:>` are mistakes.
  const quotedValue = term.firstQuote > colon;
  if (rest === '' && !quotedValue) throw new SearchQueryError(`Empty value for "${key}"`, term.start + colon);
  result.filters.push({ key, value: rest, negated, op });
}

/** ASCII and Unicode whitespace (a no-break space pasted from docs separates terms too). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
