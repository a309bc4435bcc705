/** @module A relative time ("5 min ago") in a <time> element carrying the exact instant. */
import { fullDate, timeAgo } from '../lib/format-time.ts';

export function TimeAgo({ date }: { date: string | null | undefined }) {
  if (!date) return <span>—</span>;
  return (
    <time dateTime={date} title={fullDate(date)}>
      {timeAgo(date)}
    </time>
  );
}
