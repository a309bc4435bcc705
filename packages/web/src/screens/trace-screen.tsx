/**
 * @module A trace (`/performance/trace/{trace_id}/`, Sentry's URL): the waterfall of its transactions and spans
 * across projects from `organizations/{org}/trace/{id}/`, its errors marked where they happened and linked to
 * their issues (those in no stored span listed above), and the chosen row's details (`?span=` in the URL).
 */
import { useMemo } from 'react';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { formatDuration } from './performance/discover.ts';
import { SpanDetail } from './trace/span-detail.tsx';
import { traceBounds, traceRows, type Trace } from './trace/trace-rows.ts';
import { errorHref, Waterfall } from './trace/waterfall.tsx';

export function TraceScreen({ traceId }: { traceId: string }) {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const trace = useApi<Trace>(`/organizations/${org}/trace/${traceId}/`);
  const rows = useMemo(() => (trace.data ? traceRows(trace.data) : []), [trace.data]);
  const selectedId = search.get('span');
  const selected = rows.find((r) => r.id === selectedId) ?? null;
  const bounds = traceBounds(rows);
  const errorCount = rows.reduce((n, r) => n + r.errors.length, 0) + (trace.data?.orphan_errors.length ?? 0);
  const projects = [...new Set(rows.map((r) => r.project))];
  const meta = trace.data?.meta;
  const spanCount = meta && meta.spans > meta.spans_returned ? `the earliest ${rows.length} of ${meta.spans} spans` : `${rows.length} spans`;

  return (
    <>
      <p className="perf-back">
        <Link to="/performance/">← Performance</Link>
      </p>
      <PageHeader
        title={<span className="perf-summary-title">Trace {traceId.slice(0, 8)}</span>}
        sub={trace.data ? `${spanCount} in ${projects.length} project${projects.length === 1 ? '' : 's'} (${projects.join(', ')}) · ${formatDuration((bounds.end - bounds.start) * 1000)} · ${errorCount} error${errorCount === 1 ? '' : 's'}` : traceId}
      />
      {trace.error ? (
        <ErrorState error={trace.error} onRetry={trace.reload} />
      ) : !trace.data ? (
        <Loading label="Loading the trace…" />
      ) : (
        <>
          {trace.data.orphan_errors.length > 0 && (
            <section className="card wf-orphan-errors" aria-labelledby="orphan-errors-title">
              <h2 id="orphan-errors-title" className="card-title">
                Errors in no stored span
              </h2>
              <ul>
                {trace.data.orphan_errors.map((e) => (
                  <li key={e.event_id}>
                    <Link to={errorHref(e)}>{e.issue ?? e.event_id}</Link> {e.title} <span className="muted">({e.project_slug})</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="card wf-card" aria-label="Waterfall">
            <Waterfall rows={rows} selected={selected?.id ?? null} onSelect={(id) => navigate(withParams(pathname, search, { span: id === selected?.id ? null : id }), { replace: true })} />
          </section>
          {selected && <SpanDetail row={selected} traceStart={bounds.start} />}
        </>
      )}
    </>
  );
}
