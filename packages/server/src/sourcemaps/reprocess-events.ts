/**
 * @module `reprocessEvents`: symbolicates stored events again — for events that arrived before their maps were
 * uploaded — and moves each to the issue its resolved frames group into. Each event is one transaction: it is
 * taken off its old issue (counters, tags, hourly counts decremented) and stored again through `persistEvent`,
 * the same path digest uses, so the new issue's counters, tags and lifecycle follow the usual rules. An old
 * issue left without events is removed.
 */
import { computeGrouping, scrubOptionsFromJson, scrubSymbolicatedFrames } from '@faultline/pipeline';
import { unsymbolicateEvent } from '@faultline/pipeline/symbolicate';
import { decodeEventBody, hourOf, persistEvent, type Db, type EventRow, type ProjectRow } from '@faultline/store';
import type { App } from '../app.ts';
import { artifactServices } from './artifact-services.ts';
import { StoreArtifactLookup } from './store-artifact-lookup.ts';

export interface ReprocessResult {
  reprocessed: number;
  /** Events whose frames or processing errors changed. */
  changed: number;
  /** Events now in a different issue. */
  moved: number;
  /** Issue ids events ended up in. */
  issues: number[];
  /** Old issues removed because all their events moved away. */
  removedIssues: number[];
}

export async function reprocessEvents(app: App, project: ProjectRow, eventRowIds: number[]): Promise<ReprocessResult> {
  const { blobs, symbolicator } = artifactServices(app);
  const result: ReprocessResult = { reprocessed: 0, changed: 0, moved: 0, issues: [], removedIssues: [] };
  const issues = new Set<number>();
  const scrub = scrubOptionsFromJson(project.scrub_options);
  for (const id of eventRowIds) {
    await app.db.transaction(async (tx) => {
      const row = await tx.get<EventRow & { body: Uint8Array }>('SELECT * FROM events WHERE id = ? AND project_id = ?', [id, project.id]);
      if (!row) return;
      result.reprocessed++;
      const event = decodeEventBody(row.body);
      const before = JSON.stringify([event.exception, event.threads, event.errors]);
      unsymbolicateEvent(event);
      await symbolicator.symbolicateEvent(event, new StoreArtifactLookup(tx, blobs, project.org_id, project.id));
      // The context lines symbolication filled in are scrubbed like digest scrubs them, before anything is stored.
      scrubSymbolicatedFrames(event, scrub);
      if (JSON.stringify([event.exception, event.threads, event.errors]) === before) {
        if (row.issue_id !== null) issues.add(Number(row.issue_id));
        return;
      }
      result.changed++;
      const grouping = computeGrouping(event, { config: project.grouping_config });
      event.hashes = grouping.hashes;
      event.metadata = grouping.metadata;
      event.title = grouping.title;
      event.culprit = grouping.culprit;
      const oldIssue = row.issue_id === null ? null : Number(row.issue_id);
      await tx.run('DELETE FROM events WHERE id = ?', [row.id]);
      if (oldIssue !== null) await detachFromIssue(tx, oldIssue, event.tags, Number(row.timestamp));
      const stored = await persistEvent(tx, { orgId: project.org_id, projectId: project.id, event, grouping, receivedMs: Number(row.received) });
      issues.add(stored.issueId);
      if (oldIssue !== null && oldIssue !== stored.issueId) {
        result.moved++;
        if (!(await tx.get('SELECT 1 AS x FROM events WHERE issue_id = ? LIMIT 1', [oldIssue]))) {
          for (const table of ['issue_tags', 'issue_hourly', 'issue_activity', 'grouphashes']) await tx.run(`DELETE FROM ${table} WHERE issue_id = ?`, [oldIssue]);
          await tx.run('DELETE FROM issues WHERE id = ?', [oldIssue]);
          result.removedIssues.push(oldIssue);
        }
      }
    });
  }
  result.issues = [...issues].filter((i) => !result.removedIssues.includes(i));
  return result;
}

/** Undoes what persistEvent counted for one event on its issue. */
async function detachFromIssue(tx: Db, issueId: number, tags: [string, string][], ts: number): Promise<void> {
  await tx.run('UPDATE issues SET times_seen = CASE WHEN times_seen > 0 THEN times_seen - 1 ELSE 0 END WHERE id = ?', [issueId]);
  await tx.run('UPDATE issue_hourly SET count = count - 1 WHERE issue_id = ? AND hour = ?', [issueId, hourOf(ts)]);
  await tx.run('DELETE FROM issue_hourly WHERE issue_id = ? AND hour = ? AND count <= 0', [issueId, hourOf(ts)]);
  for (const [key, value] of tags) {
    await tx.run('UPDATE issue_tags SET times_seen = times_seen - 1 WHERE issue_id = ? AND key = ? AND value = ?', [issueId, key, value]);
    const gone = await tx.run('DELETE FROM issue_tags WHERE issue_id = ? AND key = ? AND value = ? AND times_seen <= 0', [issueId, key, value]);
    if (gone.changes > 0 && key === 'user') await tx.run('UPDATE issues SET user_count = CASE WHEN user_count > 0 THEN user_count - 1 ELSE 0 END WHERE id = ?', [issueId]);
  }
  // The issue's "latest event" may have been this one; point it at the newest that remains.
  await tx.run('UPDATE issues SET last_event_id = (SELECT event_id FROM events WHERE issue_id = ? ORDER BY timestamp DESC, id DESC LIMIT 1) WHERE id = ?', [issueId, issueId]);
}
