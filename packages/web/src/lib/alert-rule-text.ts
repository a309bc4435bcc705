/** @module Alert rules in words, for the rule list ("New issue or regression → email project members"). */
import type { AlertAction, AlertCondition, AlertFilter, AlertRuleInput } from './alert-types.ts';

export const ACTION_NAMES: Record<AlertAction['id'], string> = { email: 'Email', slack: 'Slack', pagerduty: 'PagerDuty', webhook: 'Webhook' };

export function minutesText(m: number): string {
  if (m % 10080 === 0) return `${m / 10080} ${m === 10080 ? 'week' : 'weeks'}`;
  if (m % 1440 === 0) return `${m / 1440} ${m === 1440 ? 'day' : 'days'}`;
  if (m % 60 === 0) return `${m / 60} ${m === 60 ? 'hour' : 'hours'}`;
  return `${m} min`;
}

export function conditionText(c: AlertCondition): string {
  switch (c.id) {
    case 'first_seen':
      return 'a new issue';
    case 'regression':
      return 'a resolved issue comes back';
    case 'escalating':
      return 'an ignored issue escalates';
    case 'event_frequency':
      return `an issue is seen more than ${c.value} ${c.value === 1 ? 'time' : 'times'} in ${minutesText(c.interval)}`;
  }
}

const TAG_MATCH: Record<string, string> = { eq: 'is', ne: 'is not', sw: 'starts with', ew: 'ends with', co: 'contains', nc: 'does not contain', is: 'is set', ns: 'is not set' };

export function filterText(f: AlertFilter): string {
  if (f.id === 'level') return `level ${f.match === 'gte' ? '≥' : f.match === 'lte' ? '≤' : '='} ${f.level}`;
  return `${f.key} ${TAG_MATCH[f.match] ?? f.match}${f.match === 'is' || f.match === 'ns' ? '' : ` "${f.value}"`}`;
}

export function actionText(a: AlertAction): string {
  switch (a.id) {
    case 'email':
      return a.targetType === 'members' ? 'email project members' : `email ${a.addresses.join(', ')}`;
    case 'slack':
      return 'post to Slack';
    case 'pagerduty':
      return 'trigger PagerDuty';
    case 'webhook':
      return `call ${hostOf(a.url)}`;
  }
}

export function ruleSummary(r: AlertRuleInput): string {
  const when = r.conditions.map(conditionText).join(r.actionMatch === 'all' ? ' and ' : ' or ');
  const only = [...(r.environment ? [`environment ${r.environment}`] : []), ...r.filters.map(filterText)];
  const joiner = r.filterMatch === 'any' ? ' or ' : ', ';
  const what = r.actions.map(actionText).join(', ');
  return `When ${when}${only.length ? ` (only ${only.join(joiner)})` : ''} → ${what}, at most every ${minutesText(r.frequency)} per issue`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
