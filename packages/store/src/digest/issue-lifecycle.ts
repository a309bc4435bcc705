/**
 * @module `lifecycleChange`: what one more event does to its issue's status, decided without the database.
 * A resolved issue regresses (for "resolved in release X" only on an event from a later release); an ignored one
 * comes back, escalating, when its ignore time or count runs out; a `new` issue older than a week becomes
 * `ongoing`. The planner applies it event by event, so a batch sees the status its earlier events left.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import type { IssueState } from './persist-types.ts';
import { safeJson } from './safe-json.ts';

const WEEK_MS = 7 * 24 * 3_600_000;

export interface LifecycleChange {
  status: string;
  substatus: string;
  /** Regressed and escalated issues forget their status details (and a regression its resolution time). */
  reopened: boolean;
  activity?: { type: 'set_regression' | 'set_escalating'; data: string };
  regressed: boolean;
  escalated: boolean;
}

/**
 * `pending`: events of this issue earlier in the batch, not yet in `times_seen`. `isLater(candidate, baseline)`
 * orders releases (semver, else first seen). Undefined when the status stays as it is.
 */
export function lifecycleChange(
  issue: IssueState,
  event: NormalizedEvent,
  ts: number,
  pending: number,
  isLater: (candidate: string, baseline: string) => boolean,
): LifecycleChange | undefined {
  if (issue.status === 'resolved') {
    const details = safeJson(issue.status_details);
    const inRelease = typeof details.inRelease === 'string' ? details.inRelease : null;
    if (inRelease && (!event.release || !isLater(event.release, inRelease))) return undefined;
    const data = JSON.stringify({ version: event.release ?? null, event_id: event.event_id });
    return { status: 'unresolved', substatus: 'regressed', reopened: true, activity: { type: 'set_regression', data }, regressed: true, escalated: false };
  }
  if (issue.status === 'ignored') {
    const details = safeJson(issue.status_details);
    const until = typeof details.ignoreUntil === 'string' ? Date.parse(details.ignoreUntil) : NaN;
    const count = typeof details.ignoreCount === 'number' ? details.ignoreCount : NaN;
    const since = typeof details.ignoreCountBase === 'number' ? details.ignoreCountBase : 0;
    const expired = (Number.isFinite(until) && ts >= until) || (Number.isFinite(count) && issue.times_seen + pending + 1 - since >= count);
    if (!expired) return undefined;
    return { status: 'unresolved', substatus: 'escalating', reopened: true, activity: { type: 'set_escalating', data: '{}' }, regressed: false, escalated: true };
  }
  if (issue.substatus === 'new' && ts - issue.first_seen > WEEK_MS) {
    return { status: issue.status, substatus: 'ongoing', reopened: false, regressed: false, escalated: false };
  }
  return undefined;
}
