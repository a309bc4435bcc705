/** @module Issue reads and status changes for the API. */
import { isSearchFacetKey } from '@faultline/pipeline';
import type { Db } from '../db/db.ts';
import { setIssuesStatus, type StatusChange } from './issue-status.ts';
import { issueSearchSql, tagKeysToCheck, UnsupportedSearchError, type IssueSearch } from './issue-search.ts';

export interface IssueRow {
  id: number;
  project_id: number;
  short_id: number;
  title: string;
  culprit: string;
  type: string;
  level: string;
  platform: string | null;
  status: string;
  substatus: string | null;
  status_details: string;
  resolved_at: number | null;
  first_seen: number;
  last_seen: number;
  first_release: string | null;
  last_release: string | null;
  times_seen: number;
  user_count: number;
  metadata: string;
  grouping_config: string;
  last_event_id: string | null;
}

/** Refuses a filter on a tag key no issue in scope has ever carried: Sentry answers such a query 400, never "no results". */
async function checkTagKeys(db: Db, s: IssueSearch): Promise<void> {
  if (s.projectIds.length === 0) return;
  for (const key of tagKeysToCheck(s)) {
    const found = await db.get(
      `SELECT 1 AS ok FROM issue_tags t JOIN issues i ON i.id = t.issue_id WHERE t.key = ? AND i.project_id IN (${s.projectIds.map(() => '?').join(', ')}) LIMIT 1`,
      [key, ...s.projectIds],
    );
    if (!found) throw new UnsupportedSearchError(`unknown search key "${key}": it is not a built-in key and no issue has a tag of that name`);
  }
}

export async function searchIssues(db: Db, s: IssueSearch): Promise<{ rows: IssueRow[]; hasMore: boolean }> {
  await checkTagKeys(db, s);
  const { where, params, orderBy } = issueSearchSql(s);
  const rows = await db.all<IssueRow>(`SELECT i.* FROM issues i WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [
    ...params,
    s.limit + 1,
    s.offset,
  ]);
  return { rows: rows.slice(0, s.limit), hasMore: rows.length > s.limit };
}

export async function countIssues(db: Db, s: IssueSearch): Promise<number> {
  const { where, params } = issueSearchSql(s);
  const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM issues i WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

export function getIssue(db: Db, id: number): Promise<IssueRow | undefined> {
  return db.get<IssueRow>('SELECT * FROM issues WHERE id = ?', [id]);
}

export function getIssueByShortId(db: Db, projectId: number, shortId: number): Promise<IssueRow | undefined> {
  return db.get<IssueRow>('SELECT * FROM issues WHERE project_id = ? AND short_id = ?', [projectId, shortId]);
}

export type { StatusChange } from './issue-status.ts';

export function setIssueStatus(db: Db, issueId: number, change: StatusChange): Promise<void> {
  return setIssuesStatus(db, [issueId], change);
}

export async function deleteIssue(db: Db, issueId: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of ['events', 'issue_tags', 'issue_hourly', 'issue_activity', 'grouphashes', 'replay_errors']) {
      await tx.run(`DELETE FROM ${table} WHERE issue_id = ?`, [issueId]);
    }
    await tx.run('DELETE FROM issues WHERE id = ?', [issueId]);
  });
}

export interface ActivityRow {
  id: number;
  issue_id: number;
  user_id: number | null;
  type: string;
  data: string;
  created_at: number;
  user_email: string | null;
}

export function issueActivity(db: Db, issueId: number): Promise<ActivityRow[]> {
  return db.all<ActivityRow>(
    'SELECT a.*, u.email AS user_email FROM issue_activity a LEFT JOIN users u ON u.id = a.user_id WHERE a.issue_id = ? ORDER BY a.id DESC',
    [issueId],
  );
}

export interface TagValueRow {
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

/** An issue's tag values; the search-only facets (`user.email`, `error.type` …) are not tags and are left out. */
export async function issueTagValues(db: Db, issueId: number, key?: string): Promise<TagValueRow[]> {
  if (key !== undefined && isSearchFacetKey(key)) return [];
  const rows =
    key === undefined
      ? await db.all<TagValueRow>('SELECT key, value, times_seen, first_seen, last_seen FROM issue_tags WHERE issue_id = ? ORDER BY key, times_seen DESC', [issueId])
      : await db.all<TagValueRow>('SELECT key, value, times_seen, first_seen, last_seen FROM issue_tags WHERE issue_id = ? AND key = ? ORDER BY times_seen DESC', [
          issueId,
          key,
        ]);
  return key === undefined ? rows.filter((r) => !isSearchFacetKey(r.key)) : rows;
}

export interface TagKeySummary {
  key: string;
  /** Events that carried the key. */
  totalValues: number;
  uniqueValues: number;
  /** The `top` most seen values, most seen first. */
  topValues: TagValueRow[];
}

/**
 * Per tag key of an issue (search-only facets left out): its total, distinct values and `top` most seen values,
 * counted in SQL over the issue's range of the primary key. An issue's values of one key can run to hundreds of
 * thousands (users, replay ids); reading them all into the API costs that many rows per request.
 */
export async function issueTagSummary(db: Db, issueId: number, top: number): Promise<TagKeySummary[]> {
  const keys = await db.all<{ key: string; total: number | string; uniq: number | string }>(
    'SELECT key, SUM(times_seen) AS total, COUNT(*) AS uniq FROM issue_tags WHERE issue_id = ? GROUP BY key ORDER BY key',
    [issueId],
  );
  const out = new Map<string, TagKeySummary>();
  for (const k of keys) if (!isSearchFacetKey(k.key)) out.set(k.key, { key: k.key, totalValues: Number(k.total), uniqueValues: Number(k.uniq), topValues: [] });
  if (top <= 0 || out.size === 0) return [...out.values()];
  const rows = await db.all<TagValueRow>(
    `SELECT key, value, times_seen, first_seen, last_seen FROM (
       SELECT key, value, times_seen, first_seen, last_seen, ROW_NUMBER() OVER (PARTITION BY key ORDER BY times_seen DESC, value) AS n
       FROM issue_tags WHERE issue_id = ?) t
     WHERE n <= ? ORDER BY key, times_seen DESC, value`,
    [issueId, top],
  );
  for (const r of rows) out.get(r.key)?.topValues.push(r);
  return [...out.values()];
}

/** Hourly counts for the last `hours` hours, oldest first, zero-filled (Sentry's `stats` shape: [[sec, n], …]). */
export async function issueStats(db: Db, issueIds: number[], hours: number, now = Date.now()): Promise<Map<number, Array<[number, number]>>> {
  const start = Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000;
  const out = new Map<number, Array<[number, number]>>();
  for (const id of issueIds) out.set(id, Array.from({ length: hours }, (_, i) => [(start + i * 3_600_000) / 1000, 0]));
  if (issueIds.length === 0) return out;
  const rows = await db.all<{ issue_id: number; hour: number; count: number }>(
    `SELECT issue_id, hour, count FROM issue_hourly WHERE hour >= ? AND issue_id IN (${issueIds.map(() => '?').join(', ')})`,
    [start, ...issueIds],
  );
  for (const r of rows) {
    const slot = out.get(r.issue_id)?.[(r.hour - start) / 3_600_000];
    if (slot) slot[1] = Number(r.count);
  }
  return out;
}

/** Which project each of these issues belongs to (unknown ids are left out). */
export function issueProjects(db: Db, ids: number[]): Promise<Array<{ id: number; project_id: number }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.all<{ id: number; project_id: number }>(`SELECT id, project_id FROM issues WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
}
