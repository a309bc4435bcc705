/** @module `listReplays`: the organization's replays list — filters, sort and offset paging in SQL. */
import type { Db, SqlValue } from '../db/db.ts';
import { fixReplayRow, REPLAY_SELECT, type ReplayRow } from './replays.ts';

const SORT_COLUMNS = ['started_at', 'duration', 'count_errors', 'finished_at', 'count_dead_clicks', 'count_rage_clicks'] as const;
export type ReplaySort = (typeof SORT_COLUMNS)[number] | `-${(typeof SORT_COLUMNS)[number]}`;
export const REPLAY_SORTS: readonly ReplaySort[] = SORT_COLUMNS.flatMap((c) => [c, `-${c}` as const]);

/** The replay counts a query compares with a number (`count_errors:>0`), by their column. */
export const REPLAY_COUNT_KEYS = ['count_errors', 'count_dead_clicks', 'count_rage_clicks'] as const;
export type ReplayCountKey = (typeof REPLAY_COUNT_KEYS)[number];

export interface ReplayFilter {
  projectIds: number[];
  environments?: string[];
  /** Milliseconds; replays that started in [since, until). */
  since?: number;
  until?: number;
  userEmail?: string;
  /** Exact matches against the browser and OS the replay was recorded on (`browser.name:` etc.). */
  browserName?: string;
  browserVersion?: string;
  osName?: string;
  osVersion?: string;
  /** Exact match against one of the replay's URLs. */
  url?: string;
  /** Replays linked (through an error event that named them) with this issue. */
  issueId?: number;
  /** Counts compared with a number (`count_errors:>0`, `count_dead_clicks:>=2`), all of them to hold. */
  counts?: Array<{ key: ReplayCountKey; op: '>' | '>=' | '<' | '<=' | '='; value: number }>;
  sort: ReplaySort;
  limit: number;
  offset: number;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listReplays(db: Db, f: ReplayFilter): Promise<ReplayRow[]> {
  if (f.projectIds.length === 0) return [];
  const where = [`r.project_id IN (${f.projectIds.map(() => '?').join(', ')})`];
  const params: SqlValue[] = [...f.projectIds];
  if (f.environments && f.environments.length > 0) {
    where.push(`r.environment IN (${f.environments.map(() => '?').join(', ')})`);
    params.push(...f.environments);
  }
  if (f.since !== undefined) {
    where.push('r.started_at >= ?');
    params.push(f.since);
  }
  if (f.until !== undefined) {
    where.push('r.started_at < ?');
    params.push(f.until);
  }
  for (const [column, value] of [['user_email', f.userEmail], ['browser_name', f.browserName], ['browser_version', f.browserVersion], ['os_name', f.osName], ['os_version', f.osVersion]] as const) {
    if (value === undefined) continue;
    where.push(`r.${column} = ?`);
    params.push(value);
  }
  if (f.url !== undefined) {
    where.push("r.urls LIKE ? ESCAPE '\\'");
    params.push(`%${likeEscape(JSON.stringify(f.url))}%`);
  }
  if (f.issueId !== undefined) {
    where.push('r.replay_id IN (SELECT e.replay_id FROM replay_errors e WHERE e.issue_id = ? AND e.project_id = r.project_id)');
    params.push(f.issueId);
  }
  for (const c of f.counts ?? []) {
    // Both come from fixed lists (the parser refuses anything else), never from the query text.
    if (!REPLAY_COUNT_KEYS.includes(c.key) || !['>', '>=', '<', '<=', '='].includes(c.op)) throw new Error(`invalid replay count filter ${c.key} ${c.op}`);
    where.push(`r.${c.key} ${c.op} ?`);
    params.push(c.value);
  }
  const desc = f.sort.startsWith('-');
  const column = f.sort.replace(/^-/, '');
  const rows = await db.all<ReplayRow>(
    `SELECT ${REPLAY_SELECT} FROM replays r WHERE ${where.join(' AND ')}
     ORDER BY r.${column} ${desc ? 'DESC' : 'ASC'}, r.replay_id ${desc ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset],
  );
  return rows.map(fixReplayRow);
}
