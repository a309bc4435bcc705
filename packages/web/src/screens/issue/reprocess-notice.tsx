/**
 * @module What reprocessing did, under the issue header: how many events were reprocessed, changed and moved,
 * with links to the issues they moved to; or, on the issue they moved into, where they came from.
 */
import type { ReprocessResult } from '../../lib/api-types.ts';
import { Link } from '../../components/link.tsx';

const events = (n: number) => (n === 1 ? '1 event' : `${n} events`);

export function ReprocessNotice({ issueId, result, error, onDismiss }: { issueId: string; result: ReprocessResult | null; error: string | null; onDismiss: () => void }) {
  if (!result && !error) return null;
  const elsewhere = result?.issues.filter((i) => i !== issueId) ?? [];
  return (
    <div className={`reprocess-notice ${error ? 'notice' : 'toast'}`} role="status">
      <div>
        {error ?? (
          <>
            <strong>Reprocessed {events(result!.reprocessed)}.</strong>{' '}
            {result!.changed === 0
              ? 'Nothing changed: no newly uploaded source map applies to them yet.'
              : `${events(result!.changed)} changed${result!.moved ? `, ${events(result!.moved)} moved to ${elsewhere.length === 1 ? 'another issue' : 'other issues'}` : ', all still in this issue'}.`}
            {elsewhere.length > 0 && (
              <>
                {' '}
                {elsewhere.map((id, i) => (
                  <span key={id}>
                    {i > 0 && ', '}
                    <Link to={`/issues/${id}/`}>Open issue {id}</Link>
                  </span>
                ))}
              </>
            )}
          </>
        )}
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** On the issue reprocessed events moved into, when the issue they left was emptied and removed. */
export function MovedHereNotice({ moved, from, onDismiss }: { moved: string; from: string; onDismiss: () => void }) {
  const n = Number(moved) || 0;
  return (
    <div className="reprocess-notice toast" role="status">
      <div>
        <strong>Reprocessing moved {events(n)} here</strong> from {from || 'another issue'}: with source maps applied, {n === 1 ? 'its frames group' : 'their frames group'}{' '}
        with this issue. {from || 'That issue'} had no events left and was removed.
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
