/**
 * @module Sends an envelope the real SDK produced (fixtures/sdk-11.12.0/…) through the ingest endpoint, with a new
 * event id and, when asked, `extra` fields merged into its event (to make it bigger, say). A span container's spans
 * get a new trace id, so sending one fixture again stores new spans rather than repeats. Returns the event id.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnvelope, serializeEnvelope } from '@faultline/protocol';
import type { TestServer } from './test-server.ts';
import { newEventId } from './send-event.ts';

export async function sendFixture(t: Pick<TestServer, 'url' | 'projectId' | 'publicKey'>, path: string, extra: Record<string, unknown> = {}): Promise<string> {
  const env = parseEnvelope(readFileSync(new URL(`../../fixtures/sdk-11.12.0/${path}`, import.meta.url)));
  const id = newEventId();
  const traceId = randomBytes(16).toString('hex');
  const items = env.items.map((item) => {
    if (item.headers.type === 'span') {
      const container = JSON.parse(Buffer.from(item.payload).toString('utf8')) as { items?: Array<Record<string, unknown>> };
      for (const span of container.items ?? []) span.trace_id = traceId;
      return { ...item, payload: Buffer.from(JSON.stringify(container)) };
    }
    if (item.headers.type !== 'event') return item;
    const event = JSON.parse(Buffer.from(item.payload).toString('utf8')) as Record<string, unknown>;
    const merged = { ...event, event_id: id, timestamp: Date.now() / 1000, extra: { ...(event.extra as object), ...extra } };
    return { ...item, payload: Buffer.from(JSON.stringify(merged)) };
  });
  const headers = env.headers.event_id ? { ...env.headers, event_id: id } : env.headers;
  const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body: Buffer.from(serializeEnvelope({ headers, items })) });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return id;
}
