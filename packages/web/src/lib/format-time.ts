/** @module Human times: "3 min ago" for scanning, the full local date in a tooltip for precision. */

const UNITS: Array<[number, string]> = [
  [60, 'sec'],
  [60, 'min'],
  [24, 'hr'],
  [30, 'day'],
  [12, 'mo'],
  [Infinity, 'yr'],
];

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  let v = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (v < 5) return 'just now';
  for (const [size, unit] of UNITS) {
    if (v < size) return `${Math.floor(v)} ${unit}${unit === 'min' || unit === 'sec' || Math.floor(v) === 1 ? '' : 's'} ago`;
    v /= size;
  }
  return '—';
}

export function fullDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Breadcrumb clock time with milliseconds; timestamps arrive as unix seconds (or ISO strings from old SDKs). */
export function clockTime(ts: number | string | null | undefined): string {
  if (ts === null || ts === undefined) return '';
  const d = typeof ts === 'number' ? new Date(ts * 1000) : new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function compactNumber(n: number | string): string {
  const v = Number(n);
  if (v < 1000) return String(v);
  if (v < 1e6) return `${(v / 1e3).toFixed(v < 1e4 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(v / 1e6).toFixed(1).replace(/\.0$/, '')}M`;
}

/** A length of time in whole seconds as a clock: "0:07", "12:30", "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
