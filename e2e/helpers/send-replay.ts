/**
 * @module Sends the replay the real @sentry/browser 11.12.0 recorded (fixtures/…/07-replay_event.envelope: a
 * `replay_event` and its zlib'd `replay_recording`) under a new replay id, through the ingest endpoint.
 */
import { readFileSync } from 'node:fs';
import { parseEnvelope, serializeEnvelope } from '@faultline/protocol';
import type { TestServer } from './test-server.ts';
import { newEventId } from './send-event.ts';

const FIXTURE = readFileSync(new URL('../../fixtures/sdk-11.12.0/browser/07-replay_event.envelope', import.meta.url));

/** Posts the fixture replay as `replayId` (new by default) to `t`'s project; returns the replay id. */
export async function sendReplayFixture(t: Pick<TestServer, 'url' | 'projectId' | 'publicKey'>, replayId = newEventId()): Promise<string> {
  const env = parseEnvelope(FIXTURE);
  const items = env.items.map((item) => {
    if (item.headers.type !== 'replay_event') return item;
    const payload = JSON.parse(Buffer.from(item.payload).toString('utf8')) as Record<string, unknown>;
    return { ...item, payload: Buffer.from(JSON.stringify({ ...payload, replay_id: replayId, event_id: replayId })) };
  });
  const body = serializeEnvelope({ headers: { ...env.headers, event_id: replayId, sent_at: new Date().toISOString() }, items });
  const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body: Buffer.from(body) });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return replayId;
}
