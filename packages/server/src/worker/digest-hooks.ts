/**
 * @module Extension points of digest. Stages run in order on each error event before grouping (symbolication
 * plugs in here); listeners run after the event is stored (alerts plug in here). Both get the digest transaction.
 * `issuesResolved`, `projectCreated` and `projectEventLookups` run on the API side, `changed` wherever digest runs (its own thread
 * included); core code calls hooks, never a plug-in.
 */
import type { NormalizedEvent, GroupingResult } from '@faultline/protocol';
import type { Db } from '@faultline/store';
import type { DecodedRecording } from '@faultline/pipeline';
import type { DigestChange } from './digest-runner.ts';

export interface StageContext {
  tx: Db;
  projectId: number;
  orgId: number;
}

export type EventStage = (ctx: StageContext, event: NormalizedEvent) => Promise<void>;

export interface StoredEventInfo {
  projectId: number;
  orgId: number;
  event: NormalizedEvent;
  grouping: GroupingResult;
  issueId: number;
  isNewIssue: boolean;
  regressed: boolean;
  /** An ignored issue came back with this event (substatus escalating). */
  escalated: boolean;
}

export type StoredListener = (ctx: StageContext, info: StoredEventInfo) => Promise<void>;

/** What a processor accepted, by data category (counted in usage stats instead of one per item). */
export interface ItemReport {
  accepted: Array<{ category: string; quantity: number }>;
}

/**
 * Handles a non-event item type (transactions, spans, replays, …) when a processor for it exists. Returning a
 * report replaces the default "one accepted item of the item's category". `recording`: a replay recording as the
 * scrub step decoded it (so its processor need not inflate and parse it again).
 */
export type ItemProcessor = (
  ctx: StageContext,
  item: { headers: Record<string, unknown>; payload: Uint8Array; recording?: DecodedRecording; envelopeHeaders: Record<string, unknown>; received: number },
) => Promise<void | ItemReport>;

export interface DigestHooks {
  beforeGroup: EventStage[];
  afterStore: StoredListener[];
  /** item type → processor; types without one are kept raw. */
  items: Map<string, ItemProcessor>;
  /** After issues were resolved through the API (alerts resolve the incidents they opened). */
  issuesResolved: Array<(issueIds: number[]) => Promise<void>>;
  /** After a project was created through the API (alerts add the default rule). */
  projectCreated: Array<(projectId: number) => Promise<void>>;
  /** An API write digest must learn of reached the thread digest runs on (alerts drop cached rules, wake delivery). */
  changed: Array<(change: DigestChange) => void>;
  /**
   * `GET …/projects/{org}/{project}/events/{id}/` for an id that is no error event of the project: each lookup in
   * turn, the first answer (a JSON body) wins, none is a 404 (tracing answers its transactions).
   */
  projectEventLookups: Array<(db: Db, projectId: number, eventId: string) => Promise<unknown>>;
}

export function emptyHooks(): DigestHooks {
  return { beforeGroup: [], afterStore: [], items: new Map(), issuesResolved: [], projectCreated: [], changed: [], projectEventLookups: [] };
}
