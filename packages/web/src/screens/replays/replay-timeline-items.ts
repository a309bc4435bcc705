/**
 * @module What the replay timeline lists, from the recording's rrweb custom events (the SDK's breadcrumbs: clicks,
 * console; its `performanceSpan`s: navigations, fetch/XHR requests) and the replay's error events, each at its offset
 * from the start.
 */

/** An rrweb event as the segments download carries it (only what the timeline reads). */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data?: unknown;
}

export type TimelineKind = 'click' | 'navigation' | 'console' | 'network' | 'error' | 'other';

export interface TimelineItem {
  kind: TimelineKind;
  /** Milliseconds from the recording's first event. */
  offset: number;
  label: string;
  detail: string;
  /** For errors: the event and the issue to open. */
  eventId?: string;
  issueId?: string | null;
}

export interface ReplayError {
  eventID: string;
  groupID: string | null;
  title: string;
  dateCreated: string;
}

const CUSTOM = 5;

interface Crumb {
  category?: string;
  message?: string;
  level?: string;
  data?: Record<string, unknown>;
}
interface Span {
  op?: string;
  description?: string;
  data?: { method?: string; statusCode?: number };
}

function crumbItem(p: Crumb): Omit<TimelineItem, 'offset'> | null {
  const category = p.category ?? '';
  if (category === 'ui.click' || category === 'ui.slowClickDetected' || category === 'ui.multiClick') {
    return { kind: 'click', label: category === 'ui.click' ? 'Click' : category === 'ui.multiClick' ? 'Rage click' : 'Dead click', detail: p.message ?? '' };
  }
  if (category === 'console') return { kind: 'console', label: `Console ${p.level ?? 'log'}`, detail: p.message ?? '' };
  if (category === 'ui.input') return { kind: 'other', label: 'Input', detail: p.message ?? '' };
  // Navigations come as `navigation.*` spans (with the full URL); the history breadcrumb would list each twice.
  // Replay lifecycle crumbs (replay.init, replay.mutations…) say nothing about what the user did.
  if (category === 'navigation' || category.startsWith('replay.') || category === 'sentry.event' || category === 'sentry.transaction') return null;
  return { kind: 'other', label: category || 'Breadcrumb', detail: p.message ?? '' };
}

function spanItem(p: Span): Omit<TimelineItem, 'offset'> | null {
  if (p.op?.startsWith('navigation.')) return { kind: 'navigation', label: 'Navigation', detail: p.description ?? '' };
  if (p.op === 'resource.fetch' || p.op === 'resource.xhr') {
    const label = [p.data?.method ?? (p.op === 'resource.fetch' ? 'fetch' : 'XHR'), p.data?.statusCode].filter((x) => x !== undefined).join(' ');
    return { kind: 'network', label, detail: p.description ?? '' };
  }
  return null;
}

/** Before 1973 in milliseconds: a timestamp this small is in seconds (the SDK stamps its span events so). */
const SECONDS_BELOW = 1e11;

/**
 * The recording's events in time order (segments can overlap at their edges), every timestamp in milliseconds as
 * rrweb's Replayer needs: the SDK writes its `performanceSpan` custom events with a timestamp in seconds.
 */
export function orderedEvents<T extends RecordedEvent>(segments: T[][]): T[] {
  return segments
    .flat()
    .map((e) => (e.timestamp < SECONDS_BELOW ? { ...e, timestamp: Math.round(e.timestamp * 1000) } : e))
    .sort((a, b) => a.timestamp - b.timestamp);
}

export function timelineItems(events: RecordedEvent[], errors: ReplayError[]): TimelineItem[] {
  const start = events[0]?.timestamp ?? 0;
  const end = events.at(-1)?.timestamp ?? start;
  const out: TimelineItem[] = [];
  for (const e of events) {
    if (e.type !== CUSTOM || !e.data || typeof e.data !== 'object') continue;
    const { tag, payload } = e.data as { tag?: string; payload?: unknown };
    if (!payload || typeof payload !== 'object') continue;
    const item = tag === 'breadcrumb' ? crumbItem(payload as Crumb) : tag === 'performanceSpan' ? spanItem(payload as Span) : null;
    if (item) out.push({ ...item, offset: Math.max(0, e.timestamp - start) });
  }
  for (const err of errors) {
    const at = Math.min(Math.max(Date.parse(err.dateCreated), start), end);
    out.push({ kind: 'error', label: 'Error', detail: err.title, offset: at - start, eventId: err.eventID.replaceAll('-', ''), issueId: err.groupID });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
