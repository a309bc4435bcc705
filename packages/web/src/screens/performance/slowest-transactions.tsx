/**
 * @module The transaction summary's "Slowest transactions": single transactions of the name in the period, slowest
 * first (the Discover table's row mode, `sort=-transaction.duration`), each opening its trace at its own span.
 * The operation filter (Sentry's span-op breakdown filter, `?breakdown=http` in the URL) sorts them by their time
 * in one op category instead (`sort=-spans.http`) and shows that time; those without such spans are left out.
 */
import { navigate, useLocation, withParams } from '../../lib/router.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Query } from '../../lib/api-client.ts';
import { formatCount, formatDuration, type DiscoverTable } from './discover.ts';

const FIELDS = ['id', 'trace', 'trace.span', 'transaction.duration', 'timestamp'];
/** The op categories of the operation breakdown the list can be sorted by. */
export const BREAKDOWN_OPS = ['http', 'db', 'browser', 'resource', 'ui'];

type SlowestTable = DiscoverTable & { meta: { segments?: number; sampled?: boolean } };

export function SlowestTransactions(props: { query: Query }) {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const raw = search.get('breakdown') ?? '';
  const op = BREAKDOWN_OPS.includes(raw) ? raw : '';
  const rows = useApi<SlowestTable>(`/organizations/${org}/events/`, {
    ...props.query,
    field: op ? [...FIELDS, `spans.${op}`] : FIELDS,
    sort: op ? `-spans.${op}` : '-transaction.duration',
    per_page: '10',
  });
  return (
    <section className="card perf-slowest" aria-labelledby="perf-slowest-title">
      <div className="perf-slowest-head">
        <h2 id="perf-slowest-title" className="card-title">
          Slowest transactions
        </h2>
        <FilterSelect
          name="breakdown"
          label="Operation"
          value={op}
          onChange={(v) => navigate(withParams(pathname, search, { breakdown: v || null }))}
          options={[['', 'Whole transaction'], ...BREAKDOWN_OPS.map((o): [string, string] => [o, `${o} time`])]}
        />
      </div>
      {rows.error ? (
        <ErrorState error={rows.error} onRetry={rows.reload} />
      ) : !rows.data ? (
        <Loading label="Loading the slowest transactions…" />
      ) : rows.data.data.length === 0 ? (
        <p className="muted perf-slowest-empty">
          {op ? `No transaction of this period has ${op} spans.` : 'No single transactions are stored for this period (their spans age out with raw data).'}
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table perf-table">
              <thead>
                <tr>
                  <th scope="col">Trace</th>
                  {op ? (
                    <th scope="col" className="num" aria-sort="descending">
                      {op} time
                    </th>
                  ) : null}
                  <th scope="col" className="num" aria-sort={op ? undefined : 'descending'}>
                    Duration
                  </th>
                  <th scope="col">Ended</th>
                </tr>
              </thead>
              <tbody>
                {rows.data.data.map((r) => (
                  <tr key={String(r.id)}>
                    <th scope="row" className="perf-name">
                      <Link to={`/performance/trace/${String(r.trace)}/?span=${String(r['trace.span'])}`}>{String(r.trace).slice(0, 8)}</Link>
                    </th>
                    {op ? <td className="num">{formatDuration(r[`spans.${op}`] ?? null)}</td> : null}
                    <td className="num">{formatDuration(r['transaction.duration'] ?? null)}</td>
                    <td>
                      <TimeAgo date={String(r.timestamp)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.data.meta.sampled ? <p className="muted perf-ops-note">From the {formatCount(rows.data.meta.segments)} most recent transactions of the period.</p> : null}
        </>
      )}
    </section>
  );
}
