/**
 * @module `writePlan`: the digest writer's thin half. Applies a `BatchPlan` with multi-row statements, so a
 * batch costs about a dozen statements (round trips on PostgreSQL) whatever its size: issues created, hashes
 * linked, releases touched, status changes, event rows, tag values, issue counters, hourly counts. Keys are
 * written in sorted order so two nodes writing the same rows cannot deadlock.
 */
import type { Db, SqlValue } from '../db/db.ts';
import type { BatchPlan, PlannedIssue } from './batch-plan.ts';
import { chunks, marks, tuples, typedValues } from './sql-rows.ts';

/** Another node created an issue for one of the batch's new hashes first: plan again from a fresh snapshot. */
export class IssueRaceLost extends Error {
  constructor() {
    super('another writer linked a new hash first');
  }
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Inserts the issues the plan creates and links their hashes; on a lost race removes them again and throws. */
async function createIssues(db: Db, plan: BatchPlan): Promise<void> {
  const created = plan.issues.filter((i) => i.createdFrom);
  if (created.length === 0) return;
  const byProject = new Map<number, PlannedIssue[]>();
  for (const issue of created) byProject.set(issue.projectId, [...(byProject.get(issue.projectId) ?? []), issue]);
  const ids: number[] = [];
  for (const [projectId, issues] of [...byProject].sort((a, b) => a[0] - b[0])) {
    const seq = await db.get<{ n: number }>('UPDATE projects SET next_short_id = next_short_id + ? WHERE id = ? RETURNING next_short_id - ? AS n', [issues.length, projectId, issues.length]);
    const first = Number(seq!.n);
    const byShortId = new Map(issues.map((issue, k) => [first + k, issue]));
    for (const part of chunks([...byShortId], 50)) {
      const rows = await db.all<{ id: number; short_id: number }>(
        `INSERT INTO issues (project_id, short_id, title, culprit, type, level, platform, status, substatus, first_seen, last_seen,
           first_release, last_release, times_seen, metadata, grouping_config, last_event_id)
         VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, 'unresolved', 'new', ?, ?, ?, ?, 0, ?, ?, ?)").join(', ')} RETURNING id, short_id`,
        part.flatMap(([shortId, issue]): SqlValue[] => {
          const { event, grouping } = issue.createdFrom!;
          const ts = issue.createdTs!;
          return [projectId, shortId, grouping.title, grouping.culprit, grouping.issueType, event.level, event.platform, ts, ts, event.release ?? null, event.release ?? null, JSON.stringify(grouping.metadata), grouping.config, event.event_id];
        }),
      );
      for (const r of rows) {
        const issue = byShortId.get(Number(r.short_id))!;
        issue.id = Number(r.id);
        ids.push(issue.id);
      }
    }
  }
  const links = created.flatMap((issue) => issue.newHashes.map((hash) => ({ projectId: issue.projectId, hash, issueId: issue.id! }))).sort(byKey((l) => `${l.projectId}:${l.hash}`));
  let linked = 0;
  for (const part of chunks(links, 300)) {
    linked += (await db.run(`INSERT INTO grouphashes (project_id, hash, issue_id) VALUES ${tuples(part.length, 3)} ON CONFLICT (project_id, hash) DO NOTHING`, part.flatMap((l) => [l.projectId, l.hash, l.issueId]))).changes;
  }
  if (linked === links.length) return;
  for (const part of chunks(ids, 300)) {
    await db.run(`DELETE FROM grouphashes WHERE issue_id IN (${marks(part.length)})`, part);
    await db.run(`DELETE FROM issues WHERE id IN (${marks(part.length)})`, part);
  }
  for (const issue of created) issue.id = undefined;
  throw new IssueRaceLost();
}

/** Hashes newly seen for stored issues; one another writer linked first keeps its issue. */
async function linkHashes(db: Db, plan: BatchPlan): Promise<void> {
  const links = plan.issues.filter((i) => !i.createdFrom).flatMap((i) => i.newHashes.map((hash) => ({ projectId: i.projectId, hash, issueId: i.id! }))).sort(byKey((l) => `${l.projectId}:${l.hash}`));
  for (const part of chunks(links, 300)) {
    await db.run(`INSERT INTO grouphashes (project_id, hash, issue_id) VALUES ${tuples(part.length, 3)} ON CONFLICT (project_id, hash) DO NOTHING`, part.flatMap((l) => [l.projectId, l.hash, l.issueId]));
  }
}

/**
 * Records each release the first time an event names it (first/last event times kept up to date) and links the
 * event's project — as a non-owner: an event naming a release grants its project nothing (release-owners).
 */
async function touchReleases(db: Db, plan: BatchPlan): Promise<void> {
  if (plan.releases.length === 0) return;
  const versions = new Map<string, { orgId: number; version: string; firstTs: number; lastTs: number }>();
  for (const r of plan.releases) {
    const k = `${r.orgId}\u0000${r.version}`;
    const v = versions.get(k);
    if (!v) versions.set(k, { orgId: r.orgId, version: r.version, firstTs: r.firstTs, lastTs: r.lastTs });
    else Object.assign(v, { firstTs: Math.min(v.firstTs, r.firstTs), lastTs: Math.max(v.lastTs, r.lastTs) });
  }
  const ids = new Map<string, number>();
  const now = Date.now();
  for (const part of chunks([...versions].sort(byKey(([k]) => k)), 200)) {
    const rows = await db.all<{ id: number; org_id: number; version: string }>(
      `INSERT INTO releases (org_id, version, date_created, first_event, last_event) VALUES ${tuples(part.length, 5)}
       ON CONFLICT (org_id, version) DO UPDATE SET last_event = CASE WHEN releases.last_event IS NULL OR releases.last_event < excluded.last_event THEN excluded.last_event ELSE releases.last_event END,
         first_event = CASE WHEN releases.first_event IS NULL OR releases.first_event > excluded.first_event THEN excluded.first_event ELSE releases.first_event END
       RETURNING id, org_id, version`,
      part.flatMap(([, v]) => [v.orgId, v.version, now, v.firstTs, v.lastTs]),
    );
    for (const r of rows) ids.set(`${Number(r.org_id)}\u0000${r.version}`, Number(r.id));
  }
  const links = plan.releases.map((r) => ({ releaseId: ids.get(`${r.orgId}\u0000${r.version}`)!, projectId: r.projectId, newGroups: r.newGroups })).sort((a, b) => a.releaseId - b.releaseId || a.projectId - b.projectId);
  for (const part of chunks(links, 300)) {
    await db.run(`INSERT INTO release_projects (release_id, project_id, explicit) VALUES ${part.map(() => '(?, ?, 0)').join(', ')} ON CONFLICT (release_id, project_id) DO NOTHING`, part.flatMap((l) => [l.releaseId, l.projectId]));
  }
  for (const l of links) {
    if (l.newGroups > 0) await db.run('UPDATE release_projects SET new_groups = new_groups + ? WHERE release_id = ? AND project_id = ?', [l.newGroups, l.releaseId, l.projectId]);
  }
}

async function applyStatusChanges(db: Db, plan: BatchPlan): Promise<void> {
  const activities: SqlValue[][] = [];
  const now = Date.now();
  for (const issue of plan.issues) {
    const s = issue.status;
    if (!s) continue;
    if (s.regressed) await db.run(`UPDATE issues SET status = ?, substatus = ?, status_details = '{}', resolved_at = NULL WHERE id = ?`, [s.status, s.substatus, issue.id!]);
    else if (s.reopened) await db.run(`UPDATE issues SET status = ?, substatus = ?, status_details = '{}' WHERE id = ?`, [s.status, s.substatus, issue.id!]);
    else await db.run('UPDATE issues SET substatus = ? WHERE id = ?', [s.substatus, issue.id!]);
    for (const a of issue.activities) activities.push([issue.id!, a.type, a.data, now]);
  }
  for (const part of chunks(activities, 200)) {
    await db.run(`INSERT INTO issue_activity (issue_id, user_id, type, data, created_at) VALUES ${part.map(() => '(?, NULL, ?, ?, ?)').join(', ')}`, part.flat());
  }
}

async function insertEvents(db: Db, plan: BatchPlan): Promise<void> {
  for (const part of chunks(plan.events, 100)) {
    await db.run(
      `INSERT INTO events (project_id, issue_id, event_id, timestamp, received, type, level, title, culprit, platform, release,
         environment, dist, transaction_name, user_key, trace_id, size, body) VALUES ${tuples(part.length, 18)}`,
      part.flatMap(({ issue, input, ts, body }): SqlValue[] => {
        const { event, grouping, projectId } = input;
        return [
          projectId,
          plan.issues[issue]!.id!,
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
          event.tags.find(([k]) => k === 'user')?.[1] ?? null,
          typeof event.contexts.trace?.trace_id === 'string' ? event.contexts.trace.trace_id : null,
          body.byteLength,
          body,
        ];
      }),
    );
  }
}

const TAG_UPSERT = `ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = issue_tags.times_seen + excluded.times_seen,
         last_seen = CASE WHEN issue_tags.last_seen < excluded.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END,
         first_seen = CASE WHEN issue_tags.first_seen > excluded.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END`;

/**
 * Tag values; returns per issue how many `user` values are new to it. Only the `user` rows are read back
 * (`RETURNING`, under the row lock, so a value another writer inserted first is not new here): a row whose
 * stored count equals the batch's was inserted by this statement. Every other tag value is written blind.
 * Rows are written `user` rows first, each part in (issue, key, value) order, so writers lock in one order.
 */
async function upsertTags(db: Db, plan: BatchPlan): Promise<Map<number, number>> {
  const users: Array<{ issueId: number; value: string; count: number; firstTs: number; lastTs: number }> = [];
  const others: SqlValue[][] = [];
  for (const issue of plan.issues) {
    for (const t of issue.counts.tags.values()) {
      if (t.key === 'user') users.push({ issueId: issue.id!, value: t.value, count: t.count, firstTs: t.firstTs, lastTs: t.lastTs });
      else others.push([issue.id!, t.key, t.value, t.count, t.firstTs, t.lastTs]);
    }
  }
  const text = (a: SqlValue, b: SqlValue) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  users.sort((a, b) => a.issueId - b.issueId || text(a.value, b.value));
  others.sort((a, b) => (a[0] as number) - (b[0] as number) || text(a[1]!, b[1]!) || text(a[2]!, b[2]!));
  const newUsers = new Map<number, number>();
  for (const part of chunks(users, 300)) {
    const returned = await db.all<{ issue_id: number; value: string; times_seen: number }>(
      `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen) VALUES ${part.map(() => "(?, 'user', ?, ?, ?, ?)").join(', ')}
       ${TAG_UPSERT} RETURNING issue_id, value, times_seen`,
      part.flatMap((u) => [u.issueId, u.value, u.count, u.firstTs, u.lastTs]),
    );
    const added = new Map(part.map((u) => [`${u.issueId}\u0000${u.value}`, u.count]));
    for (const r of returned) {
      if (Number(r.times_seen) !== added.get(`${Number(r.issue_id)}\u0000${r.value}`)) continue;
      newUsers.set(Number(r.issue_id), (newUsers.get(Number(r.issue_id)) ?? 0) + 1);
    }
  }
  for (const part of chunks(others, 300)) {
    await db.run(`INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen) VALUES ${tuples(part.length, 6)} ${TAG_UPSERT}`, part.flat());
  }
  return newUsers;
}

const COUNTER_TYPES = ['BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'BIGINT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT', 'TEXT'] as const;

/** Every issue's counters and, like Sentry, its latest event's title, culprit, level, metadata and release: one statement. */
async function updateIssues(db: Db, plan: BatchPlan, newUsers: Map<number, number>): Promise<void> {
  const issues = [...plan.issues].sort((a, b) => a.id! - b.id!);
  for (const part of chunks(issues, 100)) {
    await db.run(
      `UPDATE issues SET times_seen = issues.times_seen + v.column2, user_count = issues.user_count + v.column3,
         last_seen = CASE WHEN issues.last_seen < v.column4 THEN v.column4 ELSE issues.last_seen END,
         first_seen = CASE WHEN issues.first_seen > v.column5 THEN v.column5 ELSE issues.first_seen END,
         last_release = CASE WHEN issues.last_seen <= v.column4 THEN COALESCE(v.column6, issues.last_release) ELSE issues.last_release END,
         level = CASE WHEN issues.last_seen <= v.column4 THEN v.column7 ELSE issues.level END,
         last_event_id = CASE WHEN issues.last_seen <= v.column4 THEN v.column8 ELSE issues.last_event_id END,
         title = CASE WHEN issues.last_seen <= v.column4 THEN v.column9 ELSE issues.title END,
         culprit = CASE WHEN issues.last_seen <= v.column4 THEN v.column10 ELSE issues.culprit END,
         metadata = CASE WHEN issues.last_seen <= v.column4 THEN v.column11 ELSE issues.metadata END
       FROM (VALUES ${typedValues(part.length, COUNTER_TYPES)}) AS v WHERE issues.id = v.column1`,
      part.flatMap((issue): SqlValue[] => {
        const { event, grouping } = issue.latest;
        return [issue.id!, issue.counts.events, newUsers.get(issue.id!) ?? 0, issue.latestTs, issue.counts.firstTs, event.release ?? null, event.level, event.event_id, grouping.title, grouping.culprit, JSON.stringify(grouping.metadata)];
      }),
    );
  }
}

async function addHourly(db: Db, plan: BatchPlan): Promise<void> {
  const rows = plan.issues.flatMap((issue) => [...issue.counts.hours].map(([hour, count]) => [issue.id!, hour, count])).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  for (const part of chunks(rows, 300)) {
    await db.run(
      `INSERT INTO issue_hourly (issue_id, hour, count) VALUES ${tuples(part.length, 3)}
       ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly.count + excluded.count`,
      part.flat(),
    );
  }
}

/**
 * Applies the plan; afterwards every planned issue has its id. Throws `IssueRaceLost` having written nothing
 * (but a gap in the project's short ids).
 */
export async function writePlan(db: Db, plan: BatchPlan): Promise<void> {
  if (plan.events.length === 0) return;
  await createIssues(db, plan);
  await linkHashes(db, plan);
  await applyStatusChanges(db, plan);
  await insertEvents(db, plan);
  // From here on rows other batches of the project write too (a busy issue's tags, counters and hours, the
  // release): each is locked until commit, so these come last, the release row (shared by all issues) after them.
  const newUsers = await upsertTags(db, plan);
  await updateIssues(db, plan, newUsers);
  await addHourly(db, plan);
  await touchReleases(db, plan);
}
