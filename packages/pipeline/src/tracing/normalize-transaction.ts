/**
 * @module `normalizeTransaction`: a `transaction` event → its normalized body (the event rules of
 * `normalizeEvent`: tags, user, request, contexts with browser/OS from the User-Agent, sdk), its root span (from
 * `contexts.trace`) and its child spans (`spans[]`), bounded: at most MAX_SPANS_PER_TRANSACTION children, the
 * earliest by start kept (as the SDKs do); a child without a valid span id or start is refused and counted; an
 * end before the start is clamped to the start. A transaction without a trace id, span id or start is refused.
 */
import { normalizeEvent, type NormalizeContext } from '../normalize/normalize-event.ts';
import { boundedAttributes, fillExclusiveTimes, hexId, isObject, readMeasurements, spanTimes, text, timestampMs } from './span-fields.ts';
import { MAX_SPANS_PER_TRANSACTION, type NormalizedSpan, type NormalizedTransaction } from './span-model.ts';

export type TransactionResult = { ok: true; txn: NormalizedTransaction } | { ok: false; detail: string };

/** What a transaction's spans inherit from it. */
interface Segment {
  traceId: string;
  segmentId: string;
  environment: string;
  release: string;
  transaction: string;
  eventId: string | null;
}

export function normalizeTransaction(raw: unknown, ctx: NormalizeContext): TransactionResult {
  if (!isObject(raw)) return { ok: false, detail: 'a transaction must be a JSON object' };
  // `spans` are normalized here, not copied into the body: they are stored as rows of their own.
  const { spans: rawSpans, ...rest } = raw;
  const event = normalizeEvent({ ...rest, type: 'transaction' }, ctx) as unknown as Record<string, unknown> & ReturnType<typeof normalizeEvent>;
  const trace = event.contexts.trace ?? {};
  const traceId = hexId(trace.trace_id, 32);
  const spanId = hexId(trace.span_id, 16);
  if (!traceId || !spanId) return { ok: false, detail: 'contexts.trace needs a trace_id (32 hex digits) and a span_id (16 hex digits)' };
  const start = typeof event.start_timestamp === 'number' ? event.start_timestamp : undefined;
  if (start === undefined) return { ok: false, detail: 'a transaction needs a start_timestamp' };
  const name = event.transaction ?? '<unlabeled transaction>';
  const seg: Segment = { traceId, segmentId: spanId, environment: event.environment ?? '', release: event.release ?? '', transaction: name, eventId: event.event_id };
  const root: NormalizedSpan = {
    traceId,
    spanId,
    parentSpanId: hexId(trace.parent_span_id, 16),
    segmentId: spanId,
    isSegment: true,
    op: text(trace.op, 256),
    description: name,
    status: text(trace.status, 64) || null,
    ...spanTimes(start * 1000, event.timestamp * 1000),
    exclusiveMs: null,
    environment: seg.environment,
    release: seg.release,
    transaction: name,
    eventId: event.event_id,
    data: boundedAttributes(trace.data, false),
    measurements: readMeasurements(raw.measurements),
  };
  const children: NormalizedSpan[] = [];
  let invalidSpans = 0;
  for (const s of Array.isArray(rawSpans) ? rawSpans : []) {
    const span = childSpan(s, seg);
    if (span && span.spanId !== spanId) children.push(span);
    else invalidSpans++;
  }
  let droppedSpans = 0;
  if (children.length > MAX_SPANS_PER_TRANSACTION) {
    children.sort((a, b) => a.startMs - b.startMs);
    droppedSpans = children.length - MAX_SPANS_PER_TRANSACTION;
    children.length = MAX_SPANS_PER_TRANSACTION;
  }
  fillExclusiveTimes([root, ...children]);
  if (root.measurements) event.measurements = root.measurements;
  return { ok: true, txn: { eventId: event.event_id, root, spans: children, droppedSpans, invalidSpans, body: event } };
}

/** One `spans[]` entry; null when it has no valid span id or start. A missing parent is the root (Sentry's rule). */
function childSpan(s: unknown, seg: Segment): NormalizedSpan | null {
  if (!isObject(s)) return null;
  const spanId = hexId(s.span_id, 16);
  const start = timestampMs(s.start_timestamp);
  if (!spanId || start === null) return null;
  const data = boundedAttributes(s.data, false);
  if (isObject(s.tags)) data.tags = boundedAttributes(s.tags, false);
  if (typeof s.origin === 'string' && data['sentry.origin'] === undefined) data['sentry.origin'] = text(s.origin, 256);
  return {
    traceId: seg.traceId,
    spanId,
    parentSpanId: hexId(s.parent_span_id, 16) ?? seg.segmentId,
    segmentId: seg.segmentId,
    isSegment: false,
    op: text(s.op, 256),
    description: text(s.description),
    status: text(s.status, 64) || null,
    ...spanTimes(start, timestampMs(s.timestamp)),
    exclusiveMs: null,
    environment: seg.environment,
    release: seg.release,
    transaction: seg.transaction,
    eventId: seg.eventId,
    data,
    measurements: null,
  };
}
