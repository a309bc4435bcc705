/**
 * @module `buildTrace`: a trace's stored spans, transactions and errors → Sentry's trace shape
 * (`events-trace`): `transactions` are the root segments, each with `children` (segments whose parent span lies in
 * it), its own `spans` nested by parent (`children`; a span whose parent is not in the segment hangs under the
 * root with `orphan: true`) and the `errors` that happened in one of its spans; `orphan_errors` are errors of the
 * trace in no stored span; `orphan_spans` spans whose segment is not stored (e.g. an LCP span whose pageload is
 * not yet in). Linear in spans + errors, apart from sorting siblings by start.
 */
import type { SpanRow, TraceErrorRow, TransactionRow } from '@faultline/store';
import { jsonOrNull, serializeSpan } from './serialize-span.ts';

interface ProjectInfo {
  id: number;
  slug: string;
}

export function serializeTraceError(e: TraceErrorRow, slug: string, shortId: string | null, generation: number | null) {
  return {
    event_id: e.event_id,
    issue_id: e.issue_id,
    issue: shortId,
    span: e.span_id,
    project_id: e.project_id,
    project_slug: slug,
    title: e.title,
    level: e.level,
    timestamp: e.timestamp / 1000,
    generation,
    event_type: 'error',
  };
}

type SpanNode = ReturnType<typeof serializeSpan> & { children: SpanNode[]; orphan?: true };
type TraceError = ReturnType<typeof serializeTraceError>;

interface SegmentNode {
  event_id: string;
  span_id: string;
  parent_span_id: string | null;
  parent_event_id: string | null;
  generation: number;
  transaction: string;
  'transaction.duration': number;
  'transaction.op': string;
  'transaction.status': string | null;
  project_id: number;
  project_slug: string;
  start_timestamp: number;
  timestamp: number;
  measurements: Record<string, unknown> | null;
  errors: TraceError[];
  performance_issues: never[];
  spans: SpanNode[];
  children: SegmentNode[];
}

const byStart = (a: { start_timestamp: number }, b: { start_timestamp: number }) => a.start_timestamp - b.start_timestamp;

export function buildTrace(
  spans: SpanRow[],
  transactions: TransactionRow[],
  errors: TraceErrorRow[],
  projects: Map<number, ProjectInfo>,
  shortIds: Map<number, string>,
) {
  const slug = (id: number) => projects.get(id)?.slug ?? String(id);
  const txnBySpan = new Map(transactions.map((t) => [`${t.project_id}:${t.span_id}`, t]));
  // Segments: every span marked as one (transaction roots and streamed segments).
  const segments = new Map<string, SegmentNode>();
  const segmentOfSpan = new Map<string, SegmentNode>();
  for (const s of spans) {
    if (s.is_segment !== 1) continue;
    const txn = txnBySpan.get(`${s.project_id}:${s.span_id}`);
    const node: SegmentNode = {
      event_id: s.event_id ?? txn?.event_id ?? s.span_id,
      span_id: s.span_id,
      parent_span_id: s.parent_span_id,
      parent_event_id: null,
      generation: 0,
      transaction: s.transaction_name ?? s.description,
      'transaction.duration': s.duration_ms,
      'transaction.op': s.op,
      'transaction.status': s.status,
      project_id: s.project_id,
      project_slug: slug(s.project_id),
      start_timestamp: s.start_ts / 1000,
      timestamp: s.end_ts / 1000,
      measurements: jsonOrNull(s.measurements),
      errors: [],
      performance_issues: [],
      spans: [],
      children: [],
    };
    segments.set(s.span_id, node);
  }
  // Each segment's spans, nested by parent within it.
  const nodes = new Map<string, SpanNode>();
  const orphanSpans: SpanNode[] = [];
  for (const s of spans) {
    const node: SpanNode = { ...serializeSpan(s), children: [] };
    nodes.set(s.span_id, node);
    const seg = segments.get(s.segment_id ?? '');
    if (seg) segmentOfSpan.set(s.span_id, seg);
    else if (s.is_segment !== 1) orphanSpans.push(node);
  }
  for (const s of spans) {
    const seg = segmentOfSpan.get(s.span_id);
    if (!seg) continue;
    const node = nodes.get(s.span_id)!;
    if (s.is_segment === 1) {
      seg.spans.push(node);
      continue;
    }
    const parent = s.parent_span_id ? nodes.get(s.parent_span_id) : undefined;
    if (parent && segmentOfSpan.get(parent.span_id) === seg) parent.children.push(node);
    else {
      node.orphan = true;
      const root = nodes.get(seg.span_id)!;
      root.children.push(node);
    }
  }
  // Segments nest under the segment holding their parent span; the rest are roots.
  const roots: SegmentNode[] = [];
  for (const seg of segments.values()) {
    const parentSeg = seg.parent_span_id ? segmentOfSpan.get(seg.parent_span_id) : undefined;
    if (parentSeg && parentSeg !== seg) {
      seg.parent_event_id = parentSeg.event_id;
      parentSeg.children.push(seg);
    } else roots.push(seg);
  }
  const setGeneration = (seg: SegmentNode, g: number) => {
    seg.generation = g;
    seg.children.sort(byStart);
    for (const c of seg.children) setGeneration(c, g + 1);
  };
  roots.sort(byStart);
  for (const r of roots) setGeneration(r, 0);
  const sortSpans = (list: SpanNode[]) => {
    list.sort(byStart);
    for (const n of list) sortSpans(n.children);
  };
  for (const seg of segments.values()) sortSpans(seg.spans);
  // Errors: in the segment of the span they happened in, else orphans.
  const orphanErrors: TraceError[] = [];
  for (const e of errors) {
    const seg = e.span_id ? segmentOfSpan.get(e.span_id) : undefined;
    const shortId = e.issue_id === null ? null : (shortIds.get(e.issue_id) ?? null);
    if (seg) seg.errors.push(serializeTraceError(e, slug(e.project_id), shortId, seg.generation));
    else orphanErrors.push(serializeTraceError(e, slug(e.project_id), shortId, null));
  }
  return { transactions: roots, orphan_errors: orphanErrors, orphan_spans: orphanSpans };
}
