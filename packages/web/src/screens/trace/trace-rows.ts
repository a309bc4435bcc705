/**
 * @module The trace API's shape (`organizations/{org}/trace/{id}/`, Sentry's events-trace) and the waterfall's
 * rows made from it: one row per transaction (segment) and per span, nested by parent — a transaction's spans
 * under it, a child transaction under the span that started it (else under its parent transaction), the trace's
 * orphan spans under the first root — each with its depth, start and end, and the errors that happened in it.
 */

export interface TraceSpan {
  span_id: string;
  parent_span_id: string | null;
  op: string | null;
  description: string | null;
  status: string | null;
  start_timestamp: number;
  timestamp: number;
  duration: number;
  exclusive_time: number | null;
  data: Record<string, unknown> | null;
  measurements: Record<string, unknown> | null;
  children: TraceSpan[];
  orphan?: boolean;
}
export interface TraceError {
  event_id: string;
  issue_id: number | null;
  issue: string | null;
  span: string | null;
  project_slug: string;
  title: string;
  level: string;
}
export interface TraceSegment {
  event_id: string;
  span_id: string;
  parent_span_id: string | null;
  transaction: string;
  'transaction.duration': number;
  'transaction.op': string;
  'transaction.status': string | null;
  project_slug: string;
  start_timestamp: number;
  timestamp: number;
  measurements: Record<string, { value: number; unit?: string }> | null;
  errors: TraceError[];
  spans: TraceSpan[];
  children: TraceSegment[];
}
export interface Trace {
  transactions: TraceSegment[];
  orphan_errors: TraceError[];
  orphan_spans: TraceSpan[];
  /** The page: how many spans the trace has, how many came (a huge trace's first page has its earliest). */
  meta?: { spans: number; spans_returned: number; next_cursor: string | null };
}

export interface Row {
  /** The span id (a transaction's is its root span's). */
  id: string;
  kind: 'transaction' | 'span';
  depth: number;
  op: string;
  label: string;
  project: string;
  /** Seconds. */
  start: number;
  end: number;
  durationMs: number;
  status: string | null;
  orphan: boolean;
  errors: TraceError[];
  childCount: number;
  span: TraceSpan | null;
  segment: TraceSegment | null;
}

const byStart = (a: { start_timestamp: number }, b: { start_timestamp: number }) => a.start_timestamp - b.start_timestamp;

/** Every row of the trace in display order (depth-first, siblings by start), collapsed subtrees included. */
export function traceRows(trace: Trace): Row[] {
  const errorsBySpan = new Map<string, TraceError[]>();
  const rows: Row[] = [];
  const segmentRow = (seg: TraceSegment, depth: number, extraSpans: TraceSpan[]) => {
    const spanIds = new Set<string>();
    const collect = (list: TraceSpan[]) => list.forEach((s) => (spanIds.add(s.span_id), collect(s.children)));
    collect(seg.spans);
    for (const e of seg.errors) {
      const at = e.span && spanIds.has(e.span) && e.span !== seg.span_id ? e.span : seg.span_id;
      errorsBySpan.set(at, [...(errorsBySpan.get(at) ?? []), e]);
    }
    // A child transaction hangs under the span it started from, when that span is in this transaction.
    const childSegs = new Map<string, TraceSegment[]>();
    for (const c of seg.children) {
      const at = c.parent_span_id && spanIds.has(c.parent_span_id) ? c.parent_span_id : seg.span_id;
      childSegs.set(at, [...(childSegs.get(at) ?? []), c]);
    }
    const root = seg.spans.find((s) => s.span_id === seg.span_id);
    const top = [...(root?.children ?? []), ...seg.spans.filter((s) => s.span_id !== seg.span_id), ...extraSpans.map((s) => ({ ...s, orphan: true }))];
    type Item = { start: number; span?: TraceSpan; seg?: TraceSegment };
    const under = (spanId: string, spans: TraceSpan[]): Item[] =>
      [...spans.map((span) => ({ start: span.start_timestamp, span })), ...(childSegs.get(spanId) ?? []).map((c) => ({ start: c.start_timestamp, seg: c }))].sort((a, b) => a.start - b.start);
    const emit = (items: Item[], d: number) => {
      for (const item of items) {
        if (item.seg) segmentRow(item.seg, d, []);
        else if (item.span) spanRow(item.span, d);
      }
    };
    const spanRow = (s: TraceSpan, d: number) => {
      const kids = under(s.span_id, s.children);
      rows.push({
        id: s.span_id, kind: 'span', depth: d, op: s.op ?? 'default', label: s.description ?? '', project: seg.project_slug,
        start: s.start_timestamp, end: s.timestamp, durationMs: s.duration, status: s.status, orphan: s.orphan === true,
        errors: errorsBySpan.get(s.span_id) ?? [], childCount: kids.length, span: s, segment: null,
      });
      emit(kids, d + 1);
    };
    const kids = under(seg.span_id, top);
    rows.push({
      id: seg.span_id, kind: 'transaction', depth, op: seg['transaction.op'] || 'default', label: seg.transaction, project: seg.project_slug,
      start: seg.start_timestamp, end: seg.timestamp, durationMs: seg['transaction.duration'], status: seg['transaction.status'], orphan: false,
      errors: errorsBySpan.get(seg.span_id) ?? [], childCount: kids.length, span: root ?? null, segment: seg,
    });
    emit(kids, depth + 1);
  };
  const roots = [...trace.transactions].sort(byStart);
  roots.forEach((seg, i) => segmentRow(seg, 0, i === 0 ? trace.orphan_spans : []));
  return rows;
}

/** The rows still shown when the subtrees of `collapsed` (row ids) are folded away. */
export function visibleRows(rows: Row[], collapsed: ReadonlySet<string>): Row[] {
  const out: Row[] = [];
  let hideDeeperThan = Infinity;
  for (const r of rows) {
    if (r.depth > hideDeeperThan) continue;
    hideDeeperThan = collapsed.has(r.id) ? r.depth : Infinity;
    out.push(r);
  }
  return out;
}

/** The trace's extent in seconds, over every row (a span may outlive its transaction). */
export function traceBounds(rows: Row[]): { start: number; end: number } {
  if (rows.length === 0) return { start: 0, end: 0 };
  return { start: Math.min(...rows.map((r) => r.start)), end: Math.max(...rows.map((r) => r.end)) };
}

/** The colour family of an op: its part before the first dot. */
export function opFamily(op: string): string {
  const head = op.split('.')[0]!;
  if (['http', 'db', 'cache', 'ui', 'browser', 'resource', 'pageload', 'navigation', 'function', 'middleware', 'queue', 'rpc', 'websocket', 'gen_ai'].includes(head)) return head;
  return 'default';
}

/** A trace's spans as one flat map, children emptied (each page nests only its own). */
function flatten(list: TraceSpan[], into: Map<string, TraceSpan>): void {
  for (const s of list) {
    if (!into.has(s.span_id)) into.set(s.span_id, { ...s, children: [] });
    flatten(s.children, into);
  }
}

/**
 * The spans of `rootId`'s segment (or of no stored segment, `rootId` null) nested again by parent: a span whose
 * parent is among them goes under it (no longer an orphan); the others stay at the top, an orphan unless it is the
 * root or has no parent.
 */
function nest(spans: Map<string, TraceSpan>, rootId: string | null): TraceSpan[] {
  const top: TraceSpan[] = [];
  for (const s of spans.values()) {
    const parent = s.parent_span_id ? spans.get(s.parent_span_id) : undefined;
    if (parent && s.span_id !== rootId) {
      delete s.orphan;
      parent.children.push(s);
    } else top.push(s);
  }
  const sort = (list: TraceSpan[]) => (list.sort(byStart), list.forEach((s) => sort(s.children)));
  sort(top);
  return top;
}

/**
 * The pages of a paged trace (every page holds all the segments and its share of the spans) as one trace: each
 * segment's spans from all pages nested by parent again, its errors and the orphan errors without repeats (an
 * error whose span came on a later page moves from the orphans to its segment), `meta` counting what is loaded.
 */
export function mergeTracePages(pages: Trace[]): Trace {
  const [first] = pages;
  if (!first || pages.length === 1) return first!;
  const spansOf = new Map<string, Map<string, TraceSpan>>();
  const errorsOf = new Map<string, Map<string, TraceError>>();
  const visit = (segs: TraceSegment[], f: (s: TraceSegment) => void) => segs.forEach((s) => (f(s), visit(s.children, f)));
  const orphanSpans = new Map<string, TraceSpan>();
  const orphanErrors = new Map<string, TraceError>();
  for (const p of pages) {
    visit(p.transactions, (s) => {
      if (!spansOf.has(s.span_id)) spansOf.set(s.span_id, new Map());
      if (!errorsOf.has(s.span_id)) errorsOf.set(s.span_id, new Map());
      flatten(s.spans, spansOf.get(s.span_id)!);
      for (const e of s.errors) errorsOf.get(s.span_id)!.set(e.event_id, e);
    });
    flatten(p.orphan_spans, orphanSpans);
    for (const e of p.orphan_errors) orphanErrors.set(e.event_id, e);
  }
  const placed = new Set([...errorsOf.values()].flatMap((m) => [...m.keys()]));
  const rebuild = (s: TraceSegment): TraceSegment => ({
    ...s,
    spans: nest(spansOf.get(s.span_id) ?? new Map(), s.span_id),
    errors: [...(errorsOf.get(s.span_id)?.values() ?? [])],
    children: s.children.map(rebuild),
  });
  const last = pages.at(-1)!;
  return {
    transactions: first.transactions.map(rebuild),
    orphan_spans: nest(orphanSpans, null),
    orphan_errors: [...orphanErrors.values()].filter((e) => !placed.has(e.event_id)),
    ...(last.meta ? { meta: { ...last.meta, spans_returned: [...spansOf.values()].reduce((n, m) => n + m.size, 0) + orphanSpans.size } } : {}),
  };
}
