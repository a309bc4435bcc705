/**
 * @module The commits `sentry-cli releases set-commits` stored for a release, newest first: short sha, the
 * message's first line, author and time. Without any, the command that sends them.
 */
import type { Commit } from '../../lib/api-types.ts';
import { CodeBlock } from '../../components/code-block.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';

export function ReleaseCommits({ commits, version }: { commits: Commit[]; version: string }) {
  if (commits.length === 0) {
    return (
      <>
        <p className="muted">No commits were set for this release. From the repository, in CI:</p>
        <CodeBlock title="set-commits" code={`sentry-cli releases set-commits --auto ${version}`} />
      </>
    );
  }
  return (
    <ul className="commit-list card">
      {commits.map((c) => (
        <li key={c.id} className="commit">
          <p className="commit-message">{c.message?.split('\n')[0] || <span className="muted">(no message)</span>}</p>
          <p className="commit-meta muted">
            <code title={c.id}>{c.id.slice(0, 7)}</code>
            {c.repository && <span> · {c.repository.name}</span>}
            <span> · {c.author?.name ?? c.author?.email ?? 'unknown author'}</span>
            {c.dateCreated && (
              <span>
                {' '}
                · <TimeAgo date={c.dateCreated} />
              </span>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
