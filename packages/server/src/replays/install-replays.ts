/**
 * @module Wires session replays into digest: the `replay_event` and `replay_recording` processors, and the
 * afterStore listener that links an error event naming a replay (`contexts.replay.replay_id`, else tag
 * `replayId`) to it, with its issue, for the replay counts of issues; on digest nodes, the replay segments'
 * background job (`replay-segments-job.ts`).
 */
import { normalizeReplayId } from '@faultline/pipeline';
import { linkReplayError } from '@faultline/store';
import type { App } from '../app.ts';
import type { StoredListener } from '../worker/digest-hooks.ts';
import { replayBlobs } from './replay-blobs.ts';
import { processReplayEvent, replayRecordingProcessor } from './replay-processors.ts';
import { replaySegmentsJob } from './replay-segments-job.ts';

const linkErrorToReplay: StoredListener = async (ctx, info) => {
  const fromContext = info.event.contexts.replay?.replay_id;
  const fromTag = info.event.tags.find(([k]) => k === 'replayId' || k === 'replay_id')?.[1];
  const replayId = normalizeReplayId(fromContext) ?? normalizeReplayId(fromTag);
  if (!replayId) return;
  await linkReplayError(ctx.tx, { projectId: info.projectId, replayId, eventId: info.event.event_id, issueId: info.issueId });
};

export function installReplays(app: App): void {
  app.hooks.items.set('replay_event', processReplayEvent);
  app.hooks.items.set('replay_recording', replayRecordingProcessor((tx) => replayBlobs(app, tx)));
  app.hooks.afterStore.push(linkErrorToReplay);
  const job = app.runsDigest ? replaySegmentsJob(app) : null;
  if (job) app.background.push({ start: () => job.start(), stop: () => job.stop() });
}
