/**
 * @module The Discover table's row mode for transactions: when every requested field is a field of one transaction
 * (`id`, `trace`, `transaction`, `project`, `project.id`, `transaction.duration`, `timestamp`, `transaction.op`,
 * `transaction.status`, `trace.span`), `GET …/events/` lists single transactions instead of aggregates — what
 * Sentry's transaction summary asks for its "slowest transactions" table (`sort=-transaction.duration`).
 * A transaction's `id` is its event id, or for a streamed SDK 11 segment (which has none) its span id.
 * `spans.<op>` (http, db, browser, resource, ui, other: the op categories of the operation breakdown) is a
 * transaction's time in that category, the union of its child spans' intervals — Sentry's span-op breakdown
 * filter on the summary sorts the list by it (`sort=-spans.http`). Asking for or sorting by it reads the
 * `MAX_BREAKDOWN_SEGMENTS` most recent transactions of the filter (`meta.sampled` says whether there were more);
 * sorted by it, only the transactions with time in that category are listed.
 */
import { listSegments, segmentChildSpans, type SegmentRow } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, parseCursor, parseLimit } from '../access.ts';
import { parseDiscoverRequest } from './discover-request.ts';
import type { FieldType } from './discover-fields.ts';
import { MAX_BREAKDOWN_SEGMENTS, SPAN_OP_CATEGORIES, segmentKey, segmentOpTimes, type Category } from './span-ops-breakdown.ts';

interface RowField {
  type: FieldType | 'date';
  unit: string | null;
  value(r: Row, project: string): string | number | null;
}

interface Row extends SegmentRow {
  /** Time per op category, when asked for. */
  ops?: Map<Category, number>;
}

const ROW_FIELDS: Record<string, RowField> = {
  id: { type: 'string', unit: null, value: (r) => r.eventId ?? r.spanId },
  trace: { type: 'string', unit: null, value: (r) => r.traceId },
  'trace.span': { type: 'string', unit: null, value: (r) => r.spanId },
  transaction: { type: 'string', unit: null, value: (r) => r.transaction },
  project: { type: 'string', unit: null, value: (_r, project) => project },
  'project.id': { type: 'integer', unit: null, value: (r) => r.projectId },
  'transaction.duration': { type: 'duration', unit: 'millisecond', value: (r) => r.durationMs },
  timestamp: { type: 'date', unit: null, value: (r) => new Date(r.endMs).toISOString() },
  'transaction.op': { type: 'string', unit: null, value: (r) => r.op },
  'transaction.status': { type: 'string', unit: null, value: (r) => r.status ?? 'ok' },
  ...Object.fromEntries(SPAN_OP_CATEGORIES.map((c): [string, RowField] => [`spans.${c}`, { type: 'duration', unit: 'millisecond', value: (r) => r.ops?.get(c) ?? 0 }])),
};
const opOf = (field: string): Category | null => (field.startsWith('spans.') && field in ROW_FIELDS ? (field.slice(6) as Category) : null);

/** True when every field names one transaction's value (row mode); mixing them with aggregates is a 400. */
export function isRowQuery(names: string[]): boolean {
  const rows = names.filter((n) => n in ROW_FIELDS && n !== 'transaction' && n !== 'project' && n !== 'project.id');
  if (rows.length === 0) return false;
  const others = names.filter((n) => !(n in ROW_FIELDS));
  if (others.length > 0) throw new HttpError(400, `fields of single transactions (${rows.join(', ')}) cannot be mixed with aggregates (${others.join(', ')})`);
  return true;
}

export async function listTransactionRows(ctx: Ctx, names: string[]): Promise<void> {
  const req = await parseDiscoverRequest(ctx, true);
  const raw = ctx.url.searchParams.get('sort') ?? ctx.url.searchParams.get('orderby') ?? '-timestamp';
  const desc = raw.startsWith('-');
  const key = desc ? raw.slice(1) : raw;
  const sortOp = opOf(key);
  if (key !== 'transaction.duration' && key !== 'timestamp' && !sortOp) {
    throw new HttpError(400, `Cannot sort single transactions by ${key}: sort by transaction.duration, timestamp or spans.<op> (${SPAN_OP_CATEGORIES.join(', ')})`);
  }
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const withOps = sortOp !== null || names.some((n) => opOf(n) !== null);
  let rows: Row[];
  let sampled: { segments: number; sampled: boolean } | undefined;
  if (!withOps) rows = await listSegments(ctx.app.db, req.filter, { by: key === 'timestamp' ? 'end' : 'duration', desc }, limit + 1, offset);
  else {
    const recent = await listSegments(ctx.app.db, req.filter, { by: 'end', desc: true }, MAX_BREAKDOWN_SEGMENTS + 1, 0);
    const read: Row[] = recent.slice(0, MAX_BREAKDOWN_SEGMENTS);
    sampled = { segments: read.length, sampled: recent.length > MAX_BREAKDOWN_SEGMENTS };
    const times = segmentOpTimes(await segmentChildSpans(ctx.app.db, read));
    for (const r of read) r.ops = times.get(segmentKey(r.projectId, r.traceId, r.spanId)) ?? new Map();
    const sortValue = (r: Row): number => (sortOp ? (r.ops?.get(sortOp) ?? 0) : key === 'timestamp' ? r.endMs : r.durationMs);
    const listed = sortOp ? read.filter((r) => sortValue(r) > 0) : read;
    listed.sort((a, b) => (desc ? -1 : 1) * (sortValue(a) - sortValue(b)) || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
    rows = listed.slice(offset, offset + limit + 1);
  }
  const slugs = new Map(req.projects.map((p) => [p.id, p.slug]));
  const data = rows.slice(0, limit).map((r) => Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.value(r, slugs.get(r.projectId) ?? String(r.projectId))])));
  const meta = {
    fields: Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.type])),
    units: Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.unit])),
    isMetricsData: false,
    tips: {},
    ...sampled,
  };
  sendJson(ctx.res, 200, { data, meta }, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}
