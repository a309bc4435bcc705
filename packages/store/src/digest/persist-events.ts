/**
 * @module Stores a batch of digested error events in one pass. Per-event work (duplicate check, hash lookup,
 * issue state) is fetched for the whole batch up front, issues are created and their lifecycle applied in
 * event order, and everything countable (issue counters, tag values, hourly counts, the event rows) is
 * aggregated and written with a few multi-row statements. A skewed stream repeats issues and tag values
 * heavily, so a batch costs a small multiple of its distinct issues in statements, not ~25 per event.
 */
import type { Db, SqlValue } from '../db/db.ts';
import { hourOf } from './counters.ts';
import { applyLifecycle, createIssue, encodeEventBody, type IssueState, type PersistInput, type PersistResult } from './persist-event.ts';
import { touchRelease } from './release-order.ts';
import { searchFacets } from '@faultline/pipeline';

const DUPLICATE: PersistResult = { issueId: 0, isNewIssue: false, regressed: false, escalated: false, duplicate: true };

interface IssueAgg {
  count: number;
  minTs: number;
  latestTs: number;
  latest: PersistInput;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

async function existingEventIds(db: Db, inputs: PersistInput[]): Promise<Set<string>> {
  const byProject = new Map<number, string[]>();
  for (const i of inputs) byProject.set(i.projectId, [...(byProject.get(i.projectId) ?? []), i.event.event_id]);
  const found = new Set<string>();
  for (const [projectId, ids] of byProject) {
    for (const part of chunks([...new Set(ids)], 500)) {
      const rows = await db.all<{ event_id: string }>(`SELECT event_id FROM events WHERE project_id = ? AND event_id IN (${marks(part.length)})`, [projectId, ...part]);
      for (const r of rows) found.add(`${projectId}:${r.event_id}`);
    }
  }
  return found;
}

async function hashOwners(db: Db, inputs: PersistInput[]): Promise<Map<string, number>> {
  const byProject = new Map<number, Set<string>>();
  for (const i of inputs) {
    const set = byProject.get(i.projectId) ?? new Set<string>();
    for (const h of i.grouping.hashes) set.add(h);
    byProject.set(i.projectId, set);
  }
  const owners = new Map<string, number>();
  for (const [projectId, hashes] of byProject) {
    for (const part of chunks([...hashes], 500)) {
      const rows = await db.all<{ hash: string; issue_id: number }>(`SELECT hash, issue_id FROM grouphashes WHERE project_id = ? AND hash IN (${marks(part.length)})`, [projectId, ...part]);
      for (const r of rows) owners.set(`${projectId}:${r.hash}`, Number(r.issue_id));
    }
  }
  return owners;
}

async function issueStates(db: Db, ids: number[]): Promise<Map<number, IssueState>> {
  const states = new Map<number, IssueState>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await db.all<IssueState>(`SELECT id, status, substatus, status_details, last_seen, first_seen, times_seen FROM issues WHERE id IN (${marks(part.length)})`, part);
    for (const r of rows) states.set(Number(r.id), { ...r, id: Number(r.id), last_seen: Number(r.last_seen), first_seen: Number(r.first_seen), times_seen: Number(r.times_seen) });
  }
  return states;
}

export async function persistEvents(db: Db, inputs: PersistInput[]): Promise<PersistResult[]> {
  const results: PersistResult[] = new Array(inputs.length);
  const existing = await existingEventIds(db, inputs);
  const live: number[] = [];
  const inBatch = new Set<string>();
  for (let i = 0; i < inputs.length; i++) {
    const key = `${inputs[i]!.projectId}:${inputs[i]!.event.event_id}`;
    if (existing.has(key) || inBatch.has(key)) results[i] = DUPLICATE;
    else {
      inBatch.add(key);
      live.push(i);
    }
  }
  if (live.length === 0) return results;

  // Releases: once per distinct release in the batch, with its earliest and latest event.
  const releases = new Map<string, { input: PersistInput; min: number; max: number }>();
  for (const i of live) {
    const input = inputs[i]!;
    if (!input.event.release) continue;
    const ts = Math.round(input.event.timestamp * 1000);
    const key = `${input.orgId}|${input.projectId}|${input.event.release}`;
    const r = releases.get(key);
    if (!r) releases.set(key, { input, min: ts, max: ts });
    else {
      r.min = Math.min(r.min, ts);
      r.max = Math.max(r.max, ts);
    }
  }
  for (const r of releases.values()) {
    await touchRelease(db, r.input.orgId, r.input.projectId, r.input.event.release!, r.min);
    if (r.max !== r.min) await touchRelease(db, r.input.orgId, r.input.projectId, r.input.event.release!, r.max);
  }

  const owners = await hashOwners(db, live.map((i) => inputs[i]!));
  const states = await issueStates(db, [...owners.values()]);
  const aggs = new Map<number, IssueAgg>();
  const eventRows: SqlValue[][] = [];
  const tags = new Map<string, { issueId: number; key: string; value: string; count: number; min: number; max: number }>();
  const hourly = new Map<string, { issueId: number; hour: number; count: number }>();

  for (const i of live) {
    const input = inputs[i]!;
    const { event, grouping, projectId } = input;
    const ts = Math.round(event.timestamp * 1000);
    let issueId = grouping.hashes.map((h) => owners.get(`${projectId}:${h}`)).find((id) => id !== undefined);
    let state = issueId !== undefined ? states.get(issueId) : undefined;
    let isNewIssue = false;
    let regressed = false;
    let escalated = false;
    if (!state) {
      const created = await createIssue(db, input, ts);
      if (created) {
        state = { ...created, id: Number(created.id), last_seen: ts, first_seen: ts, times_seen: 1 };
        isNewIssue = true;
      } else {
        // Lost the race to another node: its issue owns the hashes now.
        const again = await hashOwners(db, [input]);
        issueId = grouping.hashes.map((h) => again.get(`${projectId}:${h}`)).find((id) => id !== undefined)!;
        for (const [k, v] of again) owners.set(k, v);
        state = (await issueStates(db, [issueId])).get(issueId)!;
      }
      issueId = state.id;
      states.set(issueId, state);
      for (const h of grouping.hashes) if (!owners.has(`${projectId}:${h}`)) owners.set(`${projectId}:${h}`, issueId);
    } else {
      issueId = state.id;
      for (const h of grouping.hashes) {
        if (owners.has(`${projectId}:${h}`)) continue;
        // A new hash for a known issue (say the app variant appeared): it joins the issue that matched.
        await db.run('INSERT INTO grouphashes (project_id, hash, issue_id) VALUES (?, ?, ?) ON CONFLICT (project_id, hash) DO NOTHING', [projectId, h, issueId]);
        owners.set(`${projectId}:${h}`, issueId);
      }
    }
    if (!isNewIssue) {
      const agg = aggs.get(issueId);
      ({ regressed, escalated } = await applyLifecycle(db, input, state, ts, agg?.count ?? 0));
      if (!agg) aggs.set(issueId, { count: 1, minTs: ts, latestTs: ts, latest: input });
      else {
        agg.count++;
        agg.minTs = Math.min(agg.minTs, ts);
        if (ts >= agg.latestTs) {
          agg.latestTs = ts;
          agg.latest = input;
        }
      }
    }

    const body = encodeEventBody(event);
    eventRows.push([
      projectId,
      issueId,
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
    ]);
    for (const [key, value] of [...event.tags, ...searchFacets(event)]) {
      const k = `${issueId}\u0000${key}\u0000${value}`;
      const t = tags.get(k);
      if (!t) tags.set(k, { issueId, key, value, count: 1, min: ts, max: ts });
      else {
        t.count++;
        t.min = Math.min(t.min, ts);
        t.max = Math.max(t.max, ts);
      }
    }
    const hk = `${issueId}:${hourOf(ts)}`;
    const h = hourly.get(hk);
    if (h) h.count++;
    else hourly.set(hk, { issueId, hour: hourOf(ts), count: 1 });
    results[i] = { issueId, isNewIssue, regressed, escalated, duplicate: false };
  }

  for (const part of chunks(eventRows, 40)) {
    await db.run(
      `INSERT INTO events (project_id, issue_id, event_id, timestamp, received, type, level, title, culprit, platform, release,
         environment, dist, transaction_name, user_key, trace_id, size, body) VALUES ${part.map(() => `(${marks(18)})`).join(', ')}`,
      part.flat(),
    );
  }

  for (const [issueId, agg] of aggs) {
    const { event, grouping } = agg.latest;
    const ts = agg.latestTs;
    // Like Sentry, the issue shows its latest event's title, culprit, level and metadata.
    await db.run(
      `UPDATE issues SET times_seen = times_seen + ?,
         last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END,
         first_seen = CASE WHEN first_seen > ? THEN ? ELSE first_seen END,
         last_release = CASE WHEN last_seen <= ? THEN COALESCE(?, last_release) ELSE last_release END,
         level = CASE WHEN last_seen <= ? THEN ? ELSE level END,
         last_event_id = CASE WHEN last_seen <= ? THEN ? ELSE last_event_id END,
         title = CASE WHEN last_seen <= ? THEN ? ELSE title END,
         culprit = CASE WHEN last_seen <= ? THEN ? ELSE culprit END,
         metadata = CASE WHEN last_seen <= ? THEN ? ELSE metadata END
       WHERE id = ?`,
      [agg.count, ts, ts, agg.minTs, agg.minTs, ts, event.release ?? null, ts, event.level, ts, event.event_id, ts, grouping.title, ts, grouping.culprit, ts, JSON.stringify(grouping.metadata), issueId],
    );
  }

  // Tag values: a returned times_seen equal to what this batch added means the value is new for the issue.
  const newUsers = new Map<number, number>();
  for (const part of chunks([...tags.values()], 200)) {
    const rows = await db.all<{ issue_id: number; key: string; value: string; times_seen: number }>(
      `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
       VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = issue_tags.times_seen + excluded.times_seen,
         last_seen = CASE WHEN issue_tags.last_seen < excluded.last_seen THEN excluded.last_seen ELSE issue_tags.last_seen END,
         first_seen = CASE WHEN issue_tags.first_seen > excluded.first_seen THEN excluded.first_seen ELSE issue_tags.first_seen END
       RETURNING issue_id, key, value, times_seen`,
      part.flatMap((t) => [t.issueId, t.key, t.value, t.count, t.min, t.max]),
    );
    for (const r of rows) {
      if (r.key !== 'user') continue;
      const added = tags.get(`${Number(r.issue_id)}\u0000${r.key}\u0000${r.value}`)?.count;
      if (Number(r.times_seen) === added) newUsers.set(Number(r.issue_id), (newUsers.get(Number(r.issue_id)) ?? 0) + 1);
    }
  }
  for (const [issueId, n] of newUsers) await db.run('UPDATE issues SET user_count = user_count + ? WHERE id = ?', [n, issueId]);

  for (const part of chunks([...hourly.values()], 300)) {
    await db.run(
      `INSERT INTO issue_hourly (issue_id, hour, count) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly.count + excluded.count`,
      part.flatMap((h) => [h.issueId, h.hour, h.count]),
    );
  }
  return results;
}
