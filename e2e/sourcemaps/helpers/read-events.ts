/** @module Reads issues and stored frames back through the REST API, polling (digest is asynchronous). */
import type { StackFrame } from '@faultline/protocol';
import { waitFor, waitForDigest, type TestServer } from '../../helpers/test-server.ts';

export interface IssueSummary {
  id: string;
  title: string;
  count: string;
}

export interface StoredEvent {
  id: string;
  groupID: string;
  errors: Array<Record<string, unknown>>;
  entries: Array<{ type: string; data: { values: Array<{ type: string; value: string; stacktrace?: { frames: StackFrame[] } }> } }>;
}

export async function listIssues(t: TestServer): Promise<IssueSummary[]> {
  await waitForDigest(t);
  return (await t.api<IssueSummary[]>(`/api/0/projects/faultline/${t.projectSlug}/issues/?query=&statsPeriod=14d`)).body;
}

/** Waits until an issue whose title starts with `prefix` has at least `count` events. */
export function waitForIssue(t: TestServer, prefix: string, count = 1): Promise<IssueSummary> {
  return waitFor(async () => (await listIssues(t)).find((i) => i.title.startsWith(prefix) && Number(i.count) >= count), `an issue "${prefix}…" with ${count} event(s)`, 30_000);
}

export async function latestEvent(t: TestServer, issueId: string): Promise<StoredEvent> {
  const r = await t.api<StoredEvent>(`/api/0/issues/${issueId}/events/latest/`);
  if (r.status !== 200) throw new Error(`latest event of issue ${issueId}: HTTP ${r.status}`);
  return r.body;
}

/** The frames of the primary (last) exception, oldest first. */
export function framesOf(ev: StoredEvent): StackFrame[] {
  const exc = ev.entries.find((e) => e.type === 'exception')!;
  return exc.data.values[exc.data.values.length - 1]!.stacktrace!.frames;
}
