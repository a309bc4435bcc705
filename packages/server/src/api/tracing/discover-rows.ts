/**
 * @module The Discover table's row mode for transactions: when every requested field is a field of one transaction
 * (`id`, `trace`, `transaction`, `project`, `project.id`, `transaction.duration`, `timestamp`, `transaction.op`,
 * `transaction.status`, `trace.span`), `GET …/events/` lists single transactions instead of aggregates — what
 * Sentry's transaction summary asks for its "slowest transactions" table (`sort=-transaction.duration`).
 * A transaction's `id` is its event id, or for a streamed SDK 11 segment (which has none) its span id.
 */
import { listSegments, type SegmentRow } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, parseCursor, parseLimit } from '../access.ts';
import { parseDiscoverRequest } from './discover-request.ts';
import type { FieldType } from './discover-fields.ts';

interface RowField {
  type: FieldType | 'date';
  unit: string | null;
  value(r: SegmentRow, project: string): string | number | null;
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
};

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
  if (key !== 'transaction.duration' && key !== 'timestamp') throw new HttpError(400, `Cannot sort single transactions by ${key}: sort by transaction.duration or timestamp`);
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const rows = await listSegments(ctx.app.db, req.filter, { by: key === 'timestamp' ? 'end' : 'duration', desc }, limit + 1, offset);
  const slugs = new Map(req.projects.map((p) => [p.id, p.slug]));
  const data = rows.slice(0, limit).map((r) => Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.value(r, slugs.get(r.projectId) ?? String(r.projectId))])));
  const meta = {
    fields: Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.type])),
    units: Object.fromEntries(names.map((n) => [n, ROW_FIELDS[n]!.unit])),
    isMetricsData: false,
    tips: {},
  };
  sendJson(ctx.res, 200, { data, meta }, { link: linkHeader(ctx, offset, limit, rows.length > limit) });
}
