/** @module Posts hand-made events as envelopes, the way the JS SDK frames them (query-string auth, no trailing newline). */
import { randomUUID } from 'node:crypto';
import type { TestServer } from './test-server.ts';

export function newEventId(): string {
  return randomUUID().replace(/-/g, '');
}

export async function sendEvent(t: TestServer, event: Record<string, unknown>): Promise<{ status: number; id: string }> {
  const event_id = (event.event_id as string | undefined) ?? newEventId();
  const body = [JSON.stringify({ event_id, sent_at: new Date().toISOString() }), JSON.stringify({ type: 'event' }), JSON.stringify({ event_id, platform: 'node', timestamp: Date.now() / 1000, ...event })].join('\n');
  const res = await fetch(`${t.url}/api/${t.projectId}/envelope/?sentry_key=${t.publicKey}&sentry_version=7`, { method: 'POST', body });
  const json = (await res.json()) as { id?: string; detail?: string };
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${json.detail}`);
  return { status: res.status, id: json.id! };
}

/** An exception event whose stack (and so its group) is chosen by `fn`. */
export function errorEvent(type: string, value: string, fn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    level: 'error',
    exception: {
      values: [
        {
          type,
          value,
          mechanism: { type: 'generic', handled: true },
          stacktrace: { frames: [{ filename: '/srv/app/server.js', function: 'main', lineno: 1, in_app: true }, { filename: '/srv/app/handlers.js', function: fn, lineno: 10, in_app: true }] },
        },
      ],
    },
    ...extra,
  };
}
