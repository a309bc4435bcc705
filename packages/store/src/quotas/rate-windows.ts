/**
 * @module Shared rate-limit windows (migration 0013): each node reserves a chunk of a window's allowance before it
 * admits events against it, so together the nodes never take more than the limit.
 */
import type { Db } from '../db/db.ts';

export interface RateWindow {
  /** What is limited: `key` (a DSN key's rate limit), `spike` (a project's spike protection). */
  scope: string;
  key: string;
  windowStart: number;
  windowMs: number;
}

/** Takes `amount` of the window's `limit`, all or nothing: true when it fitted (and is now taken). */
export async function reserveFromWindow(db: Db, w: RateWindow, amount: number, limit: number): Promise<boolean> {
  if (amount > limit) return false;
  const r = await db.run(
    `INSERT INTO rate_windows (scope, key, window_start, used, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, key, window_start) DO UPDATE SET used = rate_windows.used + excluded.used
     WHERE rate_windows.used + excluded.used <= ?`,
    [w.scope, w.key, w.windowStart, amount, w.windowStart + w.windowMs, limit],
  );
  return r.changes === 1;
}

/** What was taken in the windows of `scope`/`key` starting in [from, to), and the earliest such window. */
export async function windowTotals(db: Db, scope: string, key: string, from: number, to: number): Promise<{ used: number; earliest: number | null }> {
  const row = await db.get<{ used: number | string | null; earliest: number | string | null }>(
    'SELECT SUM(used) AS used, MIN(window_start) AS earliest FROM rate_windows WHERE scope = ? AND key = ? AND window_start >= ? AND window_start < ?',
    [scope, key, from, to],
  );
  return { used: Number(row?.used ?? 0), earliest: row?.earliest === null || row?.earliest === undefined ? null : Number(row.earliest) };
}

/** Forgets windows that ended before `before`; returns how many. */
export async function pruneRateWindows(db: Db, before: number): Promise<number> {
  return (await db.run('DELETE FROM rate_windows WHERE expires_at < ?', [before])).changes;
}
