/**
 * @module Turns a parsed Sentry search query into SQL over the issues table.
 * Issue fields (is:, level:, release:, first/last release) are columns; any other `key:value` matches the issue's
 * tag values (environment, browser, user, url, custom tags), which every stored event contributes to.
 */
import type { SqlValue } from '../db/db.ts';

export interface SearchFilter {
  key: string;
  value: string;
  negated: boolean;
  op: '=' | '>' | '<' | '>=' | '<=';
}

export interface IssueSearch {
  projectIds: number[];
  filters: SearchFilter[];
  text: string[];
  /** Only issues seen since this time (ms). */
  since?: number;
  sort: 'date' | 'new' | 'freq' | 'user' | 'priority';
  limit: number;
  offset: number;
}

export class UnsupportedSearchError extends Error {}

const STATUS: Record<string, string> = { unresolved: 'unresolved', resolved: 'resolved', ignored: 'ignored', archived: 'ignored' };
const SORT_COLUMN: Record<IssueSearch['sort'], string> = {
  date: 'i.last_seen',
  new: 'i.first_seen',
  freq: 'i.times_seen',
  user: 'i.user_count',
  priority: 'i.last_seen',
};

const DURATION = /^([+-]?)(\d+)([smhdw])$/;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

export function issueSearchSql(s: IssueSearch, now = Date.now()): { where: string; params: SqlValue[]; orderBy: string } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (s.projectIds.length === 0) clauses.push('1 = 0');
  else {
    clauses.push(`i.project_id IN (${s.projectIds.map(() => '?').join(', ')})`);
    params.push(...s.projectIds);
  }
  if (s.since !== undefined) {
    clauses.push('i.last_seen >= ?');
    params.push(s.since);
  }
  for (const raw of s.filters) {
    const f = { ...raw, key: KEY_ALIASES[raw.key] ?? raw.key };
    const not = f.negated ? 'NOT ' : '';
    switch (f.key) {
      case 'has': {
        const key = KEY_ALIASES[f.value] ?? f.value;
        clauses.push(`${not}EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = i.id AND t.key = ?)`);
        params.push(key);
        break;
      }
      case 'error.handled':
      case 'error.unhandled': {
        const yes = ['true', '1', 'yes'].includes(f.value.toLowerCase());
        if (!yes && !['false', '0', 'no'].includes(f.value.toLowerCase())) throw new UnsupportedSearchError(`"${f.key}" takes true or false`);
        const handled = f.key === 'error.handled' ? yes : !yes;
        clauses.push(`${not}EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = i.id AND t.key = 'handled' AND t.value = ?)`);
        params.push(handled ? 'yes' : 'no');
        break;
      }
      case 'error.value':
        clauses.push(`${not}(LOWER(i.metadata) LIKE ?)`);
        params.push(like(f.value.replace(/\*/g, '')));
        break;
      case 'event.timestamp': {
        const cond = timeCondition('e.timestamp', f, now);
        clauses.push(`${not}EXISTS (SELECT 1 FROM events e WHERE e.issue_id = i.id AND ${cond.sql})`);
        params.push(...cond.params);
        break;
      }
      case 'is': {
        if (STATUS[f.value]) {
          clauses.push(`${not}(i.status = ?)`);
          params.push(STATUS[f.value]!);
        } else if (['new', 'ongoing', 'regressed', 'escalating'].includes(f.value)) {
          clauses.push(`${not}(i.status = 'unresolved' AND i.substatus = ?)`);
          params.push(f.value);
        } else if (f.value === 'for_review' || f.value === 'unassigned') {
          clauses.push(`${not}(i.status = 'unresolved')`);
        } else throw new UnsupportedSearchError(`unknown status "is:${f.value}"`);
        break;
      }
      case 'level':
      case 'issue.category':
      case 'issue.type':
        if (f.key === 'level') {
          clauses.push(`${not}(i.level = ?)`);
          params.push(f.value);
        } else {
          clauses.push(`${not}(i.type = ?)`);
          params.push(f.value === 'error' ? 'error' : 'default');
        }
        break;
      case 'firstRelease':
      case 'first_release':
        clauses.push(`${not}(i.first_release = ?)`);
        params.push(f.value);
        break;
      case 'times_seen':
      case 'timesSeen':
        if (!/^\d+$/.test(f.value)) throw new UnsupportedSearchError(`"${f.key}" takes a count, e.g. times_seen:>100`);
        clauses.push(`${not}(i.times_seen ${f.op} ?)`);
        params.push(Number(f.value));
        break;
      case 'age':
      case 'firstSeen':
      case 'lastSeen':
      case 'last_seen':
      case 'first_seen': {
        const cond = timeCondition(f.key === 'lastSeen' || f.key === 'last_seen' ? 'i.last_seen' : 'i.first_seen', f, now);
        clauses.push(`${not}(${cond.sql})`);
        params.push(...cond.params);
        break;
      }
      case 'issue':
      case 'shortId':
        clauses.push(`${not}(i.short_id = ?)`);
        params.push(Number(f.value.replace(/^.*-/, '')) || -1);
        break;
      case 'message':
      case 'title':
        clauses.push(`${not}(LOWER(i.title) LIKE ? OR LOWER(i.culprit) LIKE ?)`);
        params.push(like(f.value), like(f.value));
        break;
      default: {
        const key = f.key === 'tags' ? f.value.split(':')[0]! : f.key.replace(/^tags\[(.+)\]$/, '$1');
        const value = f.key === 'tags' ? f.value.split(':').slice(1).join(':') : f.value;
        if (value.includes('*')) {
          clauses.push(`${not}EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = i.id AND t.key = ? AND t.value LIKE ?)`);
          params.push(key, value.replace(/[%_]/g, '').replace(/\*/g, '%'));
        } else {
          clauses.push(`${not}EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = i.id AND t.key = ? AND t.value = ?)`);
          params.push(key, value);
        }
      }
    }
  }
  for (const word of s.text) {
    clauses.push('(LOWER(i.title) LIKE ? OR LOWER(i.culprit) LIKE ? OR LOWER(i.metadata) LIKE ?)');
    params.push(like(word), like(word), like(word));
  }
  return { where: clauses.join(' AND '), params, orderBy: `${SORT_COLUMN[s.sort]} DESC, i.id DESC` };
}

/** Sentry's other names for the same thing. */
const KEY_ALIASES: Record<string, string> = {
  'http.url': 'url',
  'release.version': 'release',
  'user.ip_address': 'user.ip',
  'error.mechanism': 'mechanism',
  'device.model': 'device',
  timesSeen: 'times_seen',
};

/**
 * Keys the search understands without a tag of that name: fields of the issue, the search-only facets digest stores
 * (`user.*`, `error.type`) and the tags every event gets. Any other key must be a tag some issue in scope carries.
 */
export const BUILT_IN_KEYS = new Set([
  'is', 'has', 'level', 'issue.category', 'issue.type', 'firstRelease', 'first_release', 'times_seen', 'age', 'firstSeen',
  'lastSeen', 'last_seen', 'first_seen', 'issue', 'shortId', 'message', 'title', 'tags', 'error.handled', 'error.unhandled',
  'error.value', 'event.timestamp', 'user.id', 'user.email', 'user.username', 'user.ip', 'error.type', 'environment', 'release',
  'dist', 'transaction', 'server_name', 'logger', 'mechanism', 'handled', 'user', 'url', 'browser', 'browser.name', 'os',
  'os.name', 'device', 'runtime', 'runtime.name', ...Object.keys(KEY_ALIASES),
]);

/** The tag keys a filter names that are neither built in nor `tags[…]`: the store checks they exist. */
export function tagKeysToCheck(s: IssueSearch): string[] {
  const keys = new Set<string>();
  for (const f of s.filters) {
    if (BUILT_IN_KEYS.has(f.key) || /^tags\[.+\]$/.test(f.key)) continue;
    keys.add(f.key);
  }
  return [...keys];
}

/**
 * A time filter on `col` as Sentry reads one: a relative time (`-24h` within the last 24 hours, `+7d` longer ago than
 * a week; an operator compares with that instant instead), an ISO 8601 date or time with an operator
 * (`>2026-12-01`, `<=2026-12-01T10:00:00Z`), or one without (a day, or a moment give or take five minutes).
 */
function timeCondition(col: string, f: SearchFilter, now: number): { sql: string; params: SqlValue[] } {
  const rel = DURATION.exec(f.value);
  if (rel) {
    const at = now - Number(rel[2]) * UNIT_MS[rel[3]!]!;
    const op = f.op !== '=' ? f.op : rel[1] === '+' ? '<' : '>=';
    return { sql: `${col} ${op} ?`, params: [at] };
  }
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(f.value) ? Date.parse(/T[\d:.]+$/.test(f.value) ? `${f.value}Z` : f.value) : NaN;
  if (!Number.isFinite(at)) {
    throw new UnsupportedSearchError(`"${f.key}:${f.value}": give a relative time (-24h, +7d; units s m h d w) or a date (2026-12-01, >2026-12-01T10:00:00Z)`);
  }
  if (f.op !== '=') return { sql: `${col} ${f.op} ?`, params: [at] };
  // A bare day is that whole UTC day; a bare time, the five minutes either side of it.
  const [from, to] = /^\d{4}-\d{2}-\d{2}$/.test(f.value) ? [at, at + UNIT_MS.d!] : [at - 5 * UNIT_MS.m!, at + 5 * UNIT_MS.m!];
  return { sql: `${col} >= ? AND ${col} < ?`, params: [from, to] };
}

function like(v: string): string {
  return `%${v.toLowerCase().replace(/[%_]/g, '')}%`;
}
