/** @module Events per project per hour, from the issues' hourly counters (the projects list's sparklines). */
import type { Db } from '../db/db.ts';

export async function projectHourlyCounts(db: Db, projectIds: number[], sinceHour: number): Promise<Array<{ projectId: number; hour: number; count: number }>> {
  if (projectIds.length === 0) return [];
  const rows = await db.all<{ project_id: number; hour: number; n: number }>(
    `SELECT i.project_id AS project_id, h.hour AS hour, SUM(h.count) AS n FROM issue_hourly h JOIN issues i ON i.id = h.issue_id
     WHERE h.hour >= ? AND i.project_id IN (${projectIds.map(() => '?').join(', ')}) GROUP BY i.project_id, h.hour`,
    [sinceHour, ...projectIds],
  );
  return rows.map((r) => ({ projectId: Number(r.project_id), hour: Number(r.hour), count: Number(r.n) }));
}
