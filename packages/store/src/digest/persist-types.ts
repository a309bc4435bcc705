/** @module What the digest writer takes (a normalized, grouped event) and what it answers per event. */
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';

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

/** The columns of a stored issue the lifecycle decides on. */
export interface IssueState {
  id: number;
  status: string;
  substatus: string | null;
  status_details: string;
  last_seen: number;
  first_seen: number;
  times_seen: number;
}
