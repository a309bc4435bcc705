/**
 * @module Release-health reads for `GET /organizations/{org}/sessions/`: hourly session counters, and distinct
 * users counted exactly over any range (per bucket and in total) from the per-hour user rows.
 */
import type { Db, SqlValue } from '../db/db.ts';

export interface SessionFilter {
  projectIds: number[];
  /** ms, inclusive */
  start: number;
  /** ms, exclusive */
  end: number;
  releases?: string[];
  environments?: string[];
}

export interface SessionCountRow {
  project_id: number;
  hour: number;
  release: string;
  environment: string;
  status: string;
  quantity: number;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function where(f: SessionFilter): { sql: string; params: SqlValue[] } {
  const parts = [`project_id IN (${marks(f.projectIds.length)})`, 'hour >= ?', 'hour < ?'];
  const params: SqlValue[] = [...f.projectIds, f.start, f.end];
  if (f.releases?.length) {
    parts.push(`release IN (${marks(f.releases.length)})`);
    params.push(...f.releases);
  }
  if (f.environments?.length) {
    parts.push(`environment IN (${marks(f.environments.length)})`);
    params.push(...f.environments);
  }
  return { sql: parts.join(' AND '), params };
}

export async function sessionCountRows(db: Db, f: SessionFilter): Promise<SessionCountRow[]> {
  if (f.projectIds.length === 0) return [];
  const w = where(f);
  const rows = await db.all<SessionCountRow>(
    `SELECT project_id, hour, release, environment, status, SUM(quantity) AS quantity FROM session_counts
     WHERE ${w.sql} AND status IN ('started', 'errored', 'crashed', 'abnormal') GROUP BY project_id, hour, release, environment, status`,
    w.params,
  );
  return rows.map((r) => ({ ...r, project_id: Number(r.project_id), hour: Number(r.hour), quantity: Number(r.quantity) }));
}

export type SessionUserGroup = 'project' | 'release' | 'environment';
const USER_GROUP_COLUMN: Record<SessionUserGroup, string> = { project: 'project_id', release: 'release', environment: 'environment' };

export interface SessionUserRow {
  project_id?: number;
  release?: string;
  environment?: string;
  /** index of the interval, or null for the whole range */
  bucket: number | null;
  users: number;
  errored_users: number;
  abnormal_users: number;
  crashed_users: number;
}

/**
 * Distinct users per group, per interval bucket (`interval` ms, aligned to `start`) and over the whole range. A
 * user's status is the worst in the bucket: errored counts users whose worst was errored or worse.
 */
export async function sessionUserRows(db: Db, f: SessionFilter, interval: number, groupBy: SessionUserGroup[]): Promise<SessionUserRow[]> {
  if (f.projectIds.length === 0) return [];
  const w = where(f);
  const cols = groupBy.map((g) => USER_GROUP_COLUMN[g]);
  const select = cols.map((c) => `${c}, `).join('');
  const measures = `COUNT(DISTINCT did) AS users,
    COUNT(DISTINCT CASE WHEN worst >= 1 THEN did END) AS errored_users,
    COUNT(DISTINCT CASE WHEN worst = 2 THEN did END) AS abnormal_users,
    COUNT(DISTINCT CASE WHEN worst = 3 THEN did END) AS crashed_users`;
  const perBucket = await db.all<SessionUserRow>(
    `SELECT ${select}CAST((hour - ?) / ? AS INTEGER) AS bucket, ${measures} FROM session_users WHERE ${w.sql} GROUP BY ${[...cols, 'bucket'].join(', ')}`,
    [f.start, interval, ...w.params],
  );
  const totals = await db.all<SessionUserRow>(
    `SELECT ${select}${measures} FROM session_users WHERE ${w.sql}${cols.length ? ` GROUP BY ${cols.join(', ')}` : ''}`,
    w.params,
  );
  const norm = (r: SessionUserRow, bucket: number | null): SessionUserRow => ({
    ...r,
    ...(r.project_id !== undefined ? { project_id: Number(r.project_id) } : {}),
    bucket,
    users: Number(r.users),
    errored_users: Number(r.errored_users),
    abnormal_users: Number(r.abnormal_users),
    crashed_users: Number(r.crashed_users),
  });
  return [...perBucket.map((r) => norm(r, Math.floor(Number(r.bucket)))), ...totals.map((r) => norm(r, null))];
}
