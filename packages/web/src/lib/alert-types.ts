/** @module Shapes of the alert API (`…/rules/`, `…/alert-deliveries/`, `…/alert-stats/`) as the UI reads them. */

export type AlertLevel = 'debug' | 'info' | 'warning' | 'error' | 'fatal';
export type TagMatch = 'eq' | 'ne' | 'sw' | 'ew' | 'co' | 'nc' | 'is' | 'ns';

export type AlertCondition = { id: 'first_seen' } | { id: 'regression' } | { id: 'escalating' } | { id: 'event_frequency'; value: number; interval: number };

export type AlertFilter = { id: 'level'; match: 'gte' | 'eq' | 'lte'; level: AlertLevel } | { id: 'tagged_event'; key: string; match: TagMatch; value: string };

export type AlertAction =
  | { id: 'email'; targetType: 'members' | 'addresses'; addresses: string[] }
  | { id: 'slack'; webhookUrl: string }
  | { id: 'pagerduty'; routingKey: string; severity: 'auto' | 'critical' | 'error' | 'warning' | 'info'; apiUrl: string | null }
  | { id: 'webhook'; url: string };

export interface AlertRuleInput {
  name: string;
  status: 'active' | 'disabled';
  actionMatch: 'any' | 'all';
  filterMatch: 'all' | 'any';
  frequency: number;
  environment: string | null;
  conditions: AlertCondition[];
  filters: AlertFilter[];
  actions: AlertAction[];
}

export interface AlertRule extends AlertRuleInput {
  id: string;
  secret: string;
  dateCreated: string;
  dateModified: string;
  lastTriggered: string | null;
  createdBy: { id: string; email: string | null; name: string | null } | null;
}

export interface AlertAttempt {
  attempt: number;
  dateStarted: string;
  durationMs: number;
  ok: boolean;
  responseCode: number | null;
  error: string | null;
}

export interface AlertDelivery {
  id: string;
  ruleId: string | null;
  ruleName: string | null;
  issueId: string | null;
  issue: { shortId: string; title: string } | null;
  trigger: string;
  triggerLabel: string;
  action: AlertAction['id'];
  target: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
  attemptCount: number;
  nextAttemptAt: string | null;
  dateCreated: string;
  dateFinished: string | null;
  lastError: string | null;
  attempts: AlertAttempt[];
}

export interface AlertStats {
  hourlyCap: number;
  emailConfigured: boolean;
  lastHour: { notified: number; suppressed: number };
  last24h: { notified: number; suppressed: number };
  hourly: Array<{ hour: string; notified: number; suppressed: number }>;
  waiting: number;
  failed24h: number;
}
