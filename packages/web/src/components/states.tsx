/** @module Loading, empty and error states, so no screen is ever a blank rectangle. */
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api-client.ts';
import { Link } from './link.tsx';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="state-body">{children}</div>}
    </div>
  );
}

/**
 * A failed load. A 400 is the request's own fault (an invalid search, say): its detail is the message, `invalidTitle`
 * names what was refused, and there is no "Try again", since the same request would fail the same way.
 */
export function ErrorState({ error, onRetry, invalidTitle }: { error: Error; onRetry?: () => void; invalidTitle?: string }) {
  const status = error instanceof ApiError ? error.status : 0;
  const title =
    status === 404 ? 'Not found' : status === 403 ? 'You do not have access' : status === 400 ? (invalidTitle ?? 'The request was refused') : 'Something went wrong';
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-body">{status === 404 ? 'It does not exist, or you do not have access to it.' : error.message}</p>
      {(status === 404 || status === 403) && (
        <p>
          <Link to="/issues/">Back to issues</Link> · <Link to="/projects/">Projects</Link>
        </p>
      )}
      {onRetry && status !== 404 && status !== 403 && status !== 400 && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Inline form error, announced to screen readers. */
export function FormError({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}
