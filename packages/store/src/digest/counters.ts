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

/** Many outcomes in one statement (digest's batch); rows with the same key are added up first. */
export async function addOutcomes(db: Db, rows: readonly OutcomeRow[]): Promise<void> {
  const sums = new Map<string, [number, number, string, string, string, number]>();
  for (const o of rows) {
    const k = `${o.projectId}|${hourOf(o.ts)}|${o.source}|${o.category}|${o.reason}`;
    const cur = sums.get(k);
    if (cur) cur[5] += o.quantity;
    else sums.set(k, [o.projectId, hourOf(o.ts), o.source, o.category, o.reason, o.quantity]);
  }
  const all = [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  for (let i = 0; i < all.length; i += 200) {
    const part = all.slice(i, i + 200);
    await db.run(
      `INSERT INTO outcomes (project_id, hour, source, category, reason, quantity) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (project_id, hour, source, category, reason) DO UPDATE SET quantity = outcomes.quantity + excluded.quantity`,
      part.flat(),
    );
  }
}

export async function addItemCount(db: Db, projectId: number, ts: number, itemType: string, bytes: number, quantity = 1): Promise<void> {
  await db.run(
    `INSERT INTO item_counts (project_id, hour, item_type, quantity, bytes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (project_id, hour, item_type) DO UPDATE SET quantity = item_counts.quantity + excluded.quantity, bytes = item_counts.bytes + excluded.bytes`,
    [projectId, hourOf(ts), itemType, quantity, bytes],
  );
}

export async function addSessionCount(
  db: Db,
  s: { projectId: number; ts: number; release: string; environment: string; status: string; quantity: number },
): Promise<void> {
  await db.run(
    `INSERT INTO session_counts (project_id, hour, release, environment, status, quantity) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, hour, release, environment, status) DO UPDATE SET quantity = session_counts.quantity + excluded.quantity`,
    [s.projectId, hourOf(s.ts), s.release, s.environment, s.status, s.quantity],
  );
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
