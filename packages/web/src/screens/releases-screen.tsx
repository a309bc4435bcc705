/**
 * @module Releases, newest first: version (linking to its page), when it was created and released, the issues it
 * introduced and its projects. The URL holds the filter and the page.
 */
import { useState, type FormEvent } from 'react';
import { parseLinkHeader } from '../lib/api-client.ts';
import type { Release } from '../lib/api-types.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { ReleaseLink } from '../components/release-link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import { UrlPager } from '../components/url-pager.tsx';

const PAGE = 25;

export function ReleasesScreen() {
  const org = useOrg();
  const { pathname, search } = useLocation();
  const query = search.get('query') ?? '';
  const cursor = search.get('cursor') ?? undefined;
  const list = useApi<Release[]>(`/organizations/${org}/releases/`, { query: query || undefined, cursor, per_page: PAGE });
  const pages = parseLinkHeader(list.headers?.get('link') ?? null);
  const [text, setText] = useState(query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(withParams(pathname, search, { query: text.trim() || null, cursor: null }));
  };

  return (
    <>
      <PageHeader title="Releases" sub="Versions your SDKs report and sentry-cli creates, with the source maps uploaded for each." />
      <form className="release-filter" role="search" onSubmit={submit}>
        <label className="filter">
          <span className="visually-hidden">Filter releases by version</span>
          <input type="search" placeholder="Filter by version" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-small">
          Filter
        </button>
      </form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading releases…" />
      ) : list.data.length === 0 ? (
        <EmptyState title={query ? `No release matches “${query}”` : 'No releases yet'}>
          <p>
            A release appears when an event names it (the SDK's <code>release</code> option) or when sentry-cli creates it:{' '}
            <code>sentry-cli releases new &lt;version&gt;</code>, or <code>sentry-cli sourcemaps upload --release &lt;version&gt;</code>.
          </p>
        </EmptyState>
      ) : (
        <section className="card" aria-labelledby="releases-title" aria-busy={list.loading}>
          <h2 id="releases-title" className="card-title">
            {query ? `Releases matching “${query}”` : 'All releases'}
          </h2>
          <div className="table-wrap">
            <table className="table releases-table">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Created</th>
                  <th scope="col">Released</th>
                  <th scope="col" className="num">
                    New issues
                  </th>
                  <th scope="col">Projects</th>
                  <th scope="col">Last event</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Version">
                      <ReleaseLink version={r.version} className="mono" />
                    </td>
                    <td data-label="Created">
                      <TimeAgo date={r.dateCreated} />
                    </td>
                    <td data-label="Released">{r.dateReleased ? <TimeAgo date={r.dateReleased} /> : <span className="muted">not finalized</span>}</td>
                    <td data-label="New issues" className="num">
                      {r.newGroups}
                    </td>
                    <td data-label="Projects">{r.projects.length ? r.projects.map((p) => p.name).join(', ') : <span className="muted">—</span>}</td>
                    <td data-label="Last event">
                      <TimeAgo date={r.lastEvent} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <UrlPager pages={pages} label="Release pages" previousText="← Newer" nextText="Older →" />
        </section>
      )}
    </>
  );
}
