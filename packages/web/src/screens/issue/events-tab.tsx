/** @module The issue's events, newest first: time, user, release and environment, each linking to the event. */
import type { EventSummary } from '../../lib/api-types.ts';
import { parseLinkHeader } from '../../lib/api-client.ts';
import { useLocation } from '../../lib/router.ts';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { ReleaseLink } from '../../components/release-link.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { UrlPager } from '../../components/url-pager.tsx';

export function EventsTab({ issueId }: { issueId: string }) {
  const { search } = useLocation();
  const cursor = search.get('cursor') ?? undefined;
  const events = useApi<EventSummary[]>(`/issues/${issueId}/events/`, { cursor, limit: 50 });
  const pages = parseLinkHeader(events.headers?.get('link') ?? null);
  if (events.error) return <ErrorState error={events.error} onRetry={events.reload} />;
  if (!events.data) return <Loading label="Loading events…" />;
  if (events.data.length === 0) return <EmptyState title="No events stored for this issue" />;
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title" className="card-title">
        Events
      </h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">User</th>
              <th scope="col">Release</th>
              <th scope="col">Environment</th>
            </tr>
          </thead>
          <tbody>
            {events.data.map((e) => (
              <tr key={e.id}>
                <td>
                  <TimeAgo date={e.dateCreated} />
                </td>
                <td>
                  <Link to={`/issues/${issueId}/events/${e.eventID}/`} className="mono">
                    {e.eventID.slice(0, 12)}
                  </Link>
                </td>
                <td>{e.user?.display ?? <span className="muted">—</span>}</td>
                <td>{e.release ? <ReleaseLink version={e.release} /> : <span className="muted">—</span>}</td>
                <td>{e.environment ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <UrlPager pages={pages} label="Event pages" previousText="← Newer" nextText="Older →" />
    </section>
  );
}
