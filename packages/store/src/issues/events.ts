/** @module Stored events: decode bodies, list an issue's events, neighbours for oldest/previous/next/latest. */
import type { NormalizedEvent } from '@faultline/protocol';
import type { Db } from '../db/db.ts';
import { decodeJsonBody } from '../db/json-body.ts';

export interface EventRow {
  id: number;
  project_id: number;
  issue_id: number | null;
  event_id: string;
  timestamp: number;
  received: number;
  type: string;
  level: string;
  title: string;
  culprit: string | null;
  platform: string | null;
  release: string | null;
  environment: string | null;
  dist: string | null;
  transaction_name: string | null;
  user_key: string | null;
  trace_id: string | null;
  size: number;
  body?: Uint8Array;
}

export function decodeEventBody(body: Uint8Array): NormalizedEvent {
  return JSON.parse(decodeJsonBody(body)) as NormalizedEvent;
}

export function getEvent(db: Db, projectId: number, eventId: string): Promise<EventRow | undefined> {
  return db.get<EventRow>('SELECT * FROM events WHERE project_id = ? AND event_id = ?', [projectId, eventId.replace(/-/g, '').toLowerCase()]);
}

/** An issue's events with their bodies, newest first (the list serializes each one's user, tags and message). */
export function listIssueEvents(db: Db, issueId: number, limit: number, offset: number): Promise<EventRow[]> {
  return db.all<EventRow>(`SELECT * FROM events WHERE issue_id = ? ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?`, [
    issueId,
    limit,
    offset,
  ]);
}

/** A project's events, newest received first (`GET …/projects/{org}/{project}/events/`, what `sentry-cli events list` reads). */
export function listProjectEvents(db: Db, projectId: number, limit: number, offset: number): Promise<EventRow[]> {
  return db.all<EventRow>(
    `SELECT * FROM events WHERE project_id = ? ORDER BY received DESC, id DESC LIMIT ? OFFSET ?`,
    [projectId, limit, offset],
  );
}

export function issueEventAt(db: Db, issueId: number, which: 'latest' | 'oldest'): Promise<EventRow | undefined> {
  const dir = which === 'latest' ? 'DESC' : 'ASC';
  return db.get<EventRow>(`SELECT * FROM events WHERE issue_id = ? ORDER BY timestamp ${dir}, id ${dir} LIMIT 1`, [issueId]);
}

/** The ids of the events just before and after `ev` within its issue (for previous/next navigation). */
export async function eventNeighbours(db: Db, ev: EventRow): Promise<{ previous: string | null; next: string | null }> {
  if (ev.issue_id === null) return { previous: null, next: null };
  const prev = await db.get<{ event_id: string }>(
    'SELECT event_id FROM events WHERE issue_id = ? AND (timestamp < ? OR (timestamp = ? AND id < ?)) ORDER BY timestamp DESC, id DESC LIMIT 1',
    [ev.issue_id, ev.timestamp, ev.timestamp, ev.id],
  );
  const next = await db.get<{ event_id: string }>(
    'SELECT event_id FROM events WHERE issue_id = ? AND (timestamp > ? OR (timestamp = ? AND id > ?)) ORDER BY timestamp ASC, id ASC LIMIT 1',
    [ev.issue_id, ev.timestamp, ev.timestamp, ev.id],
  );
  return { previous: prev?.event_id ?? null, next: next?.event_id ?? null };
}

export async function countEvents(db: Db, projectId?: number): Promise<number> {
  const row =
    projectId === undefined
      ? await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events')
      : await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events WHERE project_id = ?', [projectId]);
  return Number(row?.n ?? 0);
}

/** Ids of an issue's newest events, newest first. */
export async function latestIssueEventIds(db: Db, issueId: number, max: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>('SELECT id FROM events WHERE issue_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?', [issueId, max]);
  return rows.map((r) => Number(r.id));
}
