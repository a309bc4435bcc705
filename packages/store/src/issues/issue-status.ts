/**
 * @module `setIssuesStatus`: one status change (resolve, ignore, reopen) applied to many issues in one
 * transaction — one read, one UPDATE per distinct resulting `status_details`, one activity INSERT — so a bulk
 * change is all or nothing and costs a few statements, not a few per issue. The issue rows are locked first, in
 * id order (PostgreSQL: `SELECT … ORDER BY id FOR UPDATE`), never in the order the UPDATEs are planned (by
 * resulting details): two bulk changes over overlapping issues, or one and a digest batch, then cannot wait on
 * each other. Ids given twice are changed once.
 */
import type { Db } from '../db/db.ts';

export interface StatusChange {
  status: 'resolved' | 'unresolved' | 'ignored';
  statusDetails?: Record<string, unknown>;
  userId: number | null;
  /** Sentry's "resolve in the current release": each issue resolved in its own latest release (none: plainly). */
  inLatestRelease?: boolean;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export async function setIssuesStatus(db: Db, given: number[], change: StatusChange): Promise<void> {
  if (given.length === 0) return;
  const issueIds = [...new Set(given)].sort((a, b) => a - b);
  const now = Date.now();
  const base = change.statusDetails ?? {};
  const countBased = change.status === 'ignored' && typeof base.ignoreCount === 'number';
  await db.transaction(async (tx) => {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await tx.all<{ id: number; times_seen: number; last_release: string | null }>(
      `SELECT id, times_seen, last_release FROM issues WHERE id IN (${marks(issueIds.length)}) ORDER BY id${lock}`,
      issueIds,
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const groups = new Map<string, number[]>();
    for (const id of issueIds) {
      const details: Record<string, unknown> = { ...base };
      const row = byId.get(id);
      if (change.inLatestRelease) {
        delete details.inNextRelease;
        if (row?.last_release) details.inRelease = row.last_release;
        else delete details.inRelease;
      }
      if (countBased) details.ignoreCountBase = Number(row?.times_seen ?? 0);
      if (change.status === 'ignored' && typeof details.ignoreDuration === 'number') {
        details.ignoreUntil = new Date(now + details.ignoreDuration * 60_000).toISOString();
      }
      const json = JSON.stringify(details);
      groups.set(json, [...(groups.get(json) ?? []), id]);
    }
    const substatus = change.status === 'ignored' ? 'archived_until_condition_met' : change.status === 'unresolved' ? 'ongoing' : null;
    const activity: Array<number | string | null> = [];
    for (const [json, ids] of groups) {
      await tx.run(`UPDATE issues SET status = ?, substatus = ?, status_details = ?, resolved_at = ? WHERE id IN (${marks(ids.length)})`, [
        change.status,
        substatus,
        json,
        change.status === 'resolved' ? now : null,
        ...ids,
      ]);
      const type = change.status === 'resolved' ? ((JSON.parse(json) as Record<string, unknown>).inRelease ? 'set_resolved_in_release' : 'set_resolved') : change.status === 'ignored' ? 'set_ignored' : 'set_unresolved';
      for (const id of ids) activity.push(id, change.userId, type, json, now);
    }
    await tx.run(`INSERT INTO issue_activity (issue_id, user_id, type, data, created_at) VALUES ${issueIds.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, activity);
  });
}
