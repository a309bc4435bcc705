/** @module Hourly counters: outcomes (why an item was dropped), item volumes, session health. */
import type { Db } from '../db/db.ts';

export const HOUR_MS = 3_600_000;
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;

export type OutcomeSource = 'server' | 'client';

export async function addOutcome(
  db: Db,
  o: { projectId: number; ts: number; source: OutcomeSource; category: string; reason: string; quantity: number },
): Promise<void> {
  await db.run(
    `INSERT INTO outcomes (project_id, hour, source, category, reason, quantity) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, hour, source, category, reason) DO UPDATE SET quantity = outcomes.quantity + excluded.quantity`,
    [o.projectId, hourOf(o.ts), o.source, o.category, o.reason, o.quantity],
  );
}

export type OutcomeRow = { projectId: number; ts: number; source: OutcomeSource; category: string; reason: string; quantity: number };

/**
 * Adds `rows` into a counter table in one multi-row upsert per 200 rows: `keys` are its conflict target (the
 * first values of each row), `sums` the columns added on conflict (the rest; with `op` `max`, kept at their
 * maximum instead). Rows with the same key are combined first (PostgreSQL refuses to update one row twice in a
 * statement) and written in key order, so two batches touching the same counters lock them in the same order.
 */
export async function addSums(
  db: Db,
  table: string,
  keys: readonly string[],
  sums: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  op: 'sum' | 'max' = 'sum',
): Promise<void> {
  const merged = new Map<string, Array<string | number>>();
  for (const row of rows) {
    const k = row.slice(0, keys.length).join('\u0000');
    const cur = merged.get(k);
    if (!cur) merged.set(k, [...row]);
    else for (let i = keys.length; i < row.length; i++) cur[i] = op === 'sum' ? (cur[i] as number) + (row[i] as number) : Math.max(cur[i] as number, row[i] as number);
  }
  const all = [...merged].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const cols = [...keys, ...sums];
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const update = sums
    .map((c) => (op === 'sum' ? `${c} = ${table}.${c} + excluded.${c}` : `${c} = CASE WHEN excluded.${c} > ${table}.${c} THEN excluded.${c} ELSE ${table}.${c} END`))
    .join(', ');
  for (let i = 0; i < all.length; i += 200) {
    const part = all.slice(i, i + 200);
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${part.map(() => tuple).join(', ')} ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${update}`, part.flat());
  }
}

/** Many outcomes in one statement (digest's batch); rows with the same key are added up first. */
export async function addOutcomes(db: Db, rows: readonly OutcomeRow[]): Promise<void> {
  await addSums(db, 'outcomes', ['project_id', 'hour', 'source', 'category', 'reason'], ['quantity'], rows.map((o) => [o.projectId, hourOf(o.ts), o.source, o.category, o.reason, o.quantity]));
}

export type ItemCountRow = { projectId: number; ts: number; type: string; bytes: number; quantity: number };

/** Item volumes (count and bytes per project, hour and item type) in one statement per batch. */
export async function addItemCounts(db: Db, rows: readonly ItemCountRow[]): Promise<void> {
  await addSums(db, 'item_counts', ['project_id', 'hour', 'item_type'], ['quantity', 'bytes'], rows.map((c) => [c.projectId, hourOf(c.ts), c.type, c.quantity, c.bytes]));
}

export type AcceptedCountRow = { projectId: number; ts: number; category: string; quantity: number };

/** The `accepted` outcome of usage stats (items digest stored, per project, hour and category), one statement per batch. */
export async function addAcceptedCounts(db: Db, rows: readonly AcceptedCountRow[]): Promise<void> {
  await addSums(db, 'accepted_counts', ['project_id', 'hour', 'category'], ['quantity'], rows.map((a) => [a.projectId, hourOf(a.ts), a.category, a.quantity]));
}

export async function storeRawItem(
  db: Db,
  r: { projectId: number; type: string; received: number; eventId: string | null; headers: Record<string, unknown>; payload: Uint8Array },
): Promise<void> {
  await db.run('INSERT INTO raw_items (project_id, type, received, event_id, size, headers, payload) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    r.projectId,
    r.type,
    r.received,
    r.eventId,
    r.payload.byteLength,
    JSON.stringify(r.headers),
    r.payload,
  ]);
}

export interface OutcomeTotal {
  source: string;
  category: string;
  reason: string;
  quantity: number;
}

export function outcomeTotals(db: Db, projectId?: number): Promise<OutcomeTotal[]> {
  return projectId === undefined
    ? db.all<OutcomeTotal>('SELECT source, category, reason, SUM(quantity) AS quantity FROM outcomes GROUP BY source, category, reason')
    : db.all<OutcomeTotal>(
        'SELECT source, category, reason, SUM(quantity) AS quantity FROM outcomes WHERE project_id = ? GROUP BY source, category, reason',
        [projectId],
      );
}
