/** @module The `replay_errors` table: error events that named a replay, with their issue (for an issue's replay count). */
import type { Db } from '../db/db.ts';

export async function linkReplayError(db: Db, l: { projectId: number; replayId: string; eventId: string; issueId: number }): Promise<void> {
  await db.run(
    `INSERT INTO replay_errors (project_id, replay_id, event_id, issue_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, replay_id, event_id) DO UPDATE SET issue_id = excluded.issue_id`,
    [l.projectId, l.replayId, l.eventId, l.issueId],
  );
}

/** Stored replays per issue, among the issues of `projectIds`: issue id → distinct replays linked to its events. */
export async function replayCountsByIssue(db: Db, projectIds: number[], issueIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (projectIds.length === 0 || issueIds.length === 0) return out;
  const rows = await db.all<{ issue_id: number | string; n: number | string }>(
    `SELECT e.issue_id, COUNT(DISTINCT e.replay_id) AS n FROM replay_errors e
     JOIN replays r ON r.project_id = e.project_id AND r.replay_id = e.replay_id
     WHERE e.issue_id IN (${issueIds.map(() => '?').join(', ')}) AND e.project_id IN (${projectIds.map(() => '?').join(', ')})
     GROUP BY e.issue_id`,
    [...issueIds, ...projectIds],
  );
  for (const r of rows) out.set(Number(r.issue_id), Number(r.n));
  return out;
}
