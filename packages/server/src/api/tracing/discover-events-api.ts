/**
 * @module `GET /api/0/organizations/{org}/events/` for transactions: Sentry's Discover table shape
 * `{data: [{field: value}], meta: {fields, units}}`, one row per (project, transaction) over the window, from
 * the per-minute aggregates. `field` (repeatable, at most 20; see discover-fields.ts), `sort` (or `orderby`;
 * `-count()`, `p95()`, …: one of the requested fields), `per_page` (default 50, at most 100) and `cursor`
 * (Link headers). Totals are summed in SQL; sketches are merged only for the page's transactions, unless the
 * sort is by a percentile, which needs them all. A query comparing `transaction.duration` filters single
 * transactions, which the aggregates do not hold: its rows are computed from the window's segment spans (at most
 * `MAX_SCANNED_SEGMENTS`, past that a 400). Fields of single transactions (`id`, `trace`,
 * `transaction.duration`, `timestamp`, …) switch to row mode (discover-rows.ts).
 */
import { DurationSketch, isFailedStatus } from '@faultline/pipeline';
import { segmentDurations, transactionKey, transactionSketches, transactionTotals, type SegmentDuration, type TransactionFilter, type TransactionTotals } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, parseCursor, parseLimit } from '../access.ts';
import { compare, fieldSpec, metaOf, type Aggregate, type FieldSpec } from './discover-fields.ts';
import { parseDiscoverRequest, refuseOtherDatasets } from './discover-request.ts';
import { isRowQuery, listTransactionRows } from './discover-rows.ts';
import { isVitalQuery, listVitalRows } from './web-vitals.ts';

const MAX_FIELDS = 20;
/** Segments a `transaction.duration` query may read for one list. */
export const MAX_SCANNED_SEGMENTS = 200_000;

/** The filter's segments (duration, status, end), for a `transaction.duration` filter; a 400 past the cap. */
export async function scannedSegments(ctx: Ctx, f: TransactionFilter): Promise<SegmentDuration[]> {
  const segments = await segmentDurations(ctx.app.db, f, MAX_SCANNED_SEGMENTS + 1);
  if (segments.length > MAX_SCANNED_SEGMENTS) {
    throw new HttpError(400, `transaction.duration filters read single transactions: more than ${MAX_SCANNED_SEGMENTS} match in this window; narrow the period or the query`);
  }
  return segments;
}

/** Totals and sketches per (project, transaction) from the filter's segment spans, for a duration-filtered list. */
async function fromSegments(ctx: Ctx, f: TransactionFilter): Promise<Array<TransactionTotals & { sketch: DurationSketch }>> {
  const segments = await scannedSegments(ctx, f);
  const rows = new Map<string, TransactionTotals & { sketch: DurationSketch }>();
  for (const s of segments) {
    const key = transactionKey(s.projectId, s.transaction);
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { projectId: s.projectId, transaction: s.transaction, count: 0, failures: 0, durationSum: 0, sketch: DurationSketch.create() }));
    r.count++;
    if (isFailedStatus(s.status)) r.failures++;
    r.durationSum += s.durationMs;
    r.sketch.add(s.durationMs);
  }
  return [...rows.values()];
}

function requestedFields(ctx: Ctx): FieldSpec[] {
  const names = [...new Set(ctx.url.searchParams.getAll('field').map((f) => f.trim()).filter(Boolean))];
  if (names.length === 0) throw new HttpError(400, 'No columns selected: give at least one field, e.g. field=transaction&field=count()');
  if (names.length > MAX_FIELDS) throw new HttpError(400, `You can view up to ${MAX_FIELDS} fields at a time. Please delete some and try again.`);
  return names.map(fieldSpec);
}

function sortOf(ctx: Ctx, fields: FieldSpec[]): { field: FieldSpec; desc: boolean } {
  const q = ctx.url.searchParams;
  const raw = q.get('sort') ?? q.get('orderby');
  if (!raw) {
    const count = fields.find((f) => f.name === 'count()');
    return { field: count ?? fields[0]!, desc: count !== undefined };
  }
  const desc = raw.startsWith('-');
  const name = desc ? raw.slice(1) : raw;
  const field = fields.find((f) => f.name === name);
  if (!field) throw new HttpError(400, `Cannot sort by ${name}: sort by one of the requested fields (${fields.map((f) => f.name).join(', ')})`);
  return { field, desc };
}

/** `GET /api/0/organizations/{org}/events/?field=transaction&field=p95()&dataset=transactions…` */
export async function listTransactionEvents(ctx: Ctx): Promise<void> {
  refuseOtherDatasets(ctx);
  const names = [...new Set(ctx.url.searchParams.getAll('field').map((f) => f.trim()).filter(Boolean))];
  if (names.length <= MAX_FIELDS && isRowQuery(names)) return listTransactionRows(ctx, names);
  if (names.length <= MAX_FIELDS && isVitalQuery(names)) return listVitalRows(ctx, names);
  const fields = requestedFields(ctx);
  const sort = sortOf(ctx, fields);
  const req = await parseDiscoverRequest(ctx, fields.some((f) => f.transactionOnly));
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const slugs = new Map(req.projects.map((p) => [p.id, p.slug]));
  const minutes = (req.filter.until - req.filter.since) / 60_000;
  const needsSketch = fields.some((f) => f.quantile !== undefined);

  const toAggregate = (t: TransactionTotals): Aggregate => ({ ...t, project: slugs.get(t.projectId) ?? String(t.projectId), minutes, sketch: null });
  const fillSketches = async (rows: Aggregate[]): Promise<void> => {
    if (!needsSketch || rows.length === 0) return;
    const sketches = await transactionSketches(ctx.app.db, {
      ...req.filter,
      projectIds: [...new Set(rows.map((r) => r.projectId))],
      names: [...new Set(rows.map((r) => r.transaction))],
    });
    for (const r of rows) r.sketch = sketches.get(transactionKey(r.projectId, r.transaction)) ?? null;
  };

  const scanned = req.filter.durations ? await fromSegments(ctx, req.filter) : null;
  const rows = scanned ? scanned.map((t) => ({ ...toAggregate(t), sketch: t.sketch })) : (await transactionTotals(ctx.app.db, req.filter)).map(toAggregate);
  if (!scanned && sort.field.quantile !== undefined) await fillSketches(rows);
  const tieBreak = (a: Aggregate, b: Aggregate): number => compare(a.transaction, b.transaction) || a.projectId - b.projectId;
  rows.sort((a, b) => (sort.desc ? -1 : 1) * compare(sort.field.value(a), sort.field.value(b)) || tieBreak(a, b));
  const page = rows.slice(offset, offset + limit);
  if (!scanned && sort.field.quantile === undefined) await fillSketches(page);

  const data = page.map((r) => Object.fromEntries(fields.map((f) => [f.name, f.value(r)])));
  sendJson(ctx.res, 200, { data, meta: metaOf(fields) }, { link: linkHeader(ctx, offset, limit, rows.length > offset + limit) });
}
