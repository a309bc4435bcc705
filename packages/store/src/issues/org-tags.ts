/** @module Tag keys and values over the issues of some projects (the search bar's suggestions), newest issues only. */
import type { Db } from '../db/db.ts';

export interface TagScope {
  projectIds: number[];
  /** Only issues seen since (epoch ms). */
  since: number;
}

function where(s: TagScope): { sql: string; params: number[] } {
  return { sql: `i.project_id IN (${s.projectIds.map(() => '?').join(', ')}) AND i.last_seen >= ?`, params: [...s.projectIds, s.since] };
}

/** At most 200 keys, each with how many distinct values it has. */
export async function orgTagKeys(db: Db, scope: TagScope): Promise<Array<{ key: string; values: number }>> {
  if (scope.projectIds.length === 0) return [];
  const w = where(scope);
  const rows = await db.all<{ key: string; n: number }>(
    `SELECT t.key AS key, COUNT(DISTINCT t.value) AS n FROM issue_tags t JOIN issues i ON i.id = t.issue_id WHERE ${w.sql} GROUP BY t.key ORDER BY t.key LIMIT 200`,
    w.params,
  );
  return rows.map((r) => ({ key: r.key, values: Number(r.n) }));
}

/** The 30 most seen values of a key, optionally those containing `contains` (case-insensitive). */
export async function orgTagValues(
  db: Db,
  scope: TagScope,
  key: string,
  contains = '',
): Promise<Array<{ value: string; count: number; firstSeen: number; lastSeen: number }>> {
  if (scope.projectIds.length === 0) return [];
  const w = where(scope);
  const q = contains.toLowerCase().replace(/[%_]/g, '');
  const rows = await db.all<{ value: string; n: number; first: number; last: number }>(
    `SELECT t.value AS value, SUM(t.times_seen) AS n, MIN(t.first_seen) AS first, MAX(t.last_seen) AS last FROM issue_tags t
     JOIN issues i ON i.id = t.issue_id WHERE t.key = ? AND ${w.sql}${q ? ' AND LOWER(t.value) LIKE ?' : ''}
     GROUP BY t.value ORDER BY n DESC LIMIT 30`,
    [key, ...w.params, ...(q ? [`%${q}%`] : [])],
  );
  return rows.map((r) => ({ value: r.value, count: Number(r.n), firstSeen: Number(r.first), lastSeen: Number(r.last) }));
}
