/** @module One issue in the list: level, title, culprit, short id, counts, first/last seen and a 24 h sparkline. */
import type { Issue } from '../../lib/api-types.ts';
import { compactNumber } from '../../lib/format-time.ts';
import { LevelBadge, StatusBadge } from '../../components/level-badge.tsx';
import { Link } from '../../components/link.tsx';
import { Sparkline } from '../../components/sparkline.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';

export function IssueRow(props: { issue: Issue; selected: boolean; focused: boolean; onToggle: () => void; onFocus: () => void; linkSearch: string }) {
  const { issue: i } = props;
  return (
    <li className={`issue-row${props.focused ? ' is-focused' : ''}${props.selected ? ' is-selected' : ''}`} data-issue-id={i.id}>
      <input type="checkbox" className="issue-check" checked={props.selected} onChange={props.onToggle} aria-label={`Select ${i.title}`} />
      <div className="issue-main">
        <div className="issue-title-line">
          <LevelBadge level={i.level} />
          <Link to={`/issues/${i.id}/${props.linkSearch}`} className="issue-title" onFocus={props.onFocus}>
            {i.metadata.type ? (
              <>
                <strong>{i.metadata.type}</strong>
                {i.metadata.value ? <span className="issue-value">: {i.metadata.value}</span> : null}
              </>
            ) : (
              <strong>{i.title}</strong>
            )}
          </Link>
        </div>
        <p className="issue-culprit">{i.culprit || '—'}</p>
        <p className="issue-meta">
          <span className="issue-short">{i.shortId}</span>
          <span>{i.project.slug}</span>
          {i.status !== 'unresolved' && <StatusBadge status={i.status} />}
          <span>
            first seen <TimeAgo date={i.firstSeen} />
          </span>
          <span>
            last seen <TimeAgo date={i.lastSeen} />
          </span>
        </p>
      </div>
      <div className="issue-graph">
        <Sparkline data={i.stats?.['24h']} />
      </div>
      <div className="issue-count">
        <span className="issue-num">{compactNumber(i.count)}</span>
        <span className="issue-num-label">events</span>
      </div>
      <div className="issue-count">
        <span className="issue-num">{compactNumber(i.userCount)}</span>
        <span className="issue-num-label">users</span>
      </div>
    </li>
  );
}
