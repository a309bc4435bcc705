/**
 * @module What the transactions Discover endpoints (`events`, `events-stats`) share: the projects (`project=<id>`,
 * repeatable; none or `-1` = every project the caller's teams can see, another's is a 403), `environment`, the
 * window (`statsPeriod`, or `start` + `end`; default 24h), `query` (`transaction:name`, `transaction:*part*`,
 * `release:`, `environment:`, `event.type:transaction`, free text = part of the name) and the check that the
 * request is a transactions query at all: `dataset=transactions`, `event.type:transaction`, or a field only
 * transactions have. Error Discover is not served from here: anything else is a 400 saying so.
 */
import { parseSearchQuery } from '@faultline/pipeline';
import { MINUTE_MS, type ProjectRow, type TransactionFilter } from '@faultline/store';
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
  transactionType: boolean;
}

function parseQuery(text: string): ParsedQuery {
  const parsed = parseSearchQuery(text);
  const out: ParsedQuery = { names: [], releases: [], environments: [], transactionType: false };
  const contains = (part: string): void => {
    if (out.nameContains !== undefined && out.nameContains !== part) throw new HttpError(400, 'invalid search query: at most one partial transaction name');
    out.nameContains = part;
  };
  for (const f of parsed.filters) {
    if (f.negated || f.op !== '=') throw new HttpError(400, `invalid search query: "${f.negated ? '!' : ''}${f.key}:${f.op === '=' ? '' : f.op}${f.value}" — only plain key:value terms are supported`);
    if (f.key === 'event.type') {
      if (f.value !== 'transaction') throw new HttpError(400, `invalid search query: event.type:${f.value} — this endpoint answers transaction queries only (error Discover is not supported)`);
      out.transactionType = true;
    } else if (f.key === 'transaction') {
      const m = /^\*([^*]+)\*$/.exec(f.value);
      if (m) contains(m[1]!);
      else if (f.value.includes('*')) throw new HttpError(400, `invalid search query: transaction:${f.value} — use an exact name or *part*`);
      else out.names.push(f.value);
    } else if (f.key === 'release') out.releases.push(f.value);
    else if (f.key === 'environment') out.environments.push(f.value);
    else throw new HttpError(400, `invalid search query: unsupported key "${f.key}" (supported: transaction, release, environment, event.type)`);
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
    },
  };
}
