/**
 * @module Performance (Sentry's Performance landing page): throughput and p95 over the period from
 * `events-stats`, and the transactions table from `events`, filtered by period, project, environment and part of
 * the name, sorted by any column; paged with the API's cursor. With no transactions at all it says how to turn
 * tracing on.
 */
import { parseLinkHeader } from '../lib/api-client.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { CodeBlock } from '../components/code-block.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { UrlPager } from '../components/url-pager.tsx';
import { discoverQuery, filtersOf, formatDuration, formatRate, series, type DiscoverTable, type MultiStats } from './performance/discover.ts';
import { PerfFilterBar } from './performance/perf-filter-bar.tsx';
import { SeriesChart } from './performance/series-chart.tsx';
import { TABLE_FIELDS, TransactionsTable } from './performance/transactions-table.tsx';

const PAGE = 25;
const DEFAULT_SORT = '-tpm()';

function TracingHelp() {
  return (
    <EmptyState title="No transactions yet">
      <p>
        Transactions arrive when an SDK has tracing turned on: set <code>tracesSampleRate</code> (1.0 sends every transaction; lower it in busy
        production services) when you initialise it, for example:
      </p>
      <CodeBlock title="Sentry.init" code={`Sentry.init({\n  dsn: '…',\n  tracesSampleRate: 1.0,\n});`} />
      <p>
        In the browser add <code>Sentry.browserTracingIntegration()</code> to <code>integrations</code> as well, so page loads and navigations are
        measured.
      </p>
    </EmptyState>
  );
}

export function PerformanceScreen() {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const filters = filtersOf(search);
  const sort = search.get('sort') ?? DEFAULT_SORT;
  const cursor = search.get('cursor') ?? undefined;
  const base = discoverQuery(filters, filters.search);
  const table = useApi<DiscoverTable>(`/organizations/${org}/events/`, { ...base, field: TABLE_FIELDS, sort, per_page: PAGE, cursor });
  const stats = useApi<MultiStats>(`/organizations/${org}/events-stats/`, { ...base, yAxis: ['tpm()', 'p95()'] });
  const pages = parseLinkHeader(table.headers?.get('link') ?? null);
  const go = (changes: Record<string, string | null | undefined>) => navigate(withParams(pathname, search, { cursor: null, ...changes }));
  // A project without transactions most likely has tracing off; an environment or a name that matches nothing does not say so.
  const filtered = Boolean(filters.environment || filters.search);
  const noData = table.data?.data.length === 0 && !cursor;

  return (
    <>
      <PageHeader title="Performance" sub="How fast your transactions are and how often they fail, from the traces your SDKs send." />
      <PerfFilterBar filters={filters} withSearch onChange={(c) => go(c)} />
      {noData ? null : stats.error ? (
        <ErrorState error={stats.error} onRetry={stats.reload} />
      ) : (
        <section className="perf-charts" aria-label="Over time" aria-busy={stats.loading}>
          <SeriesChart title="Throughput (tpm)" kind="bars" points={series(stats.data?.['tpm()'])} format={formatRate} />
          <SeriesChart title="p95 duration" kind="line" points={series(stats.data?.['p95()'])} format={formatDuration} />
        </section>
      )}
      {table.error ? (
        <ErrorState error={table.error} onRetry={table.reload} />
      ) : !table.data ? (
        <Loading label="Loading transactions…" />
      ) : noData ? (
        filtered ? (
          <EmptyState title="No transaction matches these filters">
            <p>Try another project, environment or a shorter part of the name, or a longer period.</p>
          </EmptyState>
        ) : (
          <TracingHelp />
        )
      ) : (
        <section className="card" aria-labelledby="transactions-title" aria-busy={table.loading}>
          <h2 id="transactions-title" className="card-title">
            Transactions
          </h2>
          <TransactionsTable rows={table.data.data} sort={sort} filters={filters} onSort={(s) => go({ sort: s })} />
          <UrlPager pages={pages} label="Transaction pages" previousText="Previous" nextText="Next" />
        </section>
      )}
    </>
  );
}
