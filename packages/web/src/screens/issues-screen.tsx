/**
 * @module The issues list. The URL holds the whole state (query, project, environment, period, sort, cursor), so a
 * link reproduces the view and Back undoes a filter. Keyboard: `/` search, `j`/`k` move, `x` select, Enter opens.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, parseLinkHeader } from '../lib/api-client.ts';
import type { Issue, Project } from '../lib/api-types.ts';
import { setToken } from '../lib/query-tokens.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { useHotkeys } from '../lib/use-hotkeys.ts';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { IssueFilters, type FilterState } from './issues/issue-filters.tsx';
import { IssueRow } from './issues/issue-row.tsx';
import { SearchBar } from './issues/search-bar.tsx';
import { UrlPager } from '../components/url-pager.tsx';

const PAGE = 25;
export const LAST_LIST_KEY = 'faultline.lastIssuesUrl';

export function IssuesScreen() {
  const org = useOrg();
  const { pathname, search, href } = useLocation();
  const state: FilterState = {
    // No `query` parameter at all means Sentry's default view; an empty one means "everything".
    query: search.has('query') ? (search.get('query') ?? '') : 'is:unresolved',
    project: search.get('project') ?? '',
    environment: search.get('environment') ?? '',
    statsPeriod: search.get('statsPeriod') ?? '',
    sort: search.get('sort') ?? 'date',
  };
  const cursor = search.get('cursor') ?? '';
  const projects = useApi<Project[]>(`/organizations/${org}/projects/`);
  const list = useApi<Issue[]>(`/organizations/${org}/issues/`, {
    query: state.query,
    project: state.project || undefined,
    environment: state.environment || undefined,
    statsPeriod: state.statsPeriod || undefined,
    sort: state.sort,
    cursor: cursor || undefined,
    limit: PAGE,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(-1);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const issues = list.data ?? [];
  const pages = parseLinkHeader(list.headers?.get('link') ?? null);

  useEffect(() => sessionStorage.setItem(LAST_LIST_KEY, href), [href]);
  useEffect(() => {
    setSelected(new Set());
    setFocus(-1);
  }, [list.data]);

  const go = (changes: Record<string, string | null>) => navigate(withParams(pathname, search, { cursor: null, ...changes }));
  const setParam = (name: string, value: string) => go({ [name]: value || null });
  const setQuery = (q: string) => go({ query: q });

  const moveFocus = (delta: number) => {
    if (!issues.length) return;
    const next = Math.min(issues.length - 1, Math.max(0, focus + delta));
    setFocus(next);
    listRef.current?.querySelectorAll<HTMLAnchorElement>('.issue-title')[next]?.focus();
  };
  useHotkeys({
    '/': () => searchRef.current?.focus(),
    j: () => moveFocus(1),
    k: () => moveFocus(focus < 0 ? 1 : -1),
    x: () => {
      const issue = issues[focus];
      if (issue) toggle(issue.id);
    },
  });

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allSelected = issues.length > 0 && issues.every((i) => selected.has(i.id));

  const bulk = async (status: 'resolved' | 'ignored' | 'unresolved') => {
    const ids = [...selected];
    setBusy(true);
    try {
      await api.put(`/organizations/${org}/issues/`, { status }, { id: ids });
      const verb = status === 'resolved' ? 'Resolved' : status === 'ignored' ? 'Ignored' : 'Unresolved';
      setNotice(`${verb} ${ids.length} issue${ids.length === 1 ? '' : 's'}.`);
      list.reload();
    } catch (err) {
      setNotice(`Could not update: ${err instanceof ApiError ? err.detail : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const projectIds = state.project ? [state.project] : [];
  const listSearch = '';
  const isDefault = state.query === 'is:unresolved' && !state.project && !state.environment && !state.statsPeriod;

  return (
    <>
      <PageHeader title="Issues" />
      <SearchBar ref={searchRef} value={state.query} projectIds={projectIds} onSearch={setQuery} />
      <IssueFilters state={state} projects={projects.data} onParam={setParam} onToken={(k, v) => setQuery(setToken(state.query, k, v))} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
      {notice && (
        <div className="toast" aria-hidden="true">
          {notice}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setNotice(null)} tabIndex={-1}>
            Dismiss
          </button>
        </div>
      )}
      <section className="card issue-list-card" aria-labelledby="issue-list-title" aria-busy={list.loading}>
        <h2 id="issue-list-title" className="visually-hidden">
          Matching issues
        </h2>
        <div className="issue-list-head">
          <input
            type="checkbox"
            className="issue-check"
            aria-label="Select all issues on this page"
            checked={allSelected}
            disabled={!issues.length}
            onChange={() => setSelected(allSelected ? new Set() : new Set(issues.map((i) => i.id)))}
          />
          <div className="bulk-actions" role="group" aria-label="Bulk actions">
            <button type="button" className="btn btn-small" disabled={!selected.size || busy} onClick={() => bulk('resolved')}>
              Resolve
            </button>
            <button type="button" className="btn btn-small" disabled={!selected.size || busy} onClick={() => bulk('ignored')}>
              Ignore
            </button>
            <button type="button" className="btn btn-small" disabled={!selected.size || busy} onClick={() => bulk('unresolved')}>
              Unresolve
            </button>
            {selected.size > 0 && <span className="muted">{selected.size} selected</span>}
          </div>
          <span className="col-head col-graph" aria-hidden="true">
            24 h
          </span>
          <span className="col-head col-count" aria-hidden="true">
            Events
          </span>
          <span className="col-head col-count" aria-hidden="true">
            Users
          </span>
        </div>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} invalidTitle="This search cannot run" />
        ) : !list.data ? (
          <Loading label="Loading issues…" />
        ) : issues.length === 0 ? (
          projects.data && projects.data.length === 0 ? (
            <EmptyState title="No projects yet">
              <p>
                <Link to="/projects/?new=1">Create a project</Link> and send an error with its DSN.
              </p>
            </EmptyState>
          ) : (
            <EmptyState title={isDefault ? 'No unresolved issues' : 'No issues match'}>
              {isDefault ? (
                <p>Nothing needs triage right now.</p>
              ) : (
                <button type="button" className="btn" onClick={() => navigate(pathname)}>
                  Reset filters
                </button>
              )}
            </EmptyState>
          )
        ) : (
          <ul className="issue-list" ref={listRef} aria-label="Issues">
            {issues.map((i, idx) => (
              <IssueRow
                key={i.id}
                issue={i}
                selected={selected.has(i.id)}
                focused={idx === focus}
                onToggle={() => toggle(i.id)}
                onFocus={() => setFocus(idx)}
                linkSearch={listSearch}
              />
            ))}
          </ul>
        )}
        <UrlPager pages={pages} label="Pages" previousText="← Previous" nextText="Next →" force={Boolean(cursor)} />
      </section>
      <p className="hint muted">
        <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> move · <kbd>x</kbd> select · <kbd>Enter</kbd> open
      </p>
    </>
  );
}
