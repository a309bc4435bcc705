/**
 * @module A transaction's summary (Sentry's `/performance/summary/?project=…&transaction=…`): its p50, p75, p95
 * and p99, count, throughput and failure rate over the period, and its durations and throughput over time; the
 * same `events` / `events-stats` reads as the Performance page, narrowed to one project and one exact name; its
 * web vitals (p75 and the good/meh/poor split); operation breakdown (share of span time per op category); and its slowest single transactions, each opening its trace.
 */
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { discoverQuery, filtersOf, formatCount, formatDuration, formatPercent, formatRate, series, transactionTerm, type DiscoverTable, type MultiStats } from './performance/discover.ts';
import { PerfFilterBar } from './performance/perf-filter-bar.tsx';
import { SeriesChart } from './performance/series-chart.tsx';
import { SlowestTransactions } from './performance/slowest-transactions.tsx';
import { SpanOpsBreakdownCard } from './performance/span-ops-breakdown.tsx';
import { WebVitalsCard } from './performance/web-vitals.tsx';

const FIGURES: Array<[string, string, (v: number | string | null) => string]> = [
  ['p50()', 'p50', formatDuration],
  ['p75()', 'p75', formatDuration],
  ['p95()', 'p95', formatDuration],
  ['p99()', 'p99', formatDuration],
  ['count()', 'Count', formatCount],
  ['tpm()', 'TPM', formatRate],
  ['failure_rate()', 'Failure rate', formatPercent],
];

export function TransactionSummaryScreen() {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const filters = filtersOf(search);
  const transaction = search.get('transaction') ?? '';
  const q = discoverQuery(filters, transaction ? transactionTerm(transaction) : '');
  const ready = Boolean(transaction && filters.project);
  const row = useApi<DiscoverTable>(ready ? `/organizations/${org}/events/` : null, { ...q, field: ['transaction', 'project', ...FIGURES.map(([f]) => f)] });
  const stats = useApi<MultiStats>(ready ? `/organizations/${org}/events-stats/` : null, { ...q, yAxis: ['p50()', 'p95()', 'tpm()'] });
  const figures = row.data?.data[0];
  const back = withParams('/performance/', new URLSearchParams(), { statsPeriod: filters.statsPeriod === '24h' ? null : filters.statsPeriod, project: filters.project, environment: filters.environment });

  if (!ready) {
    return (
      <EmptyState title="Which transaction?">
        <p>
          This page needs a project and a transaction name. <Link to="/performance/">Pick one on the Performance page</Link>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="perf-back">
        <Link to={back}>← Performance</Link>
      </p>
      <PageHeader title={<span className="perf-summary-title">{transaction}</span>} sub={figures ? `Transaction in ${String(figures.project)}` : 'Transaction summary'} />
      <PerfFilterBar filters={filters} withProject={false} onChange={(c) => navigate(withParams(pathname, search, c))} />
      {row.error ? (
        <ErrorState error={row.error} onRetry={row.reload} />
      ) : !row.data ? (
        <Loading label="Loading the transaction…" />
      ) : !figures ? (
        <EmptyState title="No samples of this transaction in the period">
          <p>Try a longer period or another environment.</p>
        </EmptyState>
      ) : (
        <>
          <dl className="perf-figures" aria-label="Summary">
            {FIGURES.map(([field, label, format]) => (
              <div key={field} className="perf-figure">
                <dt>{label}</dt>
                <dd>{format(figures[field] ?? null)}</dd>
              </div>
            ))}
          </dl>
          {stats.error ? (
            <ErrorState error={stats.error} onRetry={stats.reload} />
          ) : (
            <section className="perf-charts perf-charts-3" aria-label="Over time" aria-busy={stats.loading}>
              <SeriesChart title="p50 duration" kind="line" points={series(stats.data?.['p50()'])} format={formatDuration} />
              <SeriesChart title="p95 duration" kind="line" points={series(stats.data?.['p95()'])} format={formatDuration} />
              <SeriesChart title="Throughput (tpm)" kind="bars" points={series(stats.data?.['tpm()'])} format={formatRate} />
            </section>
          )}
          <WebVitalsCard query={q} />
          <SpanOpsBreakdownCard query={q} />
          <SlowestTransactions query={q} />
        </>
      )}
    </>
  );
}
