/**
 * @module Usage-stats reads: accepted items and every counted outcome of the given projects, per hour, category
 * and reason, in one list. Which outcome a stored reason belongs to is the API's business (stats-outcome.ts).
 */
import type { Db } from '../db/db.ts';

export interface UsageRow {
  project_id: number;
  hour: number;
  /** 'accepted', or the outcome's source: 'server' | 'client' */
  source: string;
  category: string;
  reason: string;
  quantity: number;
}

export async function usageRows(db: Db, f: { projectIds: number[]; start: number; end: number }): Promise<UsageRow[]> {
  if (f.projectIds.length === 0) return [];
  const ids = f.projectIds.map(() => '?').join(', ');
  const rows = await db.all<UsageRow>(
    `SELECT project_id, hour, 'accepted' AS source, category, '' AS reason, quantity FROM accepted_counts
       WHERE project_id IN (${ids}) AND hour >= ? AND hour < ?
     UNION ALL
     SELECT project_id, hour, source, category, reason, quantity FROM outcomes
       WHERE project_id IN (${ids}) AND hour >= ? AND hour < ?`,
    [...f.projectIds, f.start, f.end, ...f.projectIds, f.start, f.end],
  );
  return rows.map((r) => ({ ...r, project_id: Number(r.project_id), hour: Number(r.hour), quantity: Number(r.quantity) }));
}
