/**
 * @module The two brakes against notification floods, both atomic so that several digest nodes on PostgreSQL
 * agree: a rule fires for an issue at most once per quiet period (an upsert that only moves `last_fired`
 * forward when the period is over), and a project sends at most `cap` notifications per clock hour (the rest
 * are counted as suppressed, so the UI can say how many were held back).
 */
import { hourOf } from '../digest/counters.ts';
import type { Db } from '../db/db.ts';

/** When the rule last fired for the issue (undefined: never). A cheap read before counting events. */
export async function lastRuleFire(db: Db, ruleId: number, issueId: number): Promise<number | undefined> {
  const row = await db.get<{ last_fired: number }>('SELECT last_fired FROM alert_rule_fires WHERE rule_id = ? AND issue_id = ?', [ruleId, issueId]);
  return row ? Number(row.last_fired) : undefined;
}

/**
 * Claims the right to fire: true when the rule never fired for the issue or last did at least `quietMs` ago.
 * Concurrent claims on PostgreSQL serialize on the row, and the loser sees the winner's time.
 */
export async function claimRuleFire(db: Db, ruleId: number, issueId: number, now: number, quietMs: number): Promise<boolean> {
  const row = await db.get(
    `INSERT INTO alert_rule_fires (rule_id, issue_id, last_fired) VALUES (?, ?, ?)
     ON CONFLICT (rule_id, issue_id) DO UPDATE SET last_fired = excluded.last_fired WHERE alert_rule_fires.last_fired <= ?
     RETURNING rule_id`,
    [ruleId, issueId, now, now - quietMs],
  );
  return row !== undefined;
}

/** Takes one of the project's notifications for this hour (`cap` ≥ 1); false, counted as suppressed, when none is left. */
export async function takeNotificationSlot(db: Db, projectId: number, now: number, cap: number): Promise<boolean> {
  const hour = hourOf(now);
  const taken = await db.get(
    `INSERT INTO alert_counts (project_id, hour, notified, suppressed) VALUES (?, ?, 1, 0)
     ON CONFLICT (project_id, hour) DO UPDATE SET notified = alert_counts.notified + 1 WHERE alert_counts.notified < ?
     RETURNING notified`,
    [projectId, hour, cap],
  );
  if (taken !== undefined) return true;
  await db.run('UPDATE alert_counts SET suppressed = suppressed + 1 WHERE project_id = ? AND hour = ?', [projectId, hour]);
  return false;
}

export interface AlertCountsSummary {
  lastHour: { notified: number; suppressed: number };
  last24h: { notified: number; suppressed: number };
  /** Hourly buckets (oldest first) with anything in them. */
  hourly: Array<{ hour: number; notified: number; suppressed: number }>;
}

export async function alertCounts(db: Db, projectId: number, now: number): Promise<AlertCountsSummary> {
  const current = hourOf(now);
  const rows = await db.all<{ hour: number; notified: number; suppressed: number }>(
    'SELECT hour, notified, suppressed FROM alert_counts WHERE project_id = ? AND hour > ? ORDER BY hour',
    [projectId, current - 24 * 3_600_000],
  );
  const hourly = rows.map((r) => ({ hour: Number(r.hour), notified: Number(r.notified), suppressed: Number(r.suppressed) }));
  const sum = (list: typeof hourly) => list.reduce((a, r) => ({ notified: a.notified + r.notified, suppressed: a.suppressed + r.suppressed }), { notified: 0, suppressed: 0 });
  return { lastHour: sum(hourly.filter((r) => r.hour === current)), last24h: sum(hourly), hourly };
}
