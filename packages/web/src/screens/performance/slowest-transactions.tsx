/**
 * @module The transaction summary's "Slowest transactions": single transactions of the name in the period, slowest
 * first (the Discover table's row mode, `sort=-transaction.duration`), each opening its trace at its own span.
 */
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Query } from '../../lib/api-client.ts';
import { formatDuration, type DiscoverTable } from './discover.ts';

const FIELDS = ['id', 'trace', 'trace.span', 'transaction.duration', 'timestamp'];

export function SlowestTransactions(props: { query: Query }) {
  const org = useOrg();
  const rows = useApi<DiscoverTable>(`/organizations/${org}/events/`, { ...props.query, field: FIELDS, sort: '-transaction.duration', per_page: '10' });
  return (
    <section className="card perf-slowest" aria-labelledby="perf-slowest-title">
      <h2 id="perf-slowest-title" className="card-title">
        Slowest transactions
      </h2>
      {rows.error ? (
        <ErrorState error={rows.error} onRetry={rows.reload} />
      ) : !rows.data ? (
        <Loading label="Loading the slowest transactions…" />
      ) : rows.data.data.length === 0 ? (
        <p className="muted perf-slowest-empty">No single transactions are stored for this period (their spans age out with raw data).</p>
      ) : (
        <div className="table-wrap">
          <table className="table perf-table">
            <thead>
              <tr>
                <th scope="col">Trace</th>
                <th scope="col" className="num">
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
                  <td className="num">{formatDuration(r['transaction.duration'] ?? null)}</td>
                  <td>
                    <TimeAgo date={String(r.timestamp)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
