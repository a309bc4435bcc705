/**
 * @module The issue's replays (side card): how many sessions recorded one of its errors (Sentry's `replay-count`)
 * and the newest of them, each link opening the player at the issue's error in it (`?error=<event id>`).
 */
import type { EventSummary, Replay } from '../../lib/api-types.ts';
import { formatDuration } from '../../lib/format-time.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { Loading } from '../../components/states.tsx';

const SHOWN = 5;

/** The replay's first error that belongs to the issue (among the loaded events), to open the player at. */
function issueErrorIn(r: Replay, events: EventSummary[]): string | undefined {
  const ids = new Set(r.error_ids);
  return events
    .filter((e) => ids.has(e.eventID.replaceAll('-', '')))
    .sort((a, b) => Date.parse(a.dateCreated) - Date.parse(b.dateCreated))[0]
    ?.eventID.replaceAll('-', '');
}

export function IssueReplays({ issueId }: { issueId: string }) {
  const org = useOrg();
  const counts = useApi<Record<string, number>>(`/organizations/${org}/replay-count/`, { query: `issue.id:[${issueId}]` });
  const replays = useApi<{ data: Replay[] }>(`/organizations/${org}/replays/`, { query: `issue.id:${issueId}`, per_page: SHOWN });
  const events = useApi<EventSummary[]>(`/issues/${issueId}/events/`, { limit: 100 });
  const count = counts.data?.[issueId] ?? 0;
  return (
    <section className="card issue-replays" aria-labelledby="issue-replays-title">
      <h2 id="issue-replays-title" className="card-title">
        Replays {counts.data && <span className="tab-count">{count}</span>}
      </h2>
      {counts.error || replays.error ? (
        <p className="muted">Could not load replays.</p>
      ) : !counts.data || !replays.data ? (
        <Loading label="Loading replays…" />
      ) : replays.data.data.length === 0 ? (
        <p className="muted">No session replay recorded this issue's errors.</p>
      ) : (
        <ul className="issue-replay-list">
          {replays.data.data.map((r) => {
            const error = issueErrorIn(r, events.data ?? []);
            return (
              <li key={r.id}>
                <Link to={`/replays/${r.id}/${error ? `?error=${error}` : ''}`}>{r.user.display_name ?? 'Anonymous'}</Link>
                <span className="muted"> · {formatDuration(r.duration)}</span>
              </li>
            );
          })}
          {count > SHOWN && (
            <li>
              <Link to={`/replays/?query=${encodeURIComponent(`issue.id:${issueId}`)}`}>All {count} replays</Link>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
