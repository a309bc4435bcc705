/** @module Every tag of the issue with its value distribution (top ten values each). */
import type { IssueTag } from '../../lib/api-types.ts';
import { useApi } from '../../lib/use-api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { TagDistribution } from './tag-distribution.tsx';

export function TagsTab({ issueId }: { issueId: string }) {
  const tags = useApi<IssueTag[]>(`/issues/${issueId}/tags/`);
  if (tags.error) return <ErrorState error={tags.error} onRetry={tags.reload} />;
  if (!tags.data) return <Loading label="Loading tags…" />;
  if (tags.data.length === 0) return <EmptyState title="No tags on this issue's events" />;
  return (
    <section className="card" aria-label="Tags">
      <TagDistribution tags={tags.data} limit={10} headingLevel={2} />
    </section>
  );
}
