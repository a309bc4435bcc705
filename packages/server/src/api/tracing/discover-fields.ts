/**
 * @module The Discover fields Faultline answers for transactions, from the per-minute aggregates: `transaction`,
 * `project`, `project.id`, `count()`, `tpm()`, `p50()`/`p75()`/`p95()`/`p99()`/`p100()` (also spelled
 * `p95(transaction.duration)`), `avg(transaction.duration)`, `failure_rate()`, `failure_count()`; each with
 * Sentry's meta type and unit. Percentiles come from the merged duration sketch (within its 1 % relative error),
 * everything else is exact.
 */
import type { DurationSketch } from '@faultline/pipeline';
import { HttpError } from '../../http/respond.ts';

export type FieldType = 'string' | 'integer' | 'number' | 'duration' | 'rate' | 'percentage';

export interface FieldSpec {
  /** The field as the caller spelled it: the row key and meta key. */
  name: string;
  type: FieldType;
  unit: string | null;
  /** Only the transactions dataset has it (so a query naming it is a transactions query). */
  transactionOnly: boolean;
  /** The percentile it needs from the sketch, if any. */
  quantile?: number;
  value(a: Aggregate): string | number | null;
}

/** What one row (or one time bucket) knows. */
export interface Aggregate {
  transaction: string;
  project: string;
  projectId: number;
  count: number;
  failures: number;
  durationSum: number;
  /** Window length in minutes, for tpm(). */
  minutes: number;
  sketch: DurationSketch | null;
}

const PERCENTILE = /^p(50|75|90|95|99|100)\((transaction\.duration)?\)$/;
const spec = (name: string, type: FieldType, unit: string | null, transactionOnly: boolean, value: FieldSpec['value'], quantile?: number): FieldSpec => ({
  name, type, unit, transactionOnly, value, ...(quantile === undefined ? {} : { quantile }),
});

/** Field names as the error detail lists them. */
export const SUPPORTED_FIELDS = ['transaction', 'project', 'project.id', 'count()', 'tpm()', 'p50()', 'p75()', 'p90()', 'p95()', 'p99()', 'p100()', 'avg(transaction.duration)', 'failure_rate()', 'failure_count()'];

export function fieldSpec(name: string): FieldSpec {
  const p = PERCENTILE.exec(name);
  if (p) {
    const q = Number(p[1]) / 100;
    return spec(name, 'duration', 'millisecond', true, (a) => (a.count > 0 && a.sketch ? a.sketch.quantile(q) : 0), q);
  }
  switch (name) {
    case 'transaction':
      return spec(name, 'string', null, false, (a) => a.transaction);
    case 'project':
      return spec(name, 'string', null, false, (a) => a.project);
    case 'project.id':
      return spec(name, 'integer', null, false, (a) => a.projectId);
    case 'count()':
      return spec(name, 'integer', null, false, (a) => a.count);
    case 'tpm()':
      return spec(name, 'rate', '1/minute', false, (a) => (a.minutes > 0 ? a.count / a.minutes : 0));
    case 'avg(transaction.duration)':
      return spec(name, 'duration', 'millisecond', true, (a) => (a.count > 0 ? a.durationSum / a.count : 0));
    case 'failure_rate()':
      return spec(name, 'percentage', null, true, (a) => (a.count > 0 ? a.failures / a.count : 0));
    case 'failure_count()':
      return spec(name, 'integer', null, true, (a) => a.failures);
    default:
      throw new HttpError(400, `Unknown field: ${name}. Faultline answers these transaction fields: ${SUPPORTED_FIELDS.join(', ')}`);
  }
}

/** Sentry's response `meta`: `fields` (type per field) and `units`. */
export function metaOf(fields: FieldSpec[]): Record<string, unknown> {
  return {
    fields: Object.fromEntries(fields.map((f) => [f.name, f.type])),
    units: Object.fromEntries(fields.map((f) => [f.name, f.unit])),
    isMetricsData: false,
    tips: {},
    dataset: 'transactions',
  };
}

/** Sort order of two field values: null first, numbers numerically, the rest as strings. */
export function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;
}
