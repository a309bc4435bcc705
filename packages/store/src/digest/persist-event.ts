/**
 * @module The pieces of storing a digested error event that work on one issue at a time: creating an issue
 * (with the race against other nodes), the lifecycle (regressions, escalations), the stored body. The batch
 * writer in persist-events.ts strings them together inside the digest transaction.
 */
import { deflateRawSync } from 'node:zlib';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import type { Db } from '../db/db.ts';
import { isLaterRelease } from './release-order.ts';
import { persistEvents } from './persist-events.ts';

export interface PersistInput {
  orgId: number;
  projectId: number;
  event: NormalizedEvent;
  grouping: GroupingResult;
  receivedMs: number;
}

export interface PersistResult {
  issueId: number;
  isNewIssue: boolean;
  regressed: boolean;
  /** An ignored issue came back (its ignore count or time ran out) with this event. */
  escalated: boolean;
  duplicate: boolean;
}

export interface IssueState {
  id: number;
  status: string;
  substatus: string | null;
  status_details: string;
  last_seen: number;
  first_seen: number;
  times_seen: number;
}

export function encodeEventBody(event: NormalizedEvent): Buffer {
  return deflateRawSync(JSON.stringify(event), { level: 1 });
}

/** One event; the digest path stores whole batches through `persistEvents`, which this shares. */
export async function persistEvent(db: Db, input: PersistInput): Promise<PersistResult> {
  return (await persistEvents(db, [input]))[0]!;
}

/** Creates the issue for an event no existing hash matched; returns undefined when another node won the race. */
export async function createIssue(db: Db, input: PersistInput, ts: number): Promise<IssueState | undefined> {
  const { event, grouping, projectId } = input;
  const seq = await db.get<{ n: number }>('UPDATE projects SET next_short_id = next_short_id + 1 WHERE id = ? RETURNING next_short_id - 1 AS n', [
    projectId,
  ]);
  const issue = (await db.get<IssueState>(
    `INSERT INTO issues (project_id, short_id, title, culprit, type, level, platform, status, substatus, first_seen, last_seen,
       first_release, last_release, times_seen, metadata, grouping_config, last_event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'unresolved', 'new', ?, ?, ?, ?, 1, ?, ?, ?)
     RETURNING id, status, substatus, status_details, last_seen, first_seen, times_seen`,
    [
      projectId,
      seq!.n,
      grouping.title,
      grouping.culprit,
      grouping.issueType,
      event.level,
      event.platform,
      ts,
      ts,
      event.release ?? null,
      event.release ?? null,
      JSON.stringify(grouping.metadata),
      grouping.config,
      event.event_id,
    ],
  ))!;
  let owned = 0;
  for (const h of grouping.hashes) {
    owned += (
      await db.run('INSERT INTO grouphashes (project_id, hash, issue_id) VALUES (?, ?, ?) ON CONFLICT (project_id, hash) DO NOTHING', [
        projectId,
        h,
        issue.id,
      ])
    ).changes;
  }
  if (owned === 0 && grouping.hashes.length > 0) {
    // Another node created the issue for these hashes between our lookup and insert: the caller uses theirs.
    await db.run('DELETE FROM issues WHERE id = ?', [issue.id]);
    return undefined;
  }
  if (event.release) {
    await db.run(
      'UPDATE release_projects SET new_groups = new_groups + 1 WHERE project_id = ? AND release_id = (SELECT id FROM releases WHERE org_id = ? AND version = ?)',
      [projectId, input.orgId, event.release],
    );
  }
  return issue;
}

/** Reopens a resolved issue (a regression) or an ignored one whose ignore condition ran out (escalating). */
export async function applyLifecycle(
  db: Db,
  input: PersistInput,
  issue: IssueState,
  ts: number,
  /** Events of this issue already counted in the current batch but not yet written to times_seen. */
  pendingCount = 0,
): Promise<{ regressed: boolean; escalated: boolean }> {
  const details = safeJson(issue.status_details);
  if (issue.status === 'resolved') {
    const inRelease = typeof details.inRelease === 'string' ? details.inRelease : null;
    if (inRelease) {
      const rel = input.event.release;
      if (!rel || !(await isLaterRelease(db, input.orgId, rel, inRelease))) return { regressed: false, escalated: false };
    }
    await db.run(`UPDATE issues SET status = 'unresolved', substatus = 'regressed', status_details = '{}', resolved_at = NULL WHERE id = ?`, [
      issue.id,
    ]);
    Object.assign(issue, { status: 'unresolved', substatus: 'regressed', status_details: '{}' });
    await db.run('INSERT INTO issue_activity (issue_id, user_id, type, data, created_at) VALUES (?, NULL, ?, ?, ?)', [
      issue.id,
      'set_regression',
      JSON.stringify({ version: input.event.release ?? null, event_id: input.event.event_id }),
      Date.now(),
    ]);
    return { regressed: true, escalated: false };
  }
  if (issue.status === 'ignored') {
    const until = typeof details.ignoreUntil === 'string' ? Date.parse(details.ignoreUntil) : NaN;
    const count = typeof details.ignoreCount === 'number' ? details.ignoreCount : NaN;
    const since = typeof details.ignoreCountBase === 'number' ? details.ignoreCountBase : 0;
    const expired = (Number.isFinite(until) && ts >= until) || (Number.isFinite(count) && Number(issue.times_seen) + pendingCount + 1 - since >= count);
    if (expired) {
      await db.run(`UPDATE issues SET status = 'unresolved', substatus = 'escalating', status_details = '{}' WHERE id = ?`, [issue.id]);
      Object.assign(issue, { status: 'unresolved', substatus: 'escalating', status_details: '{}' });
      await db.run('INSERT INTO issue_activity (issue_id, user_id, type, data, created_at) VALUES (?, NULL, ?, ?, ?)', [
        issue.id,
        'set_escalating',
        '{}',
        Date.now(),
      ]);
      return { regressed: false, escalated: true };
    }
  } else if (issue.substatus === 'new' && ts - issue.first_seen > 7 * 24 * HOUR) {
    await db.run(`UPDATE issues SET substatus = 'ongoing' WHERE id = ?`, [issue.id]);
    issue.substatus = 'ongoing';
  }
  return { regressed: false, escalated: false };
}

const HOUR = 3_600_000;

export function safeJson(s: string | null | undefined): Record<string, unknown> {
  try {
    const v = JSON.parse(s ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
