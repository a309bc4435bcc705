/** @module Items digest stored, per project, hour and data category: the `accepted` outcome of usage stats. */
import type { Db } from '../db/db.ts';
import { hourOf } from '../digest/counters.ts';

export async function addAcceptedCount(db: Db, a: { projectId: number; ts: number; category: string; quantity: number }): Promise<void> {
  await db.run(
    `INSERT INTO accepted_counts (project_id, hour, category, quantity) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, hour, category) DO UPDATE SET quantity = accepted_counts.quantity + excluded.quantity`,
    [a.projectId, hourOf(a.ts), a.category, a.quantity],
  );
}
