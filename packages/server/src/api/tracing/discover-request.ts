/**
 * @module What the transactions Discover endpoints (`events`, `events-stats`) share: the projects (`project=<id>`,
 * repeatable; none or `-1` = every project the caller's teams can see, another's is a 403), `environment`, the
 * window (`statsPeriod`, or `start` + `end`; default 24h), `query` (`transaction:name`, `transaction:*part*`,
 * `release:`, `environment:`, each negated with `!`; `transaction.duration:>1s` and the other comparisons, with
 * Sentry's units; `event.type:transaction`; free text = part of the name) and the check that the
 * request is a transactions query at all: `dataset=transactions`, `event.type:transaction`, or a field only
 * transactions have. Error Discover is not served from here: anything else is a 400 saying so.
 */
import { parseSearchQuery, type SearchFilter } from '@faultline/pipeline';
import { MINUTE_MS, type DurationCondition, type ProjectRow, type TransactionFilter } from '@faultline/store';
import type { Ctx } from '../../http/router.ts';
import { HttpError } from '../../http/respond.ts';
import { orgFromParams, parseStatsPeriod, visibleProjects } from '../access.ts';
import { listParam, parseTime, pickProjects } from '../stats/time-range.ts';

/** Datasets a transactions query may name: Sentry's own, and the ones its Performance page sends. */
const TRANSACTION_DATASETS = ['transactions', 'discover', 'metrics', 'metricsEnhanced'];

export interface DiscoverRequest {
  projects: ProjectRow[];
  /** The filter with the window [since, until) widened to whole minutes. */
  filter: TransactionFilter;
  /** The window as asked, ms. */
  start: number;
  end: number;
}

interface ParsedQuery {
  names: string[];
  nameContains?: string;
  releases: string[];
  environments: string[];
  exclude: { names: string[]; nameContains: string[]; environments: string[]; releases: string[] };
  durations: DurationCondition[];
  transactionType: boolean;
}

const SUPPORTED_KEYS = 'transaction, !transaction, release, !release, environment, !environment, transaction.duration, event.type';
/** Sentry's duration units → ms (a bare number is ms). */
const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** `!transaction.duration:>1s` is `transaction.duration:<=1s`. */
const NEGATED_OP: Record<DurationCondition['op'], DurationCondition['op'] | null> = { '>': '<=', '<': '>=', '>=': '<', '<=': '>', '=': null };

const termOf = (f: SearchFilter): string => `${f.negated ? '!' : ''}${f.key}:${f.op === '=' ? '' : f.op}${f.value}`;

function durationOf(f: SearchFilter): DurationCondition {
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/.exec(f.value.trim());
  const unit = m ? DURATION_UNITS[m[2] || 'ms'] : undefined;
  if (!m || unit === undefined) throw new HttpError(400, `invalid search query: "${termOf(f)}" — a duration is a number with one of the units ${Object.keys(DURATION_UNITS).join(', ')} (e.g. transaction.duration:>1s)`);
  const op = f.negated ? NEGATED_OP[f.op] : f.op;
  if (!op) throw new HttpError(400, `invalid search query: "${termOf(f)}" — negate a duration comparison (e.g. !transaction.duration:>1s), not an exact duration`);
  return { op, ms: Number(m[1]) * unit };
}

function parseQuery(text: string): ParsedQuery {
  const parsed = parseSearchQuery(text);
  const out: ParsedQuery = { names: [], releases: [], environments: [], exclude: { names: [], nameContains: [], environments: [], releases: [] }, durations: [], transactionType: false };
  const contains = (part: string): void => {
    if (out.nameContains !== undefined && out.nameContains !== part) throw new HttpError(400, 'invalid search query: at most one partial transaction name');
    out.nameContains = part;
  };
  for (const f of parsed.filters) {
    if (f.key === 'transaction.duration') {
      out.durations.push(durationOf(f));
      continue;
    }
    if (!['event.type', 'transaction', 'release', 'environment'].includes(f.key)) {
      throw new HttpError(400, `invalid search query: unsupported key "${f.key}" (supported: ${SUPPORTED_KEYS})`);
    }
    if (f.op !== '=') throw new HttpError(400, `invalid search query: "${termOf(f)}" — only transaction.duration takes a comparison (>, <, >=, <=)`);
    if (f.key === 'event.type') {
      if (f.value !== 'transaction' || f.negated) throw new HttpError(400, `invalid search query: ${termOf(f)} — this endpoint answers transaction queries only (error Discover is not supported)`);
      out.transactionType = true;
    } else if (f.key === 'transaction') {
      const m = /^\*([^*]+)\*$/.exec(f.value);
      if (!m && f.value.includes('*')) throw new HttpError(400, `invalid search query: ${termOf(f)} — use an exact name or *part*`);
      if (f.negated) (m ? out.exclude.nameContains : out.exclude.names).push(m ? m[1]! : f.value);
      else if (m) contains(m[1]!);
      else out.names.push(f.value);
    } else {
      const list = f.key === 'release' ? 'releases' : 'environments';
      (f.negated ? out.exclude[list] : out[list]).push(f.value);
    }
  }
  if (parsed.text.length > 0) contains(parsed.text.join(' '));
  return out;
}

function windowOf(ctx: Ctx): { start: number; end: number } {
  const q = ctx.url.searchParams;
  const start = q.get('start');
  const end = q.get('end');
  if (start || end) {
    if (!start || !end) throw new HttpError(400, 'start and end go together; or use statsPeriod');
    const w = { start: parseTime('start', start), end: parseTime('end', end) };
    if (w.end <= w.start) throw new HttpError(400, 'end must be after start');
    return w;
  }
  const now = Date.now();
  return { start: now - parseStatsPeriod(q.get('statsPeriod') ?? '24h')!, end: now };
}

/** A dataset other than the transaction ones is a 400 (checked before the fields, whose errors would mislead). */
export function refuseOtherDatasets(ctx: Ctx): string | null {
  const dataset = ctx.url.searchParams.get('dataset');
  if (dataset !== null && !TRANSACTION_DATASETS.includes(dataset)) {
    throw new HttpError(400, `dataset "${dataset}" is not supported: Faultline answers transaction queries only (dataset=transactions)`);
  }
  return dataset;
}

/**
 * Parses the shared parameters. `transactionOnly` says whether a requested field (or yAxis) exists only for
 * transactions; `alignTo(window length)` gives the step the window is widened to whole multiples of (the
 * events-stats interval); by default a minute.
 */
export async function parseDiscoverRequest(ctx: Ctx, transactionOnly: boolean, alignTo: (windowMs: number) => number = () => MINUTE_MS): Promise<DiscoverRequest & { step: number }> {
  const q = ctx.url.searchParams;
  const dataset = refuseOtherDatasets(ctx);
  const query = parseQuery(q.get('query') ?? '');
  if (dataset !== 'transactions' && !query.transactionType && !transactionOnly) {
    throw new HttpError(400, 'only transaction queries are supported (error Discover is not): add dataset=transactions or event.type:transaction to the query');
  }
  const org = await orgFromParams(ctx);
  const projects = pickProjects(ctx, await visibleProjects(ctx, org.id));
  const { start, end } = windowOf(ctx);
  const align = alignTo(end - start);
  const since = Math.floor(start / align) * align;
  const until = Math.max(since + align, Math.ceil(end / align) * align);
  const environments = [...listParam(ctx, 'environment'), ...query.environments];
  return {
    projects,
    start,
    end,
    step: align,
    filter: {
      projectIds: projects.map((p) => p.id),
      since,
      until,
      ...(environments.length > 0 ? { environments } : {}),
      ...(query.releases.length > 0 ? { releases: query.releases } : {}),
      ...(query.names.length > 0 ? { names: query.names } : {}),
      ...(query.nameContains !== undefined ? { nameContains: query.nameContains } : {}),
      ...(Object.values(query.exclude).some((l) => l.length > 0) ? { exclude: query.exclude } : {}),
      ...(query.durations.length > 0 ? { durations: query.durations } : {}),
    },
  };
}
