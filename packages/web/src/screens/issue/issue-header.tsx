/** @module The issue's header: identity, status, the triage actions, counts and first/last seen with releases. */
import { useState } from 'react';
import { ApiError, api } from '../../lib/api-client.ts';
import type { IssueDetails } from '../../lib/api-types.ts';
import { compactNumber } from '../../lib/format-time.ts';
import { navigate } from '../../lib/router.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { LevelBadge, StatusBadge } from '../../components/level-badge.tsx';
import { Link } from '../../components/link.tsx';
import { ReleaseLink } from '../../components/release-link.tsx';
import { Sparkline } from '../../components/sparkline.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { LAST_LIST_KEY } from '../issues-screen.tsx';

export function IssueHeader({
  issue,
  onChange,
  onReprocess,
  reprocessing = false,
}: {
  issue: IssueDetails;
  onChange: () => void;
  /** Symbolicate the issue's events again (source maps uploaded after they arrived). */
  onReprocess?: () => Promise<void>;
  reprocessing?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const setStatus = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await api.put(`/issues/${issue.id}/`, body);
      setMessage(done);
      onChange();
    } catch (err) {
      setMessage(`Could not update: ${err instanceof ApiError ? err.detail : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    await api.del(`/issues/${issue.id}/`);
    navigate(sessionStorage.getItem(LAST_LIST_KEY) ?? '/issues/');
  };
  const backTo = sessionStorage.getItem(LAST_LIST_KEY) ?? '/issues/';
  const resolvedIn = typeof issue.statusDetails.inRelease === 'string' ? issue.statusDetails.inRelease : null;

  return (
    <header className="issue-header">
      <p className="breadcrumb">
        <Link to={backTo}>Issues</Link> <span aria-hidden="true">/</span> <span className="issue-short">{issue.shortId}</span>{' '}
        <span className="muted">· {issue.project.name}</span>
      </p>
      <div className="issue-header-top">
        <div className="issue-header-title">
          <h1>
            {issue.metadata.type ? (
              <>
                {issue.metadata.type}
                {issue.metadata.value && <span className="issue-value">: {issue.metadata.value}</span>}
              </>
            ) : (
              issue.title
            )}
          </h1>
          <p className="issue-culprit">{issue.culprit || '—'}</p>
          <p className="issue-badges">
            <LevelBadge level={issue.level} />
            <StatusBadge status={issue.status} />
            {resolvedIn && <span className="badge">resolved in {resolvedIn}</span>}
          </p>
        </div>
        <div className="issue-actions" role="group" aria-label="Issue actions">
          {issue.status === 'unresolved' ? (
            <>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => setStatus({ status: 'resolved' }, 'Issue resolved.')}>
                Resolve
              </button>
              {issue.lastRelease && (
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => setStatus({ status: 'resolved', statusDetails: { inRelease: 'latest' } }, `Resolved in ${issue.lastRelease!.version}.`)}
                >
                  Resolve in {issue.lastRelease.version}
                </button>
              )}
              <button type="button" className="btn" disabled={busy} onClick={() => setStatus({ status: 'ignored' }, 'Issue ignored.')}>
                Ignore
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => setStatus({ status: 'unresolved' }, 'Issue unresolved.')}>
              Unresolve
            </button>
          )}
          {onReprocess && (
            <>
              <button type="button" className="btn" disabled={busy || reprocessing} aria-describedby="reprocess-hint" onClick={() => void onReprocess()}>
                {reprocessing ? 'Reprocessing…' : 'Reprocess'}
              </button>
              <span id="reprocess-hint" className="visually-hidden">
                Resolves this issue's events again with the source maps uploaded since they arrived; events move to the issue their resolved frames belong to.
              </span>
            </>
          )}
          <ConfirmButton
            className="btn btn-danger-outline"
            title="Delete this issue?"
            message={<p>All {issue.count} events of {issue.shortId} are deleted. New events with the same fingerprint start a new issue.</p>}
            confirmLabel="Delete issue"
            onConfirm={remove}
          >
            Delete
          </ConfirmButton>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {message ?? ''}
      </p>
      <dl className="issue-stats">
        <div>
          <dt>Events</dt>
          <dd>{compactNumber(issue.count)}</dd>
        </div>
        <div>
          <dt>Users</dt>
          <dd>{compactNumber(issue.userCount)}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <TimeAgo date={issue.firstSeen} />
            {issue.firstRelease && (
              <span className="muted">
                {' '}
                in <ReleaseLink version={issue.firstRelease.version} />
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <TimeAgo date={issue.lastSeen} />
            {issue.lastRelease && (
              <span className="muted">
                {' '}
                in <ReleaseLink version={issue.lastRelease.version} />
              </span>
            )}
          </dd>
        </div>
        <div className="issue-stats-graph">
          <dt>Last 24 h</dt>
          <dd>
            <Sparkline data={issue.stats?.['24h']} width={140} height={28} />
          </dd>
        </div>
      </dl>
      {message && (
        <p className="inline-notice" aria-hidden="true">
          {message}
        </p>
      )}
    </header>
  );
}
