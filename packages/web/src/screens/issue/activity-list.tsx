/** @module What happened to the issue and who did it: status changes, newest first, ending with "first seen". */
import type { Activity } from '../../lib/api-types.ts';
import { TimeAgo } from '../../components/time-ago.tsx';

function sentence(a: Activity): string {
  const d = a.data ?? {};
  switch (a.type) {
    case 'set_resolved':
      return 'marked this issue as resolved';
    case 'set_resolved_in_release':
      return `marked this issue as resolved in ${typeof d.inRelease === 'string' ? d.inRelease : 'the current release'}`;
    case 'set_unresolved':
      return 'marked this issue as unresolved';
    case 'set_ignored':
      return 'ignored this issue';
    case 'set_regression':
      return 'saw this issue regress';
    case 'first_seen':
      return 'first saw this issue';
    default:
      return a.type.replace(/_/g, ' ');
  }
}

export function ActivityList({ activity }: { activity: Activity[] }) {
  return (
    <ol className="activity" aria-label="Activity, newest first">
      {activity.map((a) => (
        <li key={a.id} className="activity-item">
          <span className="activity-who">{a.user ? a.user.email : a.type === 'first_seen' || a.type === 'set_regression' ? 'Faultline' : 'Someone'}</span>{' '}
          {sentence(a)} <span className="muted">·</span> <TimeAgo date={a.dateCreated} />
        </li>
      ))}
    </ol>
  );
}
