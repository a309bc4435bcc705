/** @module A minimal `transaction` event body for tracing tests (trace context root `a000000000000001`). */

export function transactionBody(eventId: string, traceId: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'transaction',
    event_id: eventId,
    transaction: 'GET /bad',
    start_timestamp: 1_795_000_000,
    timestamp: 1_795_000_001,
    release: 'bad@1',
    contexts: { trace: { trace_id: traceId, span_id: 'a000000000000001', op: 'http.server' } },
    spans: [],
    ...extra,
  };
}
