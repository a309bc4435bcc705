/**
 * @module PagerDuty Events API v2. `dedup_key` is the issue id, so every notification about an issue updates the
 * one incident it opened (and a resolve closes it) instead of paging again.
 */
import type { AlertAction } from '@faultline/pipeline';
import { issueUrl } from '../alerts/alert-payload.ts';
import type { AlertPayload } from '../alerts/alert-payload.ts';
import type { SendContext, SendOutcome } from './notifier.ts';
import { postJson } from './post-json.ts';

type PagerDutyAction = Extract<AlertAction, { id: 'pagerduty' }>;

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = { fatal: 'critical', error: 'error', warning: 'warning', info: 'info', debug: 'info', log: 'info' };

export function pagerDutyTrigger(action: PagerDutyAction, payload: AlertPayload, publicUrl: string): Record<string, unknown> {
  const { issue, event, project } = payload;
  const link = issueUrl(publicUrl, issue.id);
  return {
    routing_key: action.routingKey,
    event_action: 'trigger',
    dedup_key: String(issue.id),
    payload: {
      summary: `[${project.slug}] ${issue.title}`.slice(0, 1024),
      source: (issue.culprit || project.slug).slice(0, 255),
      severity: action.severity === 'auto' ? (SEVERITY[event.level] ?? 'error') : action.severity,
      timestamp: new Date(event.timestamp).toISOString(),
      component: project.slug,
      class: typeof issue.metadata.type === 'string' ? issue.metadata.type : issue.type,
      custom_details: {
        issue: issue.shortId,
        trigger: payload.trigger.label,
        rule: payload.rule.name,
        culprit: issue.culprit,
        environment: event.environment,
        release: event.release,
        level: event.level,
        events: issue.count,
        users: issue.userCount,
        first_seen: new Date(issue.firstSeen).toISOString(),
        last_seen: new Date(issue.lastSeen).toISOString(),
      },
    },
    client: 'Faultline',
    client_url: link,
    links: [{ href: link, text: `View ${issue.shortId} in Faultline` }],
  };
}

export function pagerDutyResolve(action: PagerDutyAction, issueId: number): Record<string, unknown> {
  return { routing_key: action.routingKey, event_action: 'resolve', dedup_key: String(issueId) };
}

export function sendPagerDuty(action: PagerDutyAction, ctx: SendContext): Promise<SendOutcome> {
  const body = ctx.payload.trigger.id === 'resolved' ? pagerDutyResolve(action, ctx.payload.issue.id) : pagerDutyTrigger(action, ctx.payload, ctx.publicUrl);
  return postJson(action.apiUrl ?? PAGERDUTY_EVENTS_URL, JSON.stringify(body), {}, ctx);
}
