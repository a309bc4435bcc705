/**
 * @module How many events an issue had in a recent window, for "seen more than N times in M minutes". Only
 * "more than N" matters, so an exact count stops at N + 1 rows; windows past an hour sum the hourly counters
 * instead (cheap for busy issues; the oldest hour counts whole, so it may fire slightly early).
 */
import { hourOf, HOUR_MS } from '../digest/counters.ts';
import type { Db } from '../db/db.ts';

/** Events of `issueId` with a timestamp in (`until` - `minutes`, …], counting at most `moreThan` + 1. */
export async function recentEventCount(db: Db, issueId: number, until: number, minutes: number, moreThan: number): Promise<number> {
  const since = until - minutes * 60_000;
  if (minutes * 60_000 <= HOUR_MS) {
    const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM events WHERE issue_id = ? AND timestamp > ? LIMIT ?) recent', [
      issueId,
      since,
      moreThan + 1,
    ]);
    return Number(row?.n ?? 0);
  }
  const row = await db.get<{ n: number | null }>('SELECT SUM(count) AS n FROM issue_hourly WHERE issue_id = ? AND hour >= ?', [issueId, hourOf(since)]);
  return Number(row?.n ?? 0);
}
