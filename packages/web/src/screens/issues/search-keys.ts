/** @module What the search bar suggests: the core's query keys with a hint, and fixed values where they are known. */

export interface KeySuggestion {
  key: string;
  hint: string;
  values?: string[];
}

/** Issue fields the core's search understands (store/issues/issue-search.ts); tag keys are added from the API. */
export const BUILTIN_KEYS: KeySuggestion[] = [
  { key: 'is', hint: 'status', values: ['unresolved', 'resolved', 'ignored', 'new', 'ongoing', 'regressed', 'escalating'] },
  { key: 'level', hint: 'event level', values: ['fatal', 'error', 'warning', 'info', 'debug'] },
  { key: 'release', hint: 'release version' },
  { key: 'environment', hint: 'environment' },
  { key: 'firstRelease', hint: 'release it first appeared in' },
  { key: 'age', hint: 'first seen: relative or a date', values: ['-1h', '-24h', '-7d', '-30d', '+30d'] },
  { key: 'firstSeen', hint: 'first seen, e.g. >2026-12-01', values: ['-24h', '-7d'] },
  { key: 'lastSeen', hint: 'last seen: relative or a date', values: ['-1h', '-24h', '-7d', '+7d'] },
  { key: 'event.timestamp', hint: 'an event at a time', values: ['-1h', '-24h'] },
  { key: 'timesSeen', hint: 'event count, e.g. >100', values: ['>10', '>100', '>1000'] },
  { key: 'message', hint: 'text in title or culprit' },
  { key: 'issue', hint: 'short id, e.g. APP-1A' },
  { key: 'error.type', hint: 'exception type' },
  { key: 'error.value', hint: 'exception message' },
  { key: 'error.handled', hint: 'caught by the app', values: ['true', 'false'] },
  { key: 'has', hint: 'has a value for a key', values: ['user.email', 'user.id', 'url', 'release'] },
  { key: 'user.email', hint: 'user email' },
  { key: 'user.id', hint: 'user id' },
  { key: 'user.username', hint: 'user name' },
  { key: 'user.ip', hint: 'user IP address' },
  { key: 'http.url', hint: 'request URL' },
  { key: 'browser.name', hint: 'browser, e.g. Chrome' },
  { key: 'os.name', hint: 'operating system, e.g. Windows' },
];

/** The word under the caret: its bounds and, when it is `key:value`, the key and the typed part of the value. */
export function wordAt(query: string, caret: number): { start: number; end: number; word: string; key?: string; partial?: string } {
  let start = caret;
  while (start > 0 && !/\s/.test(query[start - 1]!)) start--;
  let end = caret;
  while (end < query.length && !/\s/.test(query[end]!)) end++;
  const word = query.slice(start, end);
  const m = /^!?([\w.[\]-]+):(.*)$/.exec(word);
  return m ? { start, end, word, key: m[1], partial: m[2]!.replace(/^"/, '') } : { start, end, word };
}
