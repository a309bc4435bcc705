/**
 * @module The one span model every tracing input is normalized into: spans of `transaction` events, standalone v1
 * `span` items and SDK 11's v2 span containers. Times are epoch milliseconds (fractions kept). The bounds below
 * are what digest enforces; each cut is counted, never silent.
 */

/** Spans stored per transaction event (its root not counted); the rest are counted as `too_large` (category `span`). */
export const MAX_SPANS_PER_TRANSACTION = 1000;
/** Attributes kept per span; past it the rest are left out and the span's data says how many (`_dropped_attributes`). */
export const MAX_SPAN_ATTRIBUTES = 200;
/** Each string attribute value (and a span's description) is clipped to this many UTF-16 units. */
export const MAX_ATTRIBUTE_CHARS = 4096;
/** Nesting kept inside one attribute value (arrays, objects); deeper containers become "[depth limit]". */
export const MAX_ATTRIBUTE_DEPTH = 4;

export interface Measurement {
  value: number;
  unit?: string;
}

export interface NormalizedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** The span id of the segment (transaction root) this span belongs to; null if unknown. */
  segmentId: string | null;
  isSegment: boolean;
  op: string;
  description: string;
  status: string | null;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Own time: duration minus the union of its direct children's time (null when it could not be computed). */
  exclusiveMs: number | null;
  environment: string;
  release: string;
  /** The segment's name (the transaction). */
  transaction: string;
  /** The transaction event's id; null for streamed spans. */
  eventId: string | null;
  data: Record<string, unknown>;
  /** Segments only: web vitals and other measurements. */
  measurements: Record<string, Measurement> | null;
  /** The end was before the start and was moved to the start (duration 0). */
  clamped: boolean;
}

/** A transaction event: its root span (from `contexts.trace`), its child spans and the normalized body. */
export interface NormalizedTransaction {
  eventId: string | null;
  root: NormalizedSpan;
  spans: NormalizedSpan[];
  /** Child spans left out past MAX_SPANS_PER_TRANSACTION. */
  droppedSpans: number;
  /** Child spans refused as invalid (no span id, no start). */
  invalidSpans: number;
  /** The normalized, scrubbed event without `spans` (they live in the span table), or null for a v2 segment. */
  body: Record<string, unknown> | null;
}
