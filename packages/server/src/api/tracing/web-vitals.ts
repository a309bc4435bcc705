/**
 * @module Web vitals in the transactions Discover table, with Sentry's field names: `p50()`…`p99()` of
 * `measurements.<vital>` (`p75(measurements.lcp)`) and `count_web_vitals(measurements.<vital>, good|meh|poor|any)`,
 * for lcp, fcp, cls, inp, ttfb (and fid, fp). The aggregates hold no measurements, so such a list reads the
 * `MAX_VITAL_SEGMENTS` most recent segments of the filter: a segment's own measurements (a transaction event's,
 * or an SDK 11 segment's `browser.web_vital.*` attributes), else the last of its web-vital spans (SDK 11's
 * `ui.webvital.*` spans, v1 standalone spans' `measurements`) — one value per vital per segment. A value is poor
 * at or above the poor threshold, meh at or above the meh threshold, else good (Sentry's `count_web_vitals`);
 * percentiles are exact over the values read (nearest rank). They mix only with `transaction`, `project`,
 * `project.id`.
 */
import { webVitalSegments, type VitalSegment } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError, sendJson } from '../../http/respond.ts';
import { linkHeader, parseCursor, parseLimit } from '../access.ts';
import { compare } from './discover-fields.ts';
import { parseDiscoverRequest } from './discover-request.ts';
import { nearestRank } from './span-ops-breakdown.ts';

/** Segments one web-vitals list reads at most (the most recent of the window). */
export const MAX_VITAL_SEGMENTS = 5000;

/**
 * [meh, poor] per vital: Sentry's (lcp, fcp, fp, fid, cls, as `count_web_vitals` and its vital detail page use);
 * inp and ttfb, which those tables lack, from web.dev's, as Sentry's web vitals module scores them.
 */
export const VITAL_THRESHOLDS: Record<string, readonly [number, number]> = {
  lcp: [2500, 4000],
  fcp: [1000, 3000],
  fp: [1000, 3000],
  fid: [100, 300],
  cls: [0.1, 0.25],
  inp: [200, 500],
  ttfb: [800, 1800],
};

type Quality = 'good' | 'meh' | 'poor' | 'any';

interface VitalField {
  name: string;
  vital: string;
  quantile?: number;
  quality?: Quality;
}

const PERCENTILE = /^p(50|75|90|95|99|100)\(measurements\.([a-z]+)\)$/;
const COUNT = /^count_web_vitals\(\s*measurements\.([a-z]+)\s*,\s*([a-z]+)\s*\)$/;
const PLAIN = ['transaction', 'project', 'project.id'];

function vitalOf(name: string, vital: string): string {
  if (!(vital in VITAL_THRESHOLDS)) throw new HttpError(400, `Unknown measurement in ${name}: use one of ${Object.keys(VITAL_THRESHOLDS).map((v) => `measurements.${v}`).join(', ')}`);
  return vital;
}

/** The field as a web-vital field, or null when it is not one. */
export function vitalField(name: string): VitalField | null {
  const p = PERCENTILE.exec(name);
  if (p) return { name, vital: vitalOf(name, p[2]!), quantile: Number(p[1]) / 100 };
  const c = COUNT.exec(name);
  if (c) {
    if (!['good', 'meh', 'poor', 'any'].includes(c[2]!)) throw new HttpError(400, `${name}: the second argument of count_web_vitals is good, meh, poor or any`);
    return { name, vital: vitalOf(name, c[1]!), quality: c[2] as Quality };
  }
  return null;
}

/** True when some field is a web-vital field (so the list is computed from segments); other aggregates are a 400. */
export function isVitalQuery(names: string[]): boolean {
  const vitals = names.filter((n) => vitalField(n) !== null);
  if (vitals.length === 0) return false;
  const others = names.filter((n) => !PLAIN.includes(n) && vitalField(n) === null);
  if (others.length > 0) throw new HttpError(400, `web vital fields (${vitals.join(', ')}) mix only with ${PLAIN.join(', ')}, not with ${others.join(', ')}: ask for those in another request`);
  return true;
}

export function vitalQuality(vital: string, value: number): Exclude<Quality, 'any'> {
  const [meh, poor] = VITAL_THRESHOLDS[vital]!;
  return value >= poor ? 'poor' : value >= meh ? 'meh' : 'good';
}

const parse = (text: string | null): Record<string, unknown> => {
  if (!text) return {};
  const v = JSON.parse(text) as unknown;
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
};
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const measurementValue = (m: Record<string, unknown>, vital: string): number | undefined => {
  const e = m[vital];
  return typeof e === 'object' && e !== null ? finite((e as { value?: unknown }).value) : undefined;
};

/** One value per vital of a segment: its own measurement, else the last web-vital span's. */
export function segmentVitals(s: VitalSegment): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of s.children) {
    const m = parse(c.measurements);
    const data = c.measurements === null ? parse(c.data) : {};
    for (const vital of Object.keys(VITAL_THRESHOLDS)) {
      const v = measurementValue(m, vital) ?? finite(data[`browser.web_vital.${vital}.value`]);
      if (v !== undefined) out.set(vital, v);
    }
  }
  const own = parse(s.measurements);
  for (const vital of Object.keys(VITAL_THRESHOLDS)) {
    const v = measurementValue(own, vital);
    if (v !== undefined) out.set(vital, v);
  }
  return out;
}

interface VitalRow {
  projectId: number;
  transaction: string;
  values: Map<string, number[]>;
}

function valueOf(f: VitalField, r: VitalRow): number | null {
  const values = r.values.get(f.vital) ?? [];
  if (f.quantile !== undefined) return values.length > 0 ? nearestRank(values, f.quantile) : null;
  return f.quality === 'any' ? values.length : values.filter((v) => vitalQuality(f.vital, v) === f.quality).length;
}

/** `GET …/events/?field=transaction&field=p75(measurements.lcp)&field=count_web_vitals(measurements.lcp, good)…` */
export async function listVitalRows(ctx: Ctx, names: string[]): Promise<void> {
  const req = await parseDiscoverRequest(ctx, true);
  const segments = await webVitalSegments(ctx.app.db, req.filter, MAX_VITAL_SEGMENTS + 1);
  const read = segments.slice(0, MAX_VITAL_SEGMENTS);
  const rows = new Map<string, VitalRow>();
  for (const s of read) {
    const vitals = segmentVitals(s);
    if (vitals.size === 0) continue;
    const key = `${s.projectId}\u0000${s.transaction}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { projectId: s.projectId, transaction: s.transaction, values: new Map() }));
    for (const [vital, v] of vitals) r.values.set(vital, [...(r.values.get(vital) ?? []), v]);
  }
  for (const r of rows.values()) for (const list of r.values.values()) list.sort((a, b) => a - b);

  const slugs = new Map(req.projects.map((p) => [p.id, p.slug]));
  const value = (n: string, r: VitalRow): string | number | null => {
    const f = vitalField(n);
    if (f) return valueOf(f, r);
    return n === 'transaction' ? r.transaction : n === 'project' ? (slugs.get(r.projectId) ?? String(r.projectId)) : r.projectId;
  };
  const raw = ctx.url.searchParams.get('sort') ?? ctx.url.searchParams.get('orderby');
  const desc = raw?.startsWith('-') ?? false;
  const by = raw ? (desc ? raw.slice(1) : raw) : (names.includes('transaction') ? 'transaction' : names[0]!);
  if (!names.includes(by)) throw new HttpError(400, `Cannot sort by ${by}: sort by one of the requested fields (${names.join(', ')})`);
  const list = [...rows.values()].sort((a, b) => (desc ? -1 : 1) * compare(value(by, a), value(by, b)) || compare(a.transaction, b.transaction) || a.projectId - b.projectId);
  const limit = parseLimit(ctx, 50, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const data = list.slice(offset, offset + limit).map((r) => Object.fromEntries(names.map((n) => [n, value(n, r)])));
  const typeOf = (n: string): string => {
    const f = vitalField(n);
    if (!f) return n === 'project.id' ? 'integer' : 'string';
    return f.quality ? 'integer' : f.vital === 'cls' ? 'number' : 'duration';
  };
  const unitOf = (n: string): string | null => (typeOf(n) === 'duration' ? 'millisecond' : null);
  sendJson(
    ctx.res,
    200,
    {
      data,
      meta: {
        fields: Object.fromEntries(names.map((n) => [n, typeOf(n)])),
        units: Object.fromEntries(names.map((n) => [n, unitOf(n)])),
        isMetricsData: false,
        tips: {},
        dataset: 'transactions',
        segments: read.length,
        limit: MAX_VITAL_SEGMENTS,
        sampled: segments.length > MAX_VITAL_SEGMENTS,
      },
    },
    { link: linkHeader(ctx, offset, limit, list.length > offset + limit) },
  );
}
