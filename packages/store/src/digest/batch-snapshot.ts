/**
 * @module `readBatchSnapshot`: everything the batch planner needs from the store, read once per batch with a
 * few `IN (…)` queries: which event ids are already stored, which issues own the batch's hashes, those issues'
 * lifecycle columns, and — only when a batch event meets an issue resolved "in a release" — when the releases
 * involved were first seen.
 */
import type { Db } from '../db/db.ts';
import type { IssueState, PersistInput } from './persist-types.ts';
import type { ReleaseSeen } from './release-order.ts';
import { safeJson } from './safe-json.ts';
import { chunks, marks } from './sql-rows.ts';

export interface BatchSnapshot {
  /** `projectId:event_id` of events already stored. */
  storedEvents: Set<string>;
  /** `projectId:hash` → the issue owning it. */
  hashOwners: Map<string, number>;
  issues: Map<number, IssueState>;
  /** `orgId:version` → when first seen (only the versions a "resolved in release" check compares). */
  releases: Map<string, ReleaseSeen>;
}

const IN_CHUNK = 500;

function byProject<T>(inputs: readonly PersistInput[], values: (i: PersistInput) => readonly T[]): Map<number, Set<T>> {
  const out = new Map<number, Set<T>>();
  for (const i of inputs) {
    let set = out.get(i.projectId);
    if (!set) out.set(i.projectId, (set = new Set()));
    for (const v of values(i)) set.add(v);
  }
  return out;
}

/** Which of these events are stored, as `projectId:event_id`. */
export async function storedEventIds(db: Db, events: ReadonlyArray<{ projectId: number; eventId: string }>): Promise<Set<string>> {
  const found = new Set<string>();
  const byProjectId = new Map<number, Set<string>>();
  for (const e of events) {
    let set = byProjectId.get(e.projectId);
    if (!set) byProjectId.set(e.projectId, (set = new Set()));
    set.add(e.eventId);
  }
  for (const [projectId, ids] of byProjectId) {
    for (const part of chunks([...ids], IN_CHUNK)) {
      const rows = await db.all<{ event_id: string }>(`SELECT event_id FROM events WHERE project_id = ? AND event_id IN (${marks(part.length)})`, [projectId, ...part]);
      for (const r of rows) found.add(`${projectId}:${r.event_id}`);
    }
  }
  return found;
}

async function hashOwners(db: Db, inputs: readonly PersistInput[]): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  for (const [projectId, hashes] of byProject(inputs, (i) => i.grouping.hashes)) {
    for (const part of chunks([...hashes], IN_CHUNK)) {
      const rows = await db.all<{ hash: string; issue_id: number }>(`SELECT hash, issue_id FROM grouphashes WHERE project_id = ? AND hash IN (${marks(part.length)})`, [projectId, ...part]);
      for (const r of rows) owners.set(`${projectId}:${r.hash}`, Number(r.issue_id));
    }
  }
  return owners;
}

async function issueStates(db: Db, ids: Iterable<number>): Promise<Map<number, IssueState>> {
  const states = new Map<number, IssueState>();
  for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
    const rows = await db.all<IssueState>(`SELECT id, status, substatus, status_details, last_seen, first_seen, times_seen FROM issues WHERE id IN (${marks(part.length)})`, part);
    for (const r of rows) states.set(Number(r.id), { ...r, id: Number(r.id), last_seen: Number(r.last_seen), first_seen: Number(r.first_seen), times_seen: Number(r.times_seen) });
  }
  return states;
}

/** The first-seen order of the versions a "resolved in release" issue compares (its release and its events'). */
async function releaseOrder(db: Db, inputs: readonly PersistInput[], owners: Map<string, number>, issues: Map<number, IssueState>): Promise<Map<string, ReleaseSeen>> {
  const wanted = new Map<number, Set<string>>();
  for (const input of inputs) {
    if (!input.event.release) continue;
    for (const h of input.grouping.hashes) {
      const issue = issues.get(owners.get(`${input.projectId}:${h}`) ?? -1);
      if (issue?.status !== 'resolved') continue;
      const inRelease = safeJson(issue.status_details).inRelease;
      if (typeof inRelease !== 'string') continue;
      let set = wanted.get(input.orgId);
      if (!set) wanted.set(input.orgId, (set = new Set()));
      set.add(inRelease).add(input.event.release);
    }
  }
  const seen = new Map<string, ReleaseSeen>();
  for (const [orgId, versions] of wanted) {
    for (const part of chunks([...versions], IN_CHUNK)) {
      const rows = await db.all<ReleaseSeen & { version: string }>(`SELECT version, date_created, id FROM releases WHERE org_id = ? AND version IN (${marks(part.length)})`, [orgId, ...part]);
      for (const r of rows) seen.set(`${orgId}:${r.version}`, { date_created: Number(r.date_created), id: Number(r.id) });
    }
  }
  return seen;
}

export async function readBatchSnapshot(db: Db, inputs: readonly PersistInput[]): Promise<BatchSnapshot> {
  const storedEvents = await storedEventIds(db, inputs.map((i) => ({ projectId: i.projectId, eventId: i.event.event_id })));
  const live = inputs.filter((i) => !storedEvents.has(`${i.projectId}:${i.event.event_id}`));
  const owners = await hashOwners(db, live);
  const issues = await issueStates(db, owners.values());
  const releases = await releaseOrder(db, live, owners, issues);
  return { storedEvents, hashOwners: owners, issues, releases };
}
