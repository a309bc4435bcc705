/** @module A stored span in Sentry's SpanJSON shape (seconds), as the trace endpoint and transaction events show it. */
import { safeJson, type SpanRow } from '@faultline/store';

/** Stored JSON text as an object; null when there is none. */
export const jsonOrNull = (text: string | null): Record<string, unknown> | null => (text ? safeJson(text) : null);

export function serializeSpan(s: SpanRow) {
  return {
    trace_id: s.trace_id,
    span_id: s.span_id,
    parent_span_id: s.parent_span_id,
    segment_id: s.segment_id,
    is_segment: s.is_segment === 1,
    op: s.op || null,
    description: s.description || null,
    status: s.status,
    start_timestamp: s.start_ts / 1000,
    timestamp: s.end_ts / 1000,
    duration: s.duration_ms,
    exclusive_time: s.exclusive_ms,
    data: safeJson(s.data),
    measurements: jsonOrNull(s.measurements),
  };
}
