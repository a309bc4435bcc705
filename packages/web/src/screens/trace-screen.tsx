/**
 * @module A trace (`/performance/trace/{trace_id}/`, Sentry's URL): the waterfall of its transactions and spans
 * across projects from `organizations/{org}/trace/{id}/`, its errors marked where they happened and linked to
 * their issues (those in no stored span listed above), and the chosen row's details (`?span=` in the URL).
 * A huge trace comes in pages (the API's `cursor`; `?limit=` in the URL sets the spans per page): "Load more
 * spans" fetches the next page and merges it into the waterfall, its spans nested under their parents.
 */
import { useEffect, useMemo, useState } from 'react';
import { apiRequest } from '../lib/api-client.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { formatDuration } from './performance/discover.ts';
import { SpanDetail } from './trace/span-detail.tsx';
import { mergeTracePages, traceBounds, traceRows, type Trace } from './trace/trace-rows.ts';
import { errorHref, Waterfall } from './trace/waterfall.tsx';

export function TraceScreen({ traceId }: { traceId: string }) {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const limit = search.get('limit') ?? undefined;
  const first = useApi<Trace>(`/organizations/${org}/trace/${traceId}/`, { limit });
  const [more, setMore] = useState<{ pages: Trace[]; loading: boolean; error: Error | null }>({ pages: [], loading: false, error: null });
  useEffect(() => setMore({ pages: [], loading: false, error: null }), [first.data]);
  const data = useMemo(() => (first.data ? mergeTracePages([first.data, ...more.pages]) : undefined), [first.data, more.pages]);
  const trace = { ...first, data };
  const rows = useMemo(() => (data ? traceRows(data) : []), [data]);
  const next = (more.pages.at(-1) ?? first.data)?.meta?.next_cursor ?? null;
  const loadMore = () => {
    if (!next || more.loading) return;
    setMore((m) => ({ ...m, loading: true, error: null }));
    apiRequest<Trace>(`/organizations/${org}/trace/${traceId}/`, { query: { limit, cursor: next } }).then(
      (r) => setMore((m) => ({ pages: [...m.pages, r.data], loading: false, error: null })),
      (error: Error) => setMore((m) => ({ ...m, loading: false, error })),
    );
  };
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
            {next && meta && (
              <div className="wf-more">
                <button type="button" className="btn" onClick={loadMore} disabled={more.loading} aria-busy={more.loading}>
                  {more.loading ? 'Loading spans…' : 'Load more spans'}
                </button>
                <span className="muted">
                  {meta.spans_returned} of {meta.spans} spans shown
                </span>
                {more.error && <span role="alert">Could not load more spans: {more.error.message}</span>}
              </div>
            )}
          </section>
          {selected && <SpanDetail row={selected} traceStart={bounds.start} />}
        </>
      )}
    </>
  );
}
