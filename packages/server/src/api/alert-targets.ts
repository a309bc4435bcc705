/**
 * @module How alert targets are shown without their secrets: a Slack URL or PagerDuty routing key by its last four
 * characters, a webhook URL by its origin and path. The deliveries list always shows targets this way; the rules API
 * shows rules this way to callers who cannot edit them (a read-only token), with the signing secret withheld.
 */
import type { AlertAction } from '@faultline/pipeline';

const tail = (s: unknown) => (typeof s === 'string' && s.length > 4 ? `…${s.slice(-4)}` : '…');

function originAndPath(s: unknown): string {
  try {
    const u = new URL(String(s));
    return `${u.origin}${u.pathname}`;
  } catch {
    return '?';
  }
}

/** Slack's hook URLs carry the secret in their path (`/services/T…/B…/secret`): keep `…/services/` and the end. */
function slackUrl(s: unknown): string {
  return `${originAndPath(s).split('/').slice(0, 4).join('/')}/${tail(s)}`;
}

export function targetOf(actionType: string, action: Record<string, unknown>): string {
  switch (actionType) {
    case 'email':
      return action.targetType === 'addresses' && Array.isArray(action.addresses) ? action.addresses.join(', ') : 'project members';
    case 'slack':
      return slackUrl(action.webhookUrl);
    case 'pagerduty':
      return `routing key ${tail(action.routingKey)}`;
    case 'webhook':
      return originAndPath(action.url);
    default:
      return '';
  }
}

/** The action as a reader without write access sees it: same shape, secrets cut to what identifies them. */
export function redactAction(action: AlertAction): AlertAction {
  switch (action.id) {
    case 'slack':
      return { ...action, webhookUrl: slackUrl(action.webhookUrl) };
    case 'pagerduty':
      return { ...action, routingKey: tail(action.routingKey) };
    case 'webhook':
      return { ...action, url: originAndPath(action.url) };
    default:
      return action;
  }
}
