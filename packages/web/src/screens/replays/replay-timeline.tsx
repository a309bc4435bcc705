/** @module The replay's timeline: clicks, navigations, console messages and errors at their moments; each seeks the player, errors link to their issue. */
import { formatDuration } from '../../lib/format-time.ts';
import { Link } from '../../components/link.tsx';
import type { TimelineItem } from './replay-timeline-items.ts';

export function ReplayTimeline({ items, current, onSeek }: { items: TimelineItem[]; current: number; onSeek: (offset: number) => void }) {
  // The item playing now: the last one at or before the player's position.
  const now = items.findLastIndex((i) => i.offset <= current);
  return (
    <section className="card replay-timeline" aria-labelledby="replay-timeline-title">
      <h2 id="replay-timeline-title" className="card-title">
        Timeline
      </h2>
      {items.length === 0 ? (
        <p className="muted replay-timeline-empty">No clicks, navigations, console messages or errors were recorded.</p>
      ) : (
        <ol className="replay-items">
          {items.map((item, i) => (
            <li key={i} className={`replay-item replay-item-${item.kind}`} aria-current={i === now ? 'step' : undefined}>
              <button type="button" className="replay-item-seek" onClick={() => onSeek(item.offset)}>
                <span className="replay-item-time mono">{formatDuration(item.offset / 1000)}</span>
                <span className="replay-item-label">{item.label}</span>
              </button>
              <span className="replay-item-detail">
                {item.kind === 'error' && item.issueId ? <Link to={`/issues/${item.issueId}/`}>{item.detail}</Link> : item.detail || <span className="muted">—</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
