/**
 * @module Standalone spans: a v1 `span` item (one SpanJSON, e.g. the browser's web-vital spans) and SDK 11's v2
 * span containers (`application/vnd.sentry.items.span.v2+json`: `{items: [{trace_id, span_id, parent_span_id?,
 * name, start_timestamp, end_timestamp, status, is_segment, attributes: {k: {type, value}}}]}`), normalized into
 * the span model. A segment's id comes from `is_segment` (its own) or the `sentry.segment.id` attribute; op, name
 * of the segment, release and environment from the `sentry.*` attributes, else the envelope's trace header.
 * Segments get their web vitals (`browser.web_vital.<name>.value`) as measurements.
 */
import { boundedAttributes, fillExclusiveTimes, hexId, isObject, readMeasurements, spanTimes, text, timestampMs } from './span-fields.ts';
import { MAX_SPANS_PER_TRANSACTION, type Measurement, type NormalizedSpan } from './span-model.ts';

export const SPAN_V2_CONTENT_TYPE = 'application/vnd.sentry.items.span.v2+json';

/** What the envelope header's `trace` (dynamic sampling context) says, used when the span does not. */
export interface SpanDefaults {
  environment?: string;
  release?: string;
  transaction?: string;
}

export interface SpanBatch {
  spans: NormalizedSpan[];
  /** Spans refused: not an object, no valid trace id, span id or start. */
  invalid: number;
  /** Spans past MAX_SPANS_PER_TRANSACTION in one container. */
  dropped: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The envelope header's `trace` object as span defaults. */
export function spanDefaultsOf(envelopeHeaders: Record<string, unknown>): SpanDefaults {
  const t = isObject(envelopeHeaders.trace) ? envelopeHeaders.trace : {};
  return { environment: str(t.environment), release: str(t.release), transaction: str(t.transaction) };
}

/** A v1 standalone span item; null when it has no valid trace id, span id or start. */
export function normalizeSpanV1(raw: unknown, defaults: SpanDefaults): NormalizedSpan | null {
  if (!isObject(raw)) return null;
  const traceId = hexId(raw.trace_id, 32);
  const spanId = hexId(raw.span_id, 16);
  const start = timestampMs(raw.start_timestamp);
  if (!traceId || !spanId || start === null) return null;
  const data = boundedAttributes(raw.data, false);
  const isSegment = raw.is_segment === true;
  const span: NormalizedSpan = {
    traceId,
    spanId,
    parentSpanId: hexId(raw.parent_span_id, 16),
    segmentId: isSegment ? spanId : hexId(raw.segment_id, 16) ?? hexId(data['sentry.segment.id'], 16),
    isSegment,
    op: text(raw.op ?? data['sentry.op'], 256),
    description: text(raw.description),
    status: text(raw.status, 64) || null,
    ...spanTimes(start, timestampMs(raw.timestamp)),
    exclusiveMs: typeof raw.exclusive_time === 'number' && Number.isFinite(raw.exclusive_time) && raw.exclusive_time >= 0 ? raw.exclusive_time : null,
    environment: text(data['sentry.environment'] ?? defaults.environment, 256),
    release: text(data['sentry.release'] ?? defaults.release, 256),
    transaction: text(data['sentry.segment.name'] ?? data['sentry.transaction'] ?? defaults.transaction, 256),
    eventId: null,
    data,
    measurements: readMeasurements(raw.measurements),
  };
  if (span.exclusiveMs === null) span.exclusiveMs = span.durationMs;
  return span;
}

/** A v2 span container; spans past the bound are counted in `dropped` (the earliest by start are kept). */
export function normalizeSpanContainer(raw: unknown, defaults: SpanDefaults): SpanBatch {
  const items = isObject(raw) && Array.isArray(raw.items) ? raw.items : null;
  if (!items) return { spans: [], invalid: 1, dropped: 0 };
  const spans: NormalizedSpan[] = [];
  let invalid = 0;
  for (const item of items) {
    const span = spanV2(item, defaults);
    if (span) spans.push(span);
    else invalid++;
  }
  let dropped = 0;
  if (spans.length > MAX_SPANS_PER_TRANSACTION) {
    spans.sort((a, b) => a.startMs - b.startMs);
    dropped = spans.length - MAX_SPANS_PER_TRANSACTION;
    spans.length = MAX_SPANS_PER_TRANSACTION;
  }
  // Exclusive time from the children in the same container (the SDK sends a segment's spans together).
  fillExclusiveTimes(spans);
  return { spans, invalid, dropped };
}

function spanV2(raw: unknown, defaults: SpanDefaults): NormalizedSpan | null {
  if (!isObject(raw)) return null;
  const traceId = hexId(raw.trace_id, 32);
  const spanId = hexId(raw.span_id, 16);
  const start = timestampMs(raw.start_timestamp);
  if (!traceId || !spanId || start === null) return null;
  const data = boundedAttributes(raw.attributes, true);
  const isSegment = raw.is_segment === true;
  const status = text(raw.status, 64);
  return {
    traceId,
    spanId,
    parentSpanId: hexId(raw.parent_span_id, 16),
    segmentId: isSegment ? spanId : hexId(data['sentry.segment.id'], 16),
    isSegment,
    op: text(data['sentry.op'], 256),
    description: text(raw.name),
    // v2 has only ok/error; Sentry's v1 name for an unspecified error is `unknown_error`.
    status: status === 'error' ? 'unknown_error' : status || null,
    ...spanTimes(start, timestampMs(raw.end_timestamp)),
    exclusiveMs: null,
    environment: text(data['sentry.environment'] ?? defaults.environment, 256),
    release: text(data['sentry.release'] ?? defaults.release, 256),
    transaction: text(data['sentry.segment.name'] ?? defaults.transaction, 256),
    eventId: null,
    data,
    measurements: isSegment ? webVitals(data) : null,
  };
}

/** `browser.web_vital.<name>.value` attributes as Sentry measurements (`cls` unitless, the rest milliseconds). */
function webVitals(data: Record<string, unknown>): Record<string, Measurement> | null {
  const out: Record<string, Measurement> = {};
  let any = false;
  for (const [k, v] of Object.entries(data)) {
    const m = /^browser\.web_vital\.([a-z]+)\.value$/.exec(k);
    if (!m || typeof v !== 'number' || !Number.isFinite(v)) continue;
    out[m[1]] = m[1] === 'cls' ? { value: v, unit: '' } : { value: v, unit: 'millisecond' };
    any = true;
  }
  return any ? out : null;
}
