/** The stored bytes of a replay's segments in order (header line + body as digest kept them), wherever they live. */
import { listReplaySegments, readReplaySegment } from '@faultline/store';
import { replayBlobs } from '../../packages/server/src/replays/replay-blobs.ts';
import type { TestServer } from './test-server.ts';

export async function storedReplaySegments(t: TestServer, replayId: string, projectId = t.projectId): Promise<Uint8Array[]> {
  const blobs = replayBlobs(t.server.app);
  const out: Uint8Array[] = [];
  for (const s of await listReplaySegments(t.server.app.db, projectId, replayId, 100_000, 0)) out.push(await readReplaySegment(t.server.app.db, blobs, projectId, replayId, s));
  return out;
}
