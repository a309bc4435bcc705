import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { opFamily, traceBounds, traceRows, visibleRows, type Trace, type TraceSegment, type TraceSpan } from '../src/screens/trace/trace-rows.ts';
import { formatDuration, formatPercent, transactionTerm } from '../src/screens/performance/discover.ts';

const span = (id: string, parent: string | null, start: number, end: number, children: TraceSpan[] = [], extra: Partial<TraceSpan> = {}): TraceSpan => ({
  span_id: id, parent_span_id: parent, op: 'db', description: id, status: 'ok', start_timestamp: start, timestamp: end, duration: (end - start) * 1000,
  exclusive_time: null, data: {}, measurements: null, children, ...extra,
});
const segment = (id: string, parent: string | null, start: number, end: number, spans: TraceSpan[], extra: Partial<TraceSegment> = {}): TraceSegment => ({
  event_id: `e-${id}`, span_id: id, parent_span_id: parent, transaction: `T ${id}`, 'transaction.duration': (end - start) * 1000, 'transaction.op': 'http.server',
  'transaction.status': 'ok', project_slug: 'p', start_timestamp: start, timestamp: end, measurements: null, errors: [], spans, children: [], ...extra,
});

describe('trace waterfall rows', () => {
  const child = segment('c', 's2', 3, 4, [span('c', 's2', 3, 4, [span('c1', 'c', 3.1, 3.2)])], {
    errors: [{ event_id: 'err1', issue_id: 7, issue: 'P-7', span: 'c1', project_slug: 'p', title: 'boom', level: 'error' }],
  });
  // A child transaction whose parent span is not stored hangs under its parent transaction.
  const stray = segment('x', 'missing', 1.5, 1.6, [span('x', 'missing', 1.5, 1.6)]);
  const root = segment('r', null, 0, 10, [span('r', null, 0, 10, [span('s2', 'r', 2, 5), span('s1', 'r', 1, 2, [], { orphan: true })])], { children: [child, stray] });
  const trace: Trace = { transactions: [root], orphan_errors: [], orphan_spans: [span('o', 'gone', 9, 11)] };

  it('nests spans and child transactions by parent, siblings by start, orphans under the root', () => {
    const rows = traceRows(trace);
    assert.deepEqual(rows.map((r) => `${r.depth}:${r.kind[0]}:${r.id}`), ['0:t:r', '1:s:s1', '1:t:x', '1:s:s2', '2:t:c', '3:s:c1', '1:s:o']);
    assert.equal(rows.find((r) => r.id === 'o')?.orphan, true);
    assert.equal(rows.find((r) => r.id === 's1')?.orphan, true);
    assert.deepEqual(rows.find((r) => r.id === 'c1')?.errors.map((e) => e.issue), ['P-7']);
    assert.deepEqual(rows.find((r) => r.id === 'r')?.childCount, 4);
    // The orphan span outlives the root: the trace's extent covers it.
    assert.deepEqual(traceBounds(rows), { start: 0, end: 11 });
  });

  it('an error in no span of its transaction is marked on the transaction', () => {
    const t = segment('t', null, 0, 1, [span('t', null, 0, 1)], { errors: [{ event_id: 'e', issue_id: 1, issue: 'P-1', span: 'elsewhere', project_slug: 'p', title: 'x', level: 'error' }] });
    assert.deepEqual(traceRows({ transactions: [t], orphan_errors: [], orphan_spans: [] })[0]!.errors.map((e) => e.event_id), ['e']);
  });

  it('folds a collapsed row\'s subtree away and keeps what follows', () => {
    const rows = traceRows(trace);
    assert.deepEqual(visibleRows(rows, new Set(['s2'])).map((r) => r.id), ['r', 's1', 'x', 's2', 'o']);
    assert.deepEqual(visibleRows(rows, new Set(['r'])).map((r) => r.id), ['r']);
  });

  it('colours ops by family, writes durations and rates, quotes names', () => {
    assert.deepEqual(['http.client', 'db.query', 'resource.script', 'weird', 'default'].map(opFamily), ['http', 'db', 'resource', 'default', 'default']);
    assert.deepEqual([0.25, 12.4, 840, 1250, 150_000].map(formatDuration), ['0.3ms', '12ms', '840ms', '1.25s', '2.5min']);
    assert.equal(formatPercent(0.125), '12.5%');
    assert.equal(transactionTerm('GET /a'), 'transaction:"GET /a"');
    assert.equal(transactionTerm('say "hi"'), 'transaction:"say \\"hi\\""');
    assert.equal(transactionTerm('/plain'), 'transaction:/plain');
  });
});
