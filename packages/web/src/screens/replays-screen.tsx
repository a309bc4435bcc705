/**
 * @module The organization's session replays, newest first: user, first URL, duration, errors, browser and OS,
 * started. The URL holds the project filter, the search (passed to the API as Sentry's `query`) and the page.
 */
import { useState, type FormEvent } from 'react';
import { parseLinkHeader } from '../lib/api-client.ts';
import type { Project, Replay } from '../lib/api-types.ts';
import { formatDuration } from '../lib/format-time.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import { UrlPager } from '../components/url-pager.tsx';
import { platformOf } from './replays/replay-labels.ts';

const PAGE = 25;

export function ReplaysScreen() {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const query = search.get('query') ?? '';
  const project = search.get('project') ?? '';
  const cursor = search.get('cursor') ?? undefined;
  const projects = useApi<Project[]>(`/organizations/${org}/projects/`);
  const list = useApi<{ data: Replay[] }>(`/organizations/${org}/replays/`, { query: query || undefined, project: project || undefined, cursor, per_page: PAGE });
  const pages = parseLinkHeader(list.headers?.get('link') ?? null);
  const [text, setText] = useState(query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(withParams(pathname, search, { query: text.trim() || null, cursor: null }));
  };
  const slugOf = (id: string) => projects.data?.find((p) => p.id === id)?.slug ?? id;
  const filtered = Boolean(query || project);

  return (
    <>
      <PageHeader title="Replays" sub="Sessions the browser SDK's replay integration recorded, masked as the SDK sent them." />
      <form className="release-filter filters" role="search" onSubmit={submit}>
        <label className="filter">
          <span className="filter-label">Project</span>
          <select name="project" value={project} onChange={(e) => navigate(withParams(pathname, search, { project: e.target.value || null, cursor: null }))}>
            <option value="">All projects</option>
            {projects.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter replay-search">
          <span className="filter-label">Search</span>
          <input type="search" placeholder="user.email:… url:… count_errors:>0" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-small">
          Search
        </button>
      </form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} invalidTitle="This search cannot run" />
      ) : !list.data ? (
        <Loading label="Loading replays…" />
      ) : list.data.data.length === 0 ? (
        <EmptyState title={filtered ? 'No replay matches' : 'No replays yet'}>
          <p>
            Replays arrive from <code>@sentry/browser</code> with <code>Sentry.replayIntegration()</code> and{' '}
            <code>replaysSessionSampleRate</code> or <code>replaysOnErrorSampleRate</code> set above 0.
          </p>
        </EmptyState>
      ) : (
        <section className="card" aria-labelledby="replays-title" aria-busy={list.loading}>
          <h2 id="replays-title" className="card-title">
            {filtered ? 'Matching replays' : 'All replays'}
          </h2>
          <div className="table-wrap">
            <table className="table replays-table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">First URL</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col" className="num">
                    Errors
                  </th>
                  <th scope="col">Browser / OS</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((r) => (
                  <tr key={r.id}>
                    <td data-label="User">
                      <div>
                        <Link to={`/replays/${r.id}/`} className="replay-user">
                          {r.user.display_name ?? 'Anonymous'}
                        </Link>
                        <span className="muted replay-project">{slugOf(r.project_id)}</span>
                      </div>
                    </td>
                    <td data-label="First URL" className="replay-url mono">
                      {r.urls[0] ?? '—'}
                    </td>
                    <td data-label="Duration" className="num">
                      {formatDuration(r.duration)}
                    </td>
                    <td data-label="Errors" className="num">
                      {r.count_errors}
                    </td>
                    <td data-label="Browser / OS">{platformOf(r)}</td>
                    <td data-label="Started">
                      <TimeAgo date={r.started_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <UrlPager pages={pages} label="Replay pages" previousText="← Newer" nextText="Older →" />
        </section>
      )}
    </>
  );
}
