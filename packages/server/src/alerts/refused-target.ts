/**
 * @module `refusedTarget`: why a rule's Slack, PagerDuty or webhook URL may not be saved — its host is an IP
 * address the outbound policy refuses (loopback, private, metadata, …) — or null. Host names are checked when the
 * notification connects, after DNS resolution, since what a name resolves to can change.
 */
import type { AlertRuleSpec } from '@faultline/pipeline';
import type { OutboundPolicy } from '../notifiers/outbound-policy.ts';

export function refusedTarget(spec: AlertRuleSpec, policy: OutboundPolicy): string | null {
  for (const [i, action] of spec.actions.entries()) {
    const field = action.id === 'slack' ? 'webhookUrl' : action.id === 'webhook' ? 'url' : action.id === 'pagerduty' ? 'apiUrl' : null;
    const url = action.id === 'slack' ? action.webhookUrl : action.id === 'webhook' ? action.url : action.id === 'pagerduty' ? action.apiUrl : null;
    if (!field || !url) continue;
    const why = policy.refuseLiteral(new URL(url));
    if (why) return `actions[${i}].${field}: ${why}`;
  }
  return null;
}
