/**
 * @module What a project's alerts sent: newest first, each delivery with its status and, unfolded, every attempt
 * (time, duration, response code, error) and when the next one is due. Filter by status; page back by cursor.
 */
import { useState } from 'react';
import { parseLinkHeader } from '../../lib/api-client.ts';
import type { AlertDelivery } from '../../lib/alert-types.ts';
import { ACTION_NAMES } from '../../lib/alert-rule-text.ts';
import { fullDate } from '../../lib/format-time.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { Link } from '../../components/link.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';

const STATUS_CLASS: Record<AlertDelivery['status'], string> = {
  sent: 'status-resolved',
  pending: 'status-ignored',
  sending: 'status-ignored',
  failed: 'delivery-failed',
  cancelled: 'status-ignored',
};

/** `onRefresh`: the screen reloads what it shows next to the list (rules' last fired, the counts) too. */
export function AlertDeliveries({ slug, ruleNames, onRefresh }: { slug: string; ruleNames: Map<string, string>; onRefresh?: () => void }) {
  const org = useOrg();
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useApi<AlertDelivery[]>(`/projects/${org}/${slug}/alert-deliveries/`, { status: status || undefined, cursor, limit: 25 });
  const links = parseLinkHeader(list.headers?.get('link') ?? null);

  return (
    <section className="card alert-section" aria-labelledby="deliveries-title">
      <div className="alert-section-head">
        <h2 id="deliveries-title">Recent notifications</h2>
        <label className="field field-inline">
          <span>Status</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setCursor(null);
            }}
          >
            <option value="">All</option>
            <option value="failed">Failed</option>
            <option value="pending">Waiting to retry</option>
            <option value="sent">Sent</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            list.reload();
            onRefresh?.();
          }}
        >
          Refresh
        </button>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading notifications…" />
      ) : list.data.length === 0 ? (
        <EmptyState title={status ? 'No notifications with this status' : 'Nothing sent yet'}>
          <p>When a rule fires, each notification and every attempt to deliver it shows up here.</p>
        </EmptyState>
      ) : (
        <ul className="delivery-list" aria-label="Notifications">
          {list.data.map((d) => (
            <DeliveryItem key={d.id} d={d} ruleName={d.ruleName ?? (d.ruleId ? ruleNames.get(d.ruleId) : undefined) ?? 'deleted rule'} />
          ))}
        </ul>
      )}
      {(links.next || links.previous) && (
        <div className="pager">
          <button type="button" className="btn btn-small" disabled={!links.previous} onClick={() => setCursor(links.previous)}>
            Newer
          </button>
          <button type="button" className="btn btn-small" disabled={!links.next} onClick={() => setCursor(links.next)}>
            Older
          </button>
        </div>
      )}
    </section>
  );
}

function DeliveryItem({ d, ruleName }: { d: AlertDelivery; ruleName: string }) {
  return (
    <li className="delivery">
      <details>
        <summary>
          <span className={`status ${STATUS_CLASS[d.status]}`}>{d.status === 'pending' ? 'retrying' : d.status}</span>
          <span className="delivery-what">
            <strong>{ACTION_NAMES[d.action] ?? d.action}</strong> <span className="muted">{d.target}</span>
          </span>
          <span className="delivery-issue">
            {d.triggerLabel}
            {d.issue && (
              <>
                {' · '}
                {d.issue.shortId} <span className="muted">{d.issue.title}</span>
              </>
            )}
          </span>
          <span className="muted delivery-when">
            <TimeAgo date={d.dateCreated} /> · {d.attemptCount} {d.attemptCount === 1 ? 'attempt' : 'attempts'}
          </span>
        </summary>
        <div className="delivery-body">
          {d.issue && (
            <p>
              Issue {d.issueId ? <Link to={`/issues/${d.issueId}/`}>{d.issue.shortId}</Link> : d.issue.shortId}: {d.issue.title}
            </p>
          )}
          <p className="muted">
            Rule “{ruleName}”.{' '}
            {d.status === 'pending' && d.nextAttemptAt && <>Next attempt {fullDate(d.nextAttemptAt)}. </>}
            {d.lastError && <>Last error: {d.lastError}</>}
          </p>
          {d.attempts.length === 0 ? (
            <p className="muted">Not tried yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table attempts">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Started</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Response</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {d.attempts.map((a) => (
                    <tr key={a.attempt}>
                      <td>{a.attempt}</td>
                      <td>
                        <time dateTime={a.dateStarted}>{fullDate(a.dateStarted)}</time>
                      </td>
                      <td>{a.durationMs} ms</td>
                      <td>{a.responseCode ?? '—'}</td>
                      <td className={a.ok ? '' : 'attempt-error'}>{a.ok ? 'delivered' : a.error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </details>
    </li>
  );
}
