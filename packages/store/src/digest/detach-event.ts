/**
 * @module Reprocessing's "move an event": `detachEvent` takes a stored error event off its issue — the row
 * deleted and exactly what the digest writer counted for it (`countEvent`, the planner's own counting)
 * subtracted — before the event is stored again through `persistEvent`; `removeIssueIfEmpty` drops an issue
 * left without events.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import type { Db } from '../db/db.ts';
import type { EventRow } from '../issues/events.ts';
import { countEvent, emptyCounts } from './event-counts.ts';

/** A project's stored error event with its body, by row id (what reprocessing reads before it moves one). */
export function getEventWithBody(db: Db, projectId: number, rowId: number): Promise<(EventRow & { body: Uint8Array }) | undefined> {
  return db.get<EventRow & { body: Uint8Array }>('SELECT * FROM events WHERE id = ? AND project_id = ?', [rowId, projectId]);
}

export async function detachEvent(db: Db, row: { id: number; issueId: number | null }, event: NormalizedEvent, ts: number): Promise<void> {
  await db.run('DELETE FROM events WHERE id = ?', [row.id]);
  const issueId = row.issueId;
  if (issueId === null) return;
  const counts = emptyCounts();
  countEvent(counts, event, ts);
  await db.run('UPDATE issues SET times_seen = CASE WHEN times_seen > ? THEN times_seen - ? ELSE 0 END WHERE id = ?', [counts.events, counts.events, issueId]);
  for (const [hour, n] of counts.hours) {
    await db.run('UPDATE issue_hourly SET count = count - ? WHERE issue_id = ? AND hour = ?', [n, issueId, hour]);
    await db.run('DELETE FROM issue_hourly WHERE issue_id = ? AND hour = ? AND count <= 0', [issueId, hour]);
  }
  for (const t of counts.tags.values()) {
    await db.run('UPDATE issue_tags SET times_seen = times_seen - ? WHERE issue_id = ? AND key = ? AND value = ?', [t.count, issueId, t.key, t.value]);
    const gone = await db.run('DELETE FROM issue_tags WHERE issue_id = ? AND key = ? AND value = ? AND times_seen <= 0', [issueId, t.key, t.value]);
    if (gone.changes > 0 && t.key === 'user') await db.run('UPDATE issues SET user_count = CASE WHEN user_count > 0 THEN user_count - 1 ELSE 0 END WHERE id = ?', [issueId]);
  }
  // The issue's "latest event" may have been this one; point it at the newest that remains.
  await db.run('UPDATE issues SET last_event_id = (SELECT event_id FROM events WHERE issue_id = ? ORDER BY timestamp DESC, id DESC LIMIT 1) WHERE id = ?', [issueId, issueId]);
}

/** Removes an issue no event belongs to any more (with its tags, hours, activity and hashes); true when removed. */
export async function removeIssueIfEmpty(db: Db, issueId: number): Promise<boolean> {
  if (await db.get('SELECT 1 AS x FROM events WHERE issue_id = ? LIMIT 1', [issueId])) return false;
  for (const table of ['issue_tags', 'issue_hourly', 'issue_activity', 'grouphashes']) await db.run(`DELETE FROM ${table} WHERE issue_id = ?`, [issueId]);
  await db.run('DELETE FROM issues WHERE id = ?', [issueId]);
  return true;
}
