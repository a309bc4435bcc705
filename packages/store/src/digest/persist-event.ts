/**
 * @module Stores one digested error event: finds or creates its issue through the grouping hashes, applies the
 * issue lifecycle (regressions), and writes the event, its tags and hourly counts. Runs inside the digest
 * transaction, so an event and its counters commit together or not at all.
 */
import { deflateRawSync } from 'node:zlib';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import type { Db } from '../db/db.ts';
import { hourOf } from './counters.ts';
import { isLaterRelease, touchRelease } from './release-order.ts';

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

interface IssueState {
  id: number;
  status: string;
  substatus: string | null;
  status_details: string;
  last_seen: number;
  first_seen: number;
}

export async function eventExists(db: Db, projectId: number, eventId: string): Promise<boolean> {
  return (await db.get('SELECT 1 AS x FROM events WHERE project_id = ? AND event_id = ?', [projectId, eventId])) !== undefined;
}

export function encodeEventBody(event: NormalizedEvent): Buffer {
  return deflateRawSync(JSON.stringify(event), { level: 1 });
}

export async function persistEvent(db: Db, input: PersistInput): Promise<PersistResult> {
  const { event, grouping, projectId } = input;
  if (await eventExists(db, projectId, event.event_id)) return { issueId: 0, isNewIssue: false, regressed: false, escalated: false, duplicate: true };
  const ts = Math.round(event.timestamp * 1000);
  if (event.release) await touchRelease(db, input.orgId, projectId, event.release, ts);

  let issue = await findIssue(db, projectId, grouping.hashes);
  let isNewIssue = false;
  if (!issue) {
    issue = await createIssue(db, input, ts);
    isNewIssue = true;
  }
  let regressed = false;
  let escalated = false;
  if (!isNewIssue) {
    ({ regressed, escalated } = await applyLifecycle(db, input, issue, ts));
    await db.run(
      `UPDATE issues SET times_seen = times_seen + 1,
         last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END,
         first_seen = CASE WHEN first_seen > ? THEN ? ELSE first_seen END,
         last_release = CASE WHEN last_seen <= ? THEN COALESCE(?, last_release) ELSE last_release END,
         level = CASE WHEN last_seen <= ? THEN ? ELSE level END,
         last_event_id = CASE WHEN last_seen <= ? THEN ? ELSE last_event_id END,
         title = CASE WHEN last_seen <= ? THEN ? ELSE title END,
         culprit = CASE WHEN last_seen <= ? THEN ? ELSE culprit END,
         metadata = CASE WHEN last_seen <= ? THEN ? ELSE metadata END
       WHERE id = ?`,
      // Like Sentry, the issue shows the latest event's title, culprit and metadata.
      [ts, ts, ts, ts, ts, event.release ?? null, ts, event.level, ts, event.event_id, ts, grouping.title, ts, grouping.culprit, ts, JSON.stringify(grouping.metadata), issue.id],
    );
  }
  // Synchronous on purpose: zlib's async API costs more main-thread time in stream machinery than it saves.
  const body = encodeEventBody(event);
  const userTag = event.tags.find(([k]) => k === 'user')?.[1] ?? null;
  await db.run(
    `INSERT INTO events (project_id, issue_id, event_id, timestamp, received, type, level, title, culprit, platform, release,
       environment, dist, transaction_name, user_key, trace_id, size, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      projectId,
      issue.id,
      event.event_id,
      ts,
      input.receivedMs,
      event.type,
      event.level,
      grouping.title,
      grouping.culprit,
      event.platform,
      event.release ?? null,
      event.environment ?? null,
      event.dist ?? null,
      event.transaction ?? null,
      userTag,
      typeof event.contexts.trace?.trace_id === 'string' ? event.contexts.trace.trace_id : null,
      body.byteLength,
      body,
    ],
  );
  await writeTags(db, issue.id, event.tags, ts);
  await db.run(
    `INSERT INTO issue_hourly (issue_id, hour, count) VALUES (?, ?, 1)
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly.count + 1`,
    [issue.id, hourOf(ts)],
  );
  return { issueId: issue.id, isNewIssue, regressed, escalated, duplicate: false };
}

async function findIssue(db: Db, projectId: number, hashes: string[]): Promise<IssueState | undefined> {
  if (hashes.length === 0) return undefined;
  const rows = await db.all<{ hash: string; issue_id: number }>(
    `SELECT hash, issue_id FROM grouphashes WHERE project_id = ? AND hash IN (${hashes.map(() => '?').join(', ')})`,
    [projectId, ...hashes],
  );
  if (rows.length === 0) return undefined;
  // The first hash in priority order that is already owned decides; other hashes join that issue.
  const byHash = new Map(rows.map((r) => [r.hash, r.issue_id]));
  const issueId = hashes.map((h) => byHash.get(h)).find((id) => id !== undefined)!;
  for (const h of hashes) {
    if (!byHash.has(h)) {
      await db.run('INSERT INTO grouphashes (project_id, hash, issue_id) VALUES (?, ?, ?) ON CONFLICT (project_id, hash) DO NOTHING', [
        projectId,
        h,
        issueId,
      ]);
    }
  }
  return db.get<IssueState>('SELECT id, status, substatus, status_details, last_seen, first_seen FROM issues WHERE id = ?', [issueId]);
}

async function createIssue(db: Db, input: PersistInput, ts: number): Promise<IssueState> {
  const { event, grouping, projectId } = input;
  const seq = await db.get<{ n: number }>('UPDATE projects SET next_short_id = next_short_id + 1 WHERE id = ? RETURNING next_short_id - 1 AS n', [
    projectId,
  ]);
  const issue = (await db.get<IssueState>(
    `INSERT INTO issues (project_id, short_id, title, culprit, type, level, platform, status, substatus, first_seen, last_seen,
       first_release, last_release, times_seen, metadata, grouping_config, last_event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'unresolved', 'new', ?, ?, ?, ?, 1, ?, ?, ?)
     RETURNING id, status, substatus, status_details, last_seen, first_seen`,
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
    // Another node created the issue for these hashes between our lookup and insert: use theirs.
    await db.run('DELETE FROM issues WHERE id = ?', [issue.id]);
    const existing = await findIssue(db, projectId, grouping.hashes);
    if (existing) {
      await db.run('UPDATE issues SET times_seen = times_seen + 1 WHERE id = ?', [existing.id]);
      return existing;
    }
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
async function applyLifecycle(db: Db, input: PersistInput, issue: IssueState, ts: number): Promise<{ regressed: boolean; escalated: boolean }> {
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
    const timesRow = Number.isFinite(count)
      ? await db.get<{ times_seen: number }>('SELECT times_seen FROM issues WHERE id = ?', [issue.id])
      : undefined;
    const expired = (Number.isFinite(until) && ts >= until) || (timesRow !== undefined && timesRow.times_seen + 1 - since >= count);
    if (expired) {
      await db.run(`UPDATE issues SET status = 'unresolved', substatus = 'escalating', status_details = '{}' WHERE id = ?`, [issue.id]);
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
  }
  return { regressed: false, escalated: false };
}

const HOUR = 3_600_000;

async function writeTags(db: Db, issueId: number, tags: [string, string][], ts: number): Promise<void> {
  if (tags.length === 0) return;
  // One multi-row upsert per event; a value coming back with times_seen = 1 is new for the issue.
  const params: Array<string | number> = [];
  for (const [key, value] of tags) params.push(issueId, key, value, ts, ts);
  const rows = await db.all<{ key: string; times_seen: number }>(
    `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
     VALUES ${tags.map(() => '(?, ?, ?, 1, ?, ?)').join(', ')}
     ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = issue_tags.times_seen + 1,
       last_seen = CASE WHEN issue_tags.last_seen < excluded.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END,
       first_seen = CASE WHEN issue_tags.first_seen > excluded.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END
     RETURNING key, times_seen`,
    params,
  );
  if (rows.some((r) => r.key === 'user' && Number(r.times_seen) === 1)) {
    await db.run('UPDATE issues SET user_count = user_count + 1 WHERE id = ?', [issueId]);
  }
}

export function safeJson(s: string | null | undefined): Record<string, unknown> {
  try {
    const v = JSON.parse(s ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
