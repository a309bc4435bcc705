/**
 * @module The shape of an issue alert rule, Sentry's issue-alert model kept small: conditions say *when* (a new
 * issue, a regression, an ignored issue escalating, more than N events in M minutes), filters narrow *which*
 * events (level, tag; the environment is a rule field as in Sentry), actions say *where* (email, Slack,
 * PagerDuty, a signed webhook), `frequency` how often at most per issue.
 */
import type { Level } from '@faultline/protocol';

export type AlertCondition =
  | { id: 'first_seen' }
  | { id: 'regression' }
  | { id: 'escalating' }
  /** More than `value` events of the issue within the last `interval` minutes. */
  | { id: 'event_frequency'; value: number; interval: number };

/** Sentry's tag MatchType: equals, not equals, starts/ends with, contains, does not contain, is set, is not set. */
export type TagMatch = 'eq' | 'ne' | 'sw' | 'ew' | 'co' | 'nc' | 'is' | 'ns';

export type AlertFilter =
  | { id: 'level'; match: 'gte' | 'eq' | 'lte'; level: Level }
  | { id: 'tagged_event'; key: string; match: TagMatch; value: string };

export type AlertAction =
  /** `members`: the project's team (admins when it has none); `addresses`: the listed ones. */
  | { id: 'email'; targetType: 'members' | 'addresses'; addresses: string[] }
  | { id: 'slack'; webhookUrl: string }
  /** `apiUrl` only for PagerDuty's EU region (or a proxy); severity `auto` follows the event level. */
  | { id: 'pagerduty'; routingKey: string; severity: 'auto' | 'critical' | 'error' | 'warning' | 'info'; apiUrl: string | null }
  | { id: 'webhook'; url: string };

export type AlertActionId = AlertAction['id'];
export type AlertTrigger = AlertCondition['id'];

export interface AlertRuleSpec {
  name: string;
  status: 'active' | 'disabled';
  /** How conditions combine (Sentry's name): any one of them, or all. */
  actionMatch: 'any' | 'all';
  filterMatch: 'all' | 'any';
  conditions: AlertCondition[];
  filters: AlertFilter[];
  actions: AlertAction[];
  /** Only events from this environment; null: any. */
  environment: string | null;
  /** Minutes: each action fires at most once per issue in this time. */
  frequency: number;
}

/** Sentry's default action interval for issue alerts. */
export const DEFAULT_FREQUENCY_MINUTES = 30;

/** What a new project gets when email is configured: Sentry's "new issue or regression → notify" default. */
export function defaultAlertRule(): AlertRuleSpec {
  return {
    name: 'Send a notification for new issues and regressions',
    status: 'active',
    actionMatch: 'any',
    filterMatch: 'all',
    conditions: [{ id: 'first_seen' }, { id: 'regression' }],
    filters: [],
    actions: [{ id: 'email', targetType: 'members', addresses: [] }],
    environment: null,
    frequency: DEFAULT_FREQUENCY_MINUTES,
  };
}
