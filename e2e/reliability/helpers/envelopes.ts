/**
 * @module Envelopes shaped like the JavaScript SDKs' (errors, transactions, spans, sessions, replays) and a small
 * client that posts them with a deadline, for the reliability tests and the soak.
 */
import { randomUUID } from 'node:crypto';

export const newEventId = (): string => randomUUID().replace(/-/g, '');

function envelope(headers: Record<string, unknown>, items: Array<{ headers: Record<string, unknown>; payload: string | Buffer }>): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(headers)}\n`)];
  for (const it of items) {
    const payload = typeof it.payload === 'string' ? Buffer.from(it.payload) : it.payload;
    parts.push(Buffer.from(`${JSON.stringify({ ...it.headers, length: payload.byteLength })}\n`), payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

const SDK = { name: 'sentry.javascript.node', version: '11.12.0' };

/** An error event in group `group` (a custom fingerprint makes the grouping exact, whatever the grouping rules). */
export function errorEnvelope(eventId: string, group: number, opts: { release?: string; message?: string } = {}): Buffer {
  const now = Date.now() / 1000;
  const event = {
    event_id: eventId,
    timestamp: now,
    platform: 'node',
    level: 'error',
    release: opts.release ?? 'reliability@1.0.0',
    environment: 'production',
    sdk: SDK,
    fingerprint: [`reliability-group-${group}`],
    tags: { group: String(group), shard: String(group % 7) },
    user: { id: `user-${group % 50}` },
    exception: {
      values: [
        {
          type: 'CrashError',
          value: opts.message ?? `failure in handler ${group}`,
          mechanism: { type: 'generic', handled: true },
          stacktrace: {
            frames: [
              { filename: '/app/node_modules/express/lib/router.js', function: 'handle', lineno: 140, colno: 5, in_app: false },
              { filename: `/app/src/handlers/h${group % 40}.js`, function: `handler${group}`, lineno: 10 + (group % 90), colno: 12, in_app: true },
            ],
          },
        },
      ],
    },
    breadcrumbs: { values: [{ timestamp: now - 1, category: 'http', message: 'GET /api/rooms', level: 'info' }] },
    contexts: { runtime: { name: 'node', version: 'v20.20.2' }, trace: { trace_id: randomUUID().replace(/-/g, ''), span_id: randomUUID().slice(0, 16).replace(/-/g, '0') } },
  };
  return envelope({ event_id: eventId, sent_at: new Date().toISOString(), sdk: SDK }, [{ headers: { type: 'event' }, payload: JSON.stringify(event) }]);
}

export function transactionEnvelope(eventId: string): Buffer {
  const now = Date.now() / 1000;
  const tx = {
    event_id: eventId,
    type: 'transaction',
    transaction: 'GET /api/rooms',
    start_timestamp: now - 0.2,
    timestamp: now,
    platform: 'node',
    sdk: SDK,
    contexts: { trace: { trace_id: randomUUID().replace(/-/g, ''), span_id: 'a1b2c3d4e5f60718', op: 'http.server' } },
    spans: [{ span_id: 'b1b2c3d4e5f60718', parent_span_id: 'a1b2c3d4e5f60718', op: 'db', description: 'SELECT 1', start_timestamp: now - 0.1, timestamp: now }],
  };
  return envelope({ event_id: eventId, sent_at: new Date().toISOString(), sdk: SDK }, [{ headers: { type: 'transaction' }, payload: JSON.stringify(tx) }]);
}

export function spanEnvelope(): Buffer {
  const now = Date.now() / 1000;
  const spans = {
    items: Array.from({ length: 3 }, (_, i) => ({
      trace_id: randomUUID().replace(/-/g, ''),
      span_id: `${i}`.padStart(16, 'c'),
      name: `GET /api/rooms/${i}`,
      status: 'ok',
      is_segment: i === 0,
      start_timestamp: now - 0.3,
      end_timestamp: now,
      attributes: { 'sentry.op': { type: 'string', value: 'http.server' } },
    })),
  };
  return envelope({ sent_at: new Date().toISOString(), sdk: SDK }, [
    { headers: { type: 'span', item_count: 3, content_type: 'application/vnd.sentry.items.span.v2+json' }, payload: JSON.stringify(spans) },
  ]);
}

export function sessionEnvelope(): Buffer {
  const now = new Date().toISOString();
  const session = { sid: randomUUID(), init: true, started: now, timestamp: now, status: 'ok', errors: 0, duration: 0, attrs: { release: 'reliability@1.0.0', environment: 'production' } };
  return envelope({ sent_at: now, sdk: SDK }, [{ headers: { type: 'session' }, payload: JSON.stringify(session) }]);
}

export function replayEnvelope(eventId: string, recordingBytes = 2048): Buffer {
  const now = Date.now() / 1000;
  const replayEvent = {
    type: 'replay_event',
    replay_id: eventId,
    event_id: eventId,
    segment_id: 0,
    timestamp: now,
    replay_start_timestamp: now - 5,
    urls: ['https://example.test/'],
    error_ids: [],
    trace_ids: [],
    replay_type: 'session',
    platform: 'javascript',
    sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
  };
  const recording = Buffer.concat([Buffer.from('{"segment_id":0}\n'), Buffer.alloc(recordingBytes, 0x5a)]);
  return envelope({ event_id: eventId, sent_at: new Date().toISOString(), sdk: replayEvent.sdk }, [
    { headers: { type: 'replay_event' }, payload: JSON.stringify(replayEvent) },
    { headers: { type: 'replay_recording' }, payload: recording },
  ]);
}

export interface SendResult {
  status: number;
  /** Transport failure (connection refused/reset, timeout) instead of an HTTP answer. */
  error?: string;
  headers?: Headers;
  body?: string;
}

export async function postEnvelope(
  baseUrl: string,
  projectId: number,
  publicKey: string,
  body: Buffer | Uint8Array,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<SendResult> {
  try {
    const res = await fetch(`${baseUrl}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=sentry.javascript.node%2F11.12.0`, {
      method: 'POST',
      body: body as unknown as BodyInit,
      headers: { 'content-type': 'application/x-sentry-envelope', ...opts.headers },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { status: 0, error: e.cause?.code ?? e.name ?? String(err) };
  }
}
