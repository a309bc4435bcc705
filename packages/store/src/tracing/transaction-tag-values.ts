/**
 * @module `transactionTagValues`: the values of a transaction column (environment, release, transaction name) seen
 * in the hourly transaction aggregates of some projects since a time — the tag values endpoint's
 * `dataset=transactions`, so the Performance filters offer the environments transactions came from (an app that
 * sends only transactions has no error tags). Most seen first, at most 30, optionally those containing `contains`.
 */
import type { Db } from '../db/db.ts';
import { AGGREGATE_LEVELS } from './transaction-aggregates.ts';
import type { TagScope } from '../issues/org-tags.ts';

/** Tag keys of transactions → their aggregate column. */
export const TRANSACTION_TAG_COLUMNS: Record<string, string> = { environment: 'environment', release: 'release', transaction: 'transaction_name' };

export async function transactionTagValues(
  db: Db,
  scope: TagScope,
  key: string,
  contains = '',
): Promise<Array<{ value: string; count: number; firstSeen: number; lastSeen: number }>> {
  const column = TRANSACTION_TAG_COLUMNS[key];
  if (!column) throw new Error(`no transaction column for tag ${key}`);
  if (scope.projectIds.length === 0) return [];
  const { table, column: hour, step } = AGGREGATE_LEVELS.hour;
  const q = contains.toLowerCase().replace(/[%_\\]/g, '');
  const rows = await db.all<{ value: string; n: number; first: number; last: number }>(
    `SELECT ${column} AS value, SUM(count) AS n, MIN(${hour}) AS first, MAX(${hour}) AS last FROM ${table}
     WHERE project_id IN (${scope.projectIds.map(() => '?').join(', ')}) AND ${hour} >= ? AND ${column} <> ''${q ? ` AND LOWER(${column}) LIKE ?` : ''}
     GROUP BY ${column} ORDER BY n DESC, value LIMIT 30`,
    [...scope.projectIds, Math.floor(scope.since / step) * step, ...(q ? [`%${q}%`] : [])],
  );
  return rows.map((r) => ({ value: r.value, count: Number(r.n), firstSeen: Number(r.first), lastSeen: Number(r.last) + step - 1 }));
}
