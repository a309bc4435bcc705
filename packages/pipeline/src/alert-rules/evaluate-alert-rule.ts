/**
 * @module Does an alert rule fire for one stored event? Filters first (free), then the conditions that need no
 * lookup (new, regressed, escalated), and only then event counts, which the caller looks up in the store and
 * which are asked for only when they can still change the answer. Throttling is the caller's (it needs state).
 */
import type { Level } from '@faultline/protocol';
import type { AlertCondition, AlertFilter, AlertRuleSpec } from './alert-rule.ts';

export interface AlertFacts {
  isNewIssue: boolean;
  regressed: boolean;
  /** An ignored issue came back (its ignore count or time ran out) with this event. */
  escalated: boolean;
  level: Level;
  environment: string | undefined;
  /** The event's tags, derived ones (level, environment, release, …) included. */
  tags: ReadonlyArray<readonly [string, string]>;
}

/** Events of the issue in the last `minutes` (the caller may stop counting past `moreThan`). */
export type CountEvents = (minutes: number, moreThan: number) => Promise<number>;

const RANK: Record<Level, number> = { debug: 10, info: 20, log: 20, warning: 30, error: 40, fatal: 50 };

export function passesFilters(rule: AlertRuleSpec, facts: AlertFacts): boolean {
  if (rule.environment !== null && facts.environment !== rule.environment) return false;
  if (rule.filters.length === 0) return true;
  return rule.filterMatch === 'all' ? rule.filters.every((f) => matchFilter(f, facts)) : rule.filters.some((f) => matchFilter(f, facts));
}

export function matchFilter(f: AlertFilter, facts: AlertFacts): boolean {
  if (f.id === 'level') {
    const have = RANK[facts.level] ?? RANK.error;
    const want = RANK[f.level];
    return f.match === 'gte' ? have >= want : f.match === 'lte' ? have <= want : have === want;
  }
  const values = facts.tags.filter(([k]) => k === f.key).map(([, v]) => v);
  const v = f.value;
  switch (f.match) {
    case 'is':
      return values.length > 0;
    case 'ns':
      return values.length === 0;
    case 'eq':
      return values.includes(v);
    case 'ne':
      return !values.includes(v);
    case 'sw':
      return values.some((x) => x.startsWith(v));
    case 'ew':
      return values.some((x) => x.endsWith(v));
    case 'co':
      return values.some((x) => x.includes(v));
    case 'nc':
      return !values.some((x) => x.includes(v));
  }
}

function holdsWithoutCounts(c: AlertCondition, facts: AlertFacts): boolean {
  return c.id === 'first_seen' ? facts.isNewIssue : c.id === 'regression' ? facts.regressed : c.id === 'escalating' ? facts.escalated : false;
}

/**
 * The condition that makes the rule fire, or null. With `all`, a frequency condition is reported when there is
 * one, since it decides how long the rule then stays quiet for the issue (once per window).
 */
export async function firingCondition(rule: AlertRuleSpec, facts: AlertFacts, count: CountEvents): Promise<AlertCondition | null> {
  if (!passesFilters(rule, facts)) return null;
  const simple = rule.conditions.filter((c) => c.id !== 'event_frequency');
  const frequency = rule.conditions.filter((c): c is Extract<AlertCondition, { id: 'event_frequency' }> => c.id === 'event_frequency');
  if (rule.actionMatch === 'any') {
    const hit = simple.find((c) => holdsWithoutCounts(c, facts));
    if (hit) return hit;
    for (const c of frequency) if ((await count(c.interval, c.value)) > c.value) return c;
    return null;
  }
  if (!simple.every((c) => holdsWithoutCounts(c, facts))) return null;
  for (const c of frequency) if ((await count(c.interval, c.value)) <= c.value) return null;
  return frequency[0] ?? simple[0] ?? null;
}

/** How long after firing for an issue the rule stays quiet for it: its frequency, or a frequency window if longer. */
export function quietMinutes(rule: AlertRuleSpec, fired: AlertCondition): number {
  return fired.id === 'event_frequency' ? Math.max(rule.frequency, fired.interval) : rule.frequency;
}

/** Human wording of a trigger, for subjects and messages. */
export function describeTrigger(c: AlertCondition): string {
  switch (c.id) {
    case 'first_seen':
      return 'New issue';
    case 'regression':
      return 'Regression';
    case 'escalating':
      return 'Escalating';
    case 'event_frequency':
      return `More than ${c.value} event${c.value === 1 ? '' : 's'} in ${c.interval < 60 || c.interval % 60 ? `${c.interval} min` : `${c.interval / 60} h`}`;
  }
}
