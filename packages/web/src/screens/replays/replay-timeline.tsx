/**
 * @module The replay's timeline: clicks, navigations, console messages, network requests and errors at their moments,
 * filterable by kind (the console and network panels); each seeks the player, errors link to their issue.
 */
import { useState } from 'react';
import { formatDuration } from '../../lib/format-time.ts';
import { Link } from '../../components/link.tsx';
import type { TimelineItem, TimelineKind } from './replay-timeline-items.ts';

const KINDS: Array<[TimelineKind | '', string]> = [
  ['', 'Everything'],
  ['click', 'Clicks'],
  ['navigation', 'Navigations'],
  ['console', 'Console'],
  ['network', 'Network'],
  ['error', 'Errors'],
];

export function ReplayTimeline({ items, current, onSeek }: { items: TimelineItem[]; current: number; onSeek: (offset: number) => void }) {
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const shown = kind ? items.filter((i) => i.kind === kind) : items;
  // The item playing now: the last one at or before the player's position.
  const now = shown.findLastIndex((i) => i.offset <= current);
  return (
    <section className="card replay-timeline" aria-labelledby="replay-timeline-title">
      <div className="card-title replay-timeline-head">
        <h2 id="replay-timeline-title">Timeline</h2>
        <label>
          <span className="visually-hidden">Show</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as TimelineKind | '')}>
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="muted replay-timeline-empty">{kind ? 'Nothing of this kind was recorded.' : 'No clicks, navigations, console messages, requests or errors were recorded.'}</p>
      ) : (
        <ol className="replay-items">
          {shown.map((item, i) => (
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
