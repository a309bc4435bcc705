/**
 * @module Readers for span fields shared by the v1 and v2 span shapes: hex ids, timestamps (seconds or RFC 3339
 * → epoch ms), bounded attribute copies, and exclusive time over a set of spans.
 */
import { clipString } from '../normalize/clip-string.ts';
import { parseTimestamp } from '../normalize/parse-timestamp.ts';
import { MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTE_DEPTH, MAX_SPAN_ATTRIBUTES, type Measurement, type NormalizedSpan } from './span-model.ts';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A lowercase hex id of exactly `length` digits (a UUID's dashes removed), else null. */
export function hexId(value: unknown, length: 16 | 32): string | null {
  if (typeof value !== 'string') return null;
  const s = (length === 32 ? value.replace(/-/g, '') : value).toLowerCase();
  return s.length === length && /^[0-9a-f]+$/.test(s) && !/^0+$/.test(s) ? s : null;
}

/** Epoch ms from unix seconds (number or string) or an RFC 3339 date-time; null when absent or invalid. */
export function timestampMs(value: unknown): number | null {
  const s = parseTimestamp(value);
  return s === undefined ? null : s * 1000;
}

export function text(value: unknown, max = MAX_ATTRIBUTE_CHARS): string {
  if (typeof value === 'string') return clipString(value, max);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function boundedValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return clipString(value, MAX_ATTRIBUTE_CHARS);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object') return null;
  if (depth >= MAX_ATTRIBUTE_DEPTH) return '[depth limit]';
  if (Array.isArray(value)) return value.slice(0, MAX_SPAN_ATTRIBUTES).map((v) => boundedValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= MAX_SPAN_ATTRIBUTES) break;
    Object.defineProperty(out, k, { value: boundedValue(v, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Span attributes with bounds: at most MAX_SPAN_ATTRIBUTES keys (the count of the rest in `_dropped_attributes`),
 * strings clipped, nesting cut. `unwrap` reads v2 typed attributes (`{type, value, unit?}`) as their value.
 */
export function boundedAttributes(raw: unknown, unwrap: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(raw)) return out;
  let n = 0;
  let dropped = 0;
  for (const [k, v] of Object.entries(raw)) {
    if (n >= MAX_SPAN_ATTRIBUTES) {
      dropped++;
      continue;
    }
    n++;
    const value = unwrap && isObject(v) && 'value' in v ? v.value : v;
    Object.defineProperty(out, clipString(k, 256), { value: boundedValue(value, 0), enumerable: true, writable: true, configurable: true });
  }
  if (dropped > 0) out._dropped_attributes = dropped;
  return out;
}

/** Measurements `{name: {value, unit?}}` with finite values only; null when none. */
export function readMeasurements(raw: unknown): Record<string, Measurement> | null {
  if (!isObject(raw)) return null;
  const out: Record<string, Measurement> = {};
  let n = 0;
  for (const [name, m] of Object.entries(raw)) {
    if (n >= MAX_SPAN_ATTRIBUTES) break;
    if (!isObject(m) || typeof m.value !== 'number' || !Number.isFinite(m.value)) continue;
    n++;
    const key = clipString(name, 128);
    out[key] = typeof m.unit === 'string' && m.unit !== '' ? { value: m.value, unit: clipString(m.unit, 64) } : { value: m.value };
  }
  return n > 0 ? out : null;
}

/** start/end in ms with end before start clamped to the start (duration 0). */
export function spanTimes(startMs: number, endMs: number | null): { startMs: number; endMs: number; durationMs: number; clamped: boolean } {
  const end = endMs ?? startMs;
  if (end < startMs) return { startMs, endMs: startMs, durationMs: 0, clamped: true };
  return { startMs, endMs: end, durationMs: end - startMs, clamped: false };
}

/** A span's duration minus the union of its children's intervals clipped to it (Sentry's exclusive time), ms. */
export function exclusiveOf(span: { startMs: number; endMs: number; durationMs: number }, children: ReadonlyArray<{ startMs: number; endMs: number }>): number {
  const intervals = children
    .map((k) => [Math.max(k.startMs, span.startMs), Math.min(k.endMs, span.endMs)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of intervals) {
    if (a > curEnd) {
      if (curEnd > curStart) covered += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) curEnd = b;
  }
  if (curEnd > curStart) covered += curEnd - curStart;
  return Math.max(0, span.durationMs - covered);
}

/**
 * Fills `exclusiveMs` of each span: its duration minus the union of its direct children's intervals (clipped to
 * the span), as Sentry's exclusive time. Linear in the number of spans plus a sort of each child list.
 */
export function fillExclusiveTimes(spans: NormalizedSpan[]): void {
  const children = new Map<string, NormalizedSpan[]>();
  for (const s of spans) {
    if (!s.parentSpanId) continue;
    const list = children.get(s.parentSpanId);
    if (list) list.push(s);
    else children.set(s.parentSpanId, [s]);
  }
  for (const s of spans) s.exclusiveMs = exclusiveOf(s, children.get(s.spanId) ?? []);
}
