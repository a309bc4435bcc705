/** @module One event as a Sentry envelope (docs/protocol.md §2.1): header line, item header line, payload. */
import type { ReporterEvent } from './types.ts';

/**
 * No `length` on the item header, like the JS SDKs: `JSON.stringify` never emits a raw newline, so the payload
 * runs to the end of the body. A string body is sent as `text/plain`, which keeps the request preflight-free.
 */
export function buildEnvelope(event: ReporterEvent, now = new Date()): string {
  return `${JSON.stringify({ event_id: event.event_id, sent_at: now.toISOString() })}\n{"type":"event"}\n${JSON.stringify(event)}`;
}
