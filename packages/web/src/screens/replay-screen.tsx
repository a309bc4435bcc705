/**
 * @module One replay: who, where and how long, the player fed with the decompressed segments from the API's
 * `?download`, the timeline of what the user did, and the replay's errors linking to their issues. `?t=<seconds>`
 * opens the player at that moment, `?error=<event id>` at that error's (the issue page links so). Delete asks first,
 * then goes back to the Replays page.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api, apiRequest } from '../lib/api-client.ts';
import type { Project, Replay } from '../lib/api-types.ts';
import { formatDuration } from '../lib/format-time.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useOrg } from '../lib/session.tsx';
import { useApi } from '../lib/use-api.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { Link } from '../components/link.tsx';
import { PageHeader } from '../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/states.tsx';
import { TimeAgo } from '../components/time-ago.tsx';
import { platformOf } from './replays/replay-labels.ts';
import { orderedEvents, timelineItems, type RecordedEvent, type ReplayError } from './replays/replay-timeline-items.ts';

// rrweb is most of the player's weight: it loads with the first replay opened, not with the app.
const ReplayPlayer = lazy(() => import('./replays/replay-player.tsx').then((m) => ({ default: m.ReplayPlayer })));

/** At most this many of a replay's errors are fetched (each is one event request). */
const MAX_ERRORS = 50;

/** The replay's first error events (for their issue and moment); one that is gone is left out. */
function useReplayErrors(org: string, slug: string | undefined, ids: string[] | undefined): ReplayError[] | undefined {
  const [errors, setErrors] = useState<ReplayError[]>();
  const key = slug && ids ? `${slug}/${ids.join(',')}` : null;
  useEffect(() => {
    if (!key) return;
    const ctl = new AbortController();
    void Promise.all(
      ids!.slice(0, MAX_ERRORS).map((id) => apiRequest<ReplayError>(`/projects/${org}/${slug}/events/${id}/`, { signal: ctl.signal }).then((r) => r.data, () => null)),
    ).then((found) => {
      if (!ctl.signal.aborted) setErrors(found.filter((e): e is ReplayError => e !== null));
    });
    return () => ctl.abort();
  }, [key]);
  return key ? errors : undefined;
}

export function ReplayScreen({ replayId }: { replayId: string }) {
  const org = useOrg();
  const { search } = useLocation();
  const replay = useApi<{ data: Replay }>(`/organizations/${org}/replays/${replayId}/`);
  const projects = useApi<Project[]>(`/organizations/${org}/projects/`);
  const r = replay.data?.data;
  const slug = r && projects.data?.find((p) => p.id === r.project_id)?.slug;
  const segments = useApi<RecordedEvent[][]>(slug ? `/projects/${org}/${slug}/replays/${replayId}/recording-segments/` : null, { download: '' });
  const errors = useReplayErrors(org, slug, r?.error_ids);
  const events = useMemo(() => (segments.data ? orderedEvents(segments.data) : undefined), [segments.data]);
  const items = useMemo(() => (events && errors ? timelineItems(events, errors) : undefined), [events, errors]);
  const [deleteError, setDeleteError] = useState<string>();

  const remove = async () => {
    try {
      await api.del(`/projects/${org}/${slug}/replays/${replayId}/`);
      navigate('/replays/');
    } catch (err) {
      setDeleteError(err instanceof Error ? err.message : String(err));
    }
  };

  if (replay.error) return <ErrorState error={replay.error} onRetry={replay.reload} />;
  if (projects.error) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (!r) return <Loading label="Loading replay…" />;
  const errorParam = search.get('error');
  const startAt = errorParam ? (items?.find((i) => i.eventId === errorParam)?.offset ?? 0) : Math.max(0, Number(search.get('t') ?? 0) * 1000) || 0;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/replays/">Replays</Link>
      </p>
      <PageHeader title={r.user.display_name ?? 'Anonymous'} sub={<span className="mono replay-url">{r.urls[0] ?? '—'}</span>}>
        <ConfirmButton
          className="btn btn-danger-outline"
          title="Delete this replay?"
          message={<p>The recording and its {r.count_segments === 1 ? 'one segment are' : `${r.count_segments} segments are`} deleted. The errors it linked to stay in their issues.</p>}
          confirmLabel="Delete replay"
          onConfirm={remove}
          disabled={!slug}
        >
          Delete
        </ConfirmButton>
      </PageHeader>
      {deleteError && (
        <p className="form-error" role="alert">
          The replay was not deleted: {deleteError}
        </p>
      )}
      <dl className="replay-meta">
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(r.duration)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{r.count_errors}</dd>
        </div>
        <div>
          <dt>Dead / rage clicks</dt>
          <dd>
            {r.count_dead_clicks} / {r.count_rage_clicks}
          </dd>
        </div>
        <div>
          <dt>Browser / OS</dt>
          <dd>{platformOf(r)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <TimeAgo date={r.started_at} />
          </dd>
        </div>
        <div>
          <dt>Project</dt>
          <dd>{slug ?? r.project_id}</dd>
        </div>
        {r.environment && (
          <div>
            <dt>Environment</dt>
            <dd>{r.environment}</dd>
          </div>
        )}
      </dl>
      {segments.error ? (
        <ErrorState error={segments.error} onRetry={segments.reload} />
      ) : !events || !items ? (
        <Loading label="Loading the recording…" />
      ) : !events.some((e) => e.type === 2) ? (
        <EmptyState title="Nothing to play yet">
          <p>The recording has no full snapshot of the page; its first segment has not arrived.</p>
        </EmptyState>
      ) : (
        <Suspense fallback={<Loading label="Loading the player…" />}>
          <ReplayPlayer events={events} items={items} startAt={startAt} />
        </Suspense>
      )}
      {errors && errors.length > 0 && (
        <section className="card replay-errors" aria-labelledby="replay-errors-title">
          <h2 id="replay-errors-title" className="card-title">
            Errors in this replay
          </h2>
          <ul>
            {errors.map((e) => (
              <li key={e.eventID}>
                {e.groupID ? <Link to={`/issues/${e.groupID}/events/${e.eventID}/`}>{e.title}</Link> : e.title} <TimeAgo date={e.dateCreated} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
