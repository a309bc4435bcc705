/**
 * @module What one stored error event counts on its issue: one in `times_seen`, one in its hour, one per tag
 * value (the event's tags and its search facets). The batch planner adds these up; reprocessing subtracts the
 * same ones when it moves an event, so the two cannot drift apart.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import { searchFacets } from '@faultline/pipeline';
import { hourOf } from './counters.ts';

export interface TagCount {
  key: string;
  value: string;
  count: number;
  firstTs: number;
  lastTs: number;
}

export interface IssueCounts {
  events: number;
  firstTs: number;
  lastTs: number;
  /** By key NUL value. */
  tags: Map<string, TagCount>;
  /** Events by hour (ms). */
  hours: Map<number, number>;
}

/** The tag values an event counts on its issue, as many times as it holds them. */
export function countedTags(event: NormalizedEvent): [string, string][] {
  return [...event.tags, ...searchFacets(event)];
}

export function emptyCounts(): IssueCounts {
  return { events: 0, firstTs: Infinity, lastTs: -Infinity, tags: new Map(), hours: new Map() };
}

export function countEvent(c: IssueCounts, event: NormalizedEvent, ts: number): void {
  c.events++;
  c.firstTs = Math.min(c.firstTs, ts);
  c.lastTs = Math.max(c.lastTs, ts);
  for (const [key, value] of countedTags(event)) {
    const k = `${key}\u0000${value}`;
    const t = c.tags.get(k);
    if (!t) c.tags.set(k, { key, value, count: 1, firstTs: ts, lastTs: ts });
    else {
      t.count++;
      t.firstTs = Math.min(t.firstTs, ts);
      t.lastTs = Math.max(t.lastTs, ts);
    }
  }
  const hour = hourOf(ts);
  c.hours.set(hour, (c.hours.get(hour) ?? 0) + 1);
}
