/**
 * @module `planBatch`: the digest writer's pure half. From a batch of normalized, grouped events and a snapshot
 * of what the store holds (`batch-snapshot.ts`) it decides, in event order and without touching the database,
 * every write the batch makes: which events are duplicates, which issue each event joins or creates, the
 * lifecycle changes, and the aggregated counters (per issue, tag value, hour and release). `plan-writer.ts`
 * applies the plan with a few multi-row statements.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import type { BatchSnapshot } from './batch-snapshot.ts';
import { countEvent, emptyCounts, type IssueCounts } from './event-counts.ts';
import { encodeEventBody } from './event-body.ts';
import { lifecycleChange, type LifecycleChange } from './issue-lifecycle.ts';
import type { IssueState, PersistInput } from './persist-types.ts';
import { isLaterRelease, type ReleaseSeen } from './release-order.ts';

export interface PlannedIssue {
  /** The stored issue's id; undefined for an issue this batch creates. */
  id: number | undefined;
  projectId: number;
  /** For an issue this batch creates: the event it is created from (its title, level, first release…). */
  createdFrom?: PersistInput;
  createdTs?: number;
  /** Hashes to link to the issue: all of a new issue's, the newly seen ones of a stored issue. */
  newHashes: string[];
  counts: IssueCounts;
  /** The batch's latest event of the issue: the issue shows its title, culprit, level, metadata and release. */
  latest: PersistInput;
  latestTs: number;
  /** Where the lifecycle left the issue's status, when it changed. */
  status?: LifecycleChange;
  activities: Array<{ type: string; data: string }>;
}

export interface PlannedEvent {
  /** Index into `BatchPlan.issues`. */
  issue: number;
  input: PersistInput;
  ts: number;
  body: Buffer;
}

export interface PlannedRelease {
  orgId: number;
  projectId: number;
  version: string;
  firstTs: number;
  lastTs: number;
  /** Issues this batch creates whose first event names the release. */
  newGroups: number;
}

export interface PlannedResult {
  issue: number;
  isNewIssue: boolean;
  regressed: boolean;
  escalated: boolean;
}

export interface BatchPlan {
  /** One per input, in order; null for a duplicate (its event id is stored already, or earlier in the batch). */
  results: Array<PlannedResult | null>;
  issues: PlannedIssue[];
  events: PlannedEvent[];
  releases: PlannedRelease[];
}

const bodies = new WeakMap<NormalizedEvent, Buffer>();

/** The stored body, encoded once per event however often a batch is planned again (a lost race, a retry). */
function bodyOf(event: NormalizedEvent): Buffer {
  let body = bodies.get(event);
  if (!body) bodies.set(event, (body = encodeEventBody(event)));
  return body;
}

export const eventTs = (event: NormalizedEvent): number => Math.round(event.timestamp * 1000);

export function planBatch(inputs: readonly PersistInput[], snapshot: BatchSnapshot): BatchPlan {
  const plan: BatchPlan = { results: new Array(inputs.length).fill(null), issues: [], events: [], releases: [] };
  const seenIds = new Set<string>();
  /** `projectId:hash` → index in plan.issues. */
  const slotOfHash = new Map<string, number>();
  const slotOfIssue = new Map<number, number>();
  /** Lifecycle state per slot, updated as the batch's events change it. */
  const states: IssueState[] = [];
  const releases = new Map<string, PlannedRelease>();

  const slotFor = (input: PersistInput, ts: number): { slot: number; created: boolean } => {
    const { projectId, grouping } = input;
    for (const h of grouping.hashes) {
      const k = `${projectId}:${h}`;
      const inBatch = slotOfHash.get(k);
      if (inBatch !== undefined) return { slot: inBatch, created: false };
      const owner = snapshot.hashOwners.get(k);
      const state = owner === undefined ? undefined : snapshot.issues.get(owner);
      if (owner === undefined || !state) continue;
      let slot = slotOfIssue.get(owner);
      if (slot === undefined) {
        slot = plan.issues.push({ id: owner, projectId, newHashes: [], counts: emptyCounts(), latest: input, latestTs: ts, activities: [] }) - 1;
        slotOfIssue.set(owner, slot);
        states[slot] = { ...state };
      }
      return { slot, created: false };
    }
    const slot = plan.issues.push({ id: undefined, projectId, createdFrom: input, createdTs: ts, newHashes: [], counts: emptyCounts(), latest: input, latestTs: ts, activities: [] }) - 1;
    states[slot] = { id: -1, status: 'unresolved', substatus: 'new', status_details: '{}', first_seen: ts, last_seen: ts, times_seen: 0 };
    return { slot, created: true };
  };

  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const { event, projectId, orgId } = input;
    const idKey = `${projectId}:${event.event_id}`;
    if (snapshot.storedEvents.has(idKey) || seenIds.has(idKey)) continue;
    seenIds.add(idKey);
    const ts = eventTs(event);
    const { slot, created } = slotFor(input, ts);
    const issue = plan.issues[slot]!;
    for (const h of input.grouping.hashes) {
      const k = `${projectId}:${h}`;
      if (slotOfHash.has(k) || (!created && snapshot.hashOwners.has(k))) continue;
      // A hash no issue owns yet (say the app variant appeared) joins the issue this event went to.
      slotOfHash.set(k, slot);
      issue.newHashes.push(h);
    }

    let change: LifecycleChange | undefined;
    if (!created) {
      const seen = (v: string): ReleaseSeen | undefined => snapshot.releases.get(`${orgId}:${v}`);
      change = lifecycleChange(states[slot]!, event, ts, issue.counts.events, (c, b) => isLaterRelease(c, b, seen));
      if (change) {
        Object.assign(states[slot]!, { status: change.status, substatus: change.substatus, status_details: change.reopened ? '{}' : states[slot]!.status_details });
        issue.status = change;
        if (change.activity) issue.activities.push(change.activity);
      }
    }
    countEvent(issue.counts, event, ts);
    if (ts >= issue.latestTs) {
      issue.latestTs = ts;
      issue.latest = input;
    }

    if (event.release) {
      const rk = `${orgId}:${projectId}:${event.release}`;
      const r = releases.get(rk);
      if (!r) releases.set(rk, { orgId, projectId, version: event.release, firstTs: ts, lastTs: ts, newGroups: created ? 1 : 0 });
      else {
        r.firstTs = Math.min(r.firstTs, ts);
        r.lastTs = Math.max(r.lastTs, ts);
        if (created) r.newGroups++;
      }
    }
    plan.events.push({ issue: slot, input, ts, body: bodyOf(event) });
    plan.results[i] = { issue: slot, isNewIssue: created, regressed: change?.regressed ?? false, escalated: change?.escalated ?? false };
  }
  plan.releases = [...releases.values()];
  return plan;
}
