/**
 * @module `reprocessEvents`: symbolicates stored events again — for events that arrived before their maps were
 * uploaded — and moves each to the issue its resolved frames group into. Each event is one transaction: it is
 * taken off its old issue by the store's `detachEvent` (which subtracts exactly what the digest writer counted
 * for it) and stored again through `persistEvent`, the same path digest uses, so the new issue's counters, tags
 * and lifecycle follow the usual rules. An old issue left without events is removed.
 */
import { computeGrouping, scrubOptionsFromJson, scrubSymbolicatedFrames, storeGroupingOnEvent } from '@faultline/pipeline';
import { unsymbolicateEvent } from '@faultline/pipeline/symbolicate';
import { decodeEventBody, detachEvent, getEventWithBody, persistEvent, removeIssueIfEmpty, type ProjectRow } from '@faultline/store';
import type { App } from '../app.ts';
import { artifactServices } from './artifact-services.ts';
import { StoreArtifactLookup } from './store-artifact-lookup.ts';
import { projectFingerprintRules } from '../worker/project-cache.ts';

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
      const row = await getEventWithBody(tx, project.id, id);
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
      const grouping = computeGrouping(event, { config: project.grouping_config, fingerprintRules: projectFingerprintRules(project.fingerprinting_rules) });
      storeGroupingOnEvent(event, grouping);
      const oldIssue = row.issue_id === null ? null : Number(row.issue_id);
      // What the old issue counted comes from the event as it was stored, not as reprocessing changed it.
      await detachEvent(tx, { id: Number(row.id), issueId: oldIssue }, decodeEventBody(row.body), Number(row.timestamp));
      const stored = await persistEvent(tx, { orgId: project.org_id, projectId: project.id, event, grouping, receivedMs: Number(row.received) });
      issues.add(stored.issueId);
      if (oldIssue !== null && oldIssue !== stored.issueId) {
        result.moved++;
        if (await removeIssueIfEmpty(tx, oldIssue)) result.removedIssues.push(oldIssue);
      }
    });
  }
  result.issues = [...issues].filter((i) => !result.removedIssues.includes(i));
  return result;
}
