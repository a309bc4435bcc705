/**
 * @module What a notification is about, snapshotted when the rule fires (inside digest) and stored with the
 * delivery: later retries, restarts and other nodes send the same facts, and sending needs no issue lookups.
 * Links are made at send time from the public URL, which is only known once the server listens.
 */
import type { AlertCondition, AlertTrigger } from '@faultline/pipeline';
import { describeTrigger } from '@faultline/pipeline';
import type { NormalizedEvent } from '@faultline/protocol';
import { safeJson, type IssueRow } from '@faultline/store';

export interface AlertPayload {
  rule: { id: number; name: string };
  /** What fired; `resolved` only for PagerDuty's resolve when the issue is resolved through the API. */
  trigger: { id: AlertTrigger | 'resolved'; label: string };
  project: { id: number; slug: string; name: string };
  orgSlug: string;
  issue: {
    id: number;
    shortId: string;
    title: string;
    culprit: string;
    level: string;
    status: string;
    substatus: string | null;
    type: string;
    platform: string | null;
    count: number;
    userCount: number;
    firstSeen: number;
    lastSeen: number;
    metadata: Record<string, unknown>;
  };
  event: {
    eventId: string;
    message: string | null;
    level: string;
    platform: string;
    environment: string | null;
    release: string | null;
    /** ms */
    timestamp: number;
    tags: Array<[string, string]>;
  };
}

export interface PayloadInput {
  rule: { id: number; name: string };
  fired: AlertCondition;
  project: { id: number; slug: string; name: string };
  orgSlug: string;
  issue: IssueRow;
  event: NormalizedEvent;
}

export function buildAlertPayload(p: PayloadInput): AlertPayload {
  const { issue, event } = p;
  return {
    rule: p.rule,
    trigger: { id: p.fired.id, label: describeTrigger(p.fired) },
    project: p.project,
    orgSlug: p.orgSlug,
    issue: {
      id: Number(issue.id),
      shortId: `${p.project.slug.toUpperCase()}-${Number(issue.short_id).toString(36).toUpperCase()}`,
      title: issue.title,
      culprit: issue.culprit,
      level: issue.level,
      status: issue.status,
      substatus: issue.substatus,
      type: issue.type,
      platform: issue.platform,
      count: Number(issue.times_seen),
      userCount: Number(issue.user_count),
      firstSeen: Number(issue.first_seen),
      lastSeen: Number(issue.last_seen),
      metadata: safeJson(issue.metadata),
    },
    event: {
      eventId: event.event_id,
      message: event.logentry?.formatted ?? event.logentry?.message ?? null,
      level: event.level,
      platform: event.platform,
      environment: event.environment ?? null,
      release: event.release ?? null,
      timestamp: Math.round(event.timestamp * 1000),
      // Tags are what receivers route on; bounded so a payload stays small.
      tags: event.tags.slice(0, 50).map(([k, v]) => [k, v]),
    },
  };
}

export const issueUrl = (publicUrl: string, issueId: number): string => `${publicUrl}/issues/${issueId}/`;
export const eventUrl = (publicUrl: string, issueId: number, eventId: string): string => `${publicUrl}/issues/${issueId}/events/${eventId}/`;
