/**
 * @module `deleteExpiredTransactionAggregates`: retention for the transaction aggregates, in bounded batches like
 * the other retention deletes. Minute rows are the bulky detail and go with raw items; hourly rows stay as long as
 * events, so long windows keep their whole hours (a window reaching past the minute rows' age loses only its
 * partial end hours).
 */
import type { Db } from '../db/db.ts';
import { AGGREGATE_LEVELS } from './transaction-aggregates.ts';

/** Deletes up to `limit` rows of one resolution of a project older than `before` (ms). Returns how many. */
export async function deleteExpiredTransactionAggregates(db: Db, level: keyof typeof AGGREGATE_LEVELS, projectId: number, before: number, limit: number): Promise<number> {
  const { table, column } = AGGREGATE_LEVELS[level];
  // The tables have composite keys: a batch is picked by the engine's own row id.
  const rowId = db.dialect === 'postgres' ? 'ctid' : 'rowid';
  const r = await db.run(`DELETE FROM ${table} WHERE ${rowId} IN (SELECT ${rowId} FROM ${table} WHERE project_id = ? AND ${column} < ? LIMIT ?)`, [projectId, before, limit]);
  return r.changes;
}
