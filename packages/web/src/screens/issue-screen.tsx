/** @module An issue: header with actions, then tabs for the event, the events list, tags and activity (tab in the URL). */
import { useCallback, useState } from 'react';
import type { IssueDetails, IssueTag } from '../lib/api-types.ts';
import { navigate, useLocation, withParams } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { NavLink } from '../components/link.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { ActivityList } from './issue/activity-list.tsx';
import { EventPanel } from './issue/event-panel.tsx';
import { EventsTab } from './issue/events-tab.tsx';
import { IssueHeader } from './issue/issue-header.tsx';
import { IssueReplays } from './issue/issue-replays.tsx';
import { MovedHereNotice, ReprocessNotice } from './issue/reprocess-notice.tsx';
import { TagDistribution } from './issue/tag-distribution.tsx';
import { TagsTab } from './issue/tags-tab.tsx';
import { useReprocess } from './issue/use-reprocess.ts';

export type IssueTab = 'details' | 'events' | 'tags' | 'activity';

export function IssueScreen({ issueId, tab, eventId }: { issueId: string; tab: IssueTab; eventId?: string }) {
  const issue = useApi<IssueDetails>(`/issues/${issueId}/`);
  const tags = useApi<IssueTag[]>(tab === 'details' ? `/issues/${issueId}/tags/` : null);
  const { pathname, search } = useLocation();
  // Reprocessing changes the events: the event panel remounts (and reloads) with a new key.
  const [eventKey, setEventKey] = useState(0);
  const { reload: reloadIssue } = issue;
  const { reload: reloadTags } = tags;
  const reprocessed = useCallback(() => {
    reloadIssue();
    reloadTags();
    setEventKey((k) => k + 1);
  }, [reloadIssue, reloadTags]);
  const reprocess = useReprocess(issueId, issue.data?.shortId ?? issueId, reprocessed);
  if (issue.error) return <ErrorState error={issue.error} onRetry={issue.reload} />;
  if (!issue.data) return <Loading label="Loading issue…" />;
  const i = issue.data;
  const base = `/issues/${issueId}`;
  return (
    <>
      <IssueHeader issue={i} onChange={issue.reload} onReprocess={reprocess.run} reprocessing={reprocess.busy} />
      <ReprocessNotice issueId={issueId} result={reprocess.result} error={reprocess.error} onDismiss={reprocess.dismiss} />
      {search.get('reprocessed') !== null && (
        <MovedHereNotice
          moved={search.get('reprocessed')!}
          from={search.get('from') ?? ''}
          onDismiss={() => navigate(withParams(pathname, search, { reprocessed: null, from: null }), { replace: true })}
        />
      )}
      <nav className="tabs" aria-label="Issue sections">
        <NavLink to={`${base}/`} exact aria-current={tab === 'details' ? 'page' : undefined}>
          Details
        </NavLink>
        <NavLink to={`${base}/events/`} exact>
          Events <span className="tab-count">{i.count}</span>
        </NavLink>
        <NavLink to={`${base}/tags/`}>Tags</NavLink>
        <NavLink to={`${base}/activity/`}>
          Activity <span className="tab-count">{i.activity.length}</span>
        </NavLink>
      </nav>
      {tab === 'details' && (
        <div className="issue-layout">
          <div className="issue-main-col">
            <EventPanel
              key={eventKey}
              issueId={issueId}
              eventId={eventId ?? 'latest'}
              projectSlug={i.project.slug}
              onReprocess={() => void reprocess.run()}
              reprocessing={reprocess.busy}
            />
          </div>
          <aside className="issue-side" aria-label="Issue summary">
            <section className="card">
              <h2 className="card-title">Tag distribution</h2>
              {tags.error ? (
                <p className="muted">Could not load tags.</p>
              ) : !tags.data ? (
                <Loading label="Loading tags…" />
              ) : tags.data.length === 0 ? (
                <p className="muted">No tags yet.</p>
              ) : (
                <TagDistribution tags={tags.data} limit={4} />
              )}
            </section>
            <IssueReplays issueId={issueId} />
            <section className="card">
              <h2 className="card-title">Activity</h2>
              <ActivityList activity={i.activity.slice(0, 6)} />
            </section>
          </aside>
        </div>
      )}
      {tab === 'events' && <EventsTab issueId={issueId} />}
      {tab === 'tags' && <TagsTab issueId={issueId} />}
      {tab === 'activity' && (
        <section className="card" aria-label="Activity">
          <ActivityList activity={i.activity} />
        </section>
      )}
    </>
  );
}
