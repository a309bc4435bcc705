/**
 * @module Generic webhooks, in the shape of Sentry's issue-alert webhook (`action`, `data.issue`, `data.event`,
 * `data.triggered_rule`) so receivers written for Sentry mostly work. The body is signed like Sentry signs
 * integration webhooks: `Sentry-Hook-Signature` = hex HMAC-SHA256 of the exact body with the rule's secret.
 * `Faultline-Delivery` stays the same across retries, so a receiver can drop repeats.
 */
import { createHmac } from 'node:crypto';
import { eventUrl, issueUrl, type AlertPayload } from '../alerts/alert-payload.ts';
import type { SendContext, SendOutcome } from './notifier.ts';
import { postJson } from './post-json.ts';

export function webhookBody(payload: AlertPayload, publicUrl: string): Record<string, unknown> {
  const { issue, event, project } = payload;
  const issueLink = issueUrl(publicUrl, issue.id);
  const apiIssue = `${publicUrl}/api/0/issues/${issue.id}/`;
  return {
    action: 'triggered',
    actor: { type: 'application', id: 'faultline', name: 'Faultline' },
    data: {
      triggered_rule: payload.rule.name,
      rule: { id: String(payload.rule.id), name: payload.rule.name },
      trigger: payload.trigger,
      issue: {
        id: String(issue.id),
        shortId: issue.shortId,
        title: issue.title,
        culprit: issue.culprit,
        level: issue.level,
        status: issue.status,
        substatus: issue.substatus,
        type: issue.type,
        platform: issue.platform,
        count: String(issue.count),
        userCount: issue.userCount,
        firstSeen: new Date(issue.firstSeen).toISOString(),
        lastSeen: new Date(issue.lastSeen).toISOString(),
        metadata: issue.metadata,
        permalink: issueLink,
        web_url: issueLink,
        url: apiIssue,
        project: { id: String(project.id), slug: project.slug, name: project.name },
      },
      event: {
        event_id: event.eventId,
        issue_id: String(issue.id),
        project: project.id,
        title: issue.title,
        message: event.message,
        culprit: issue.culprit,
        level: event.level,
        platform: event.platform,
        environment: event.environment,
        release: event.release,
        datetime: new Date(event.timestamp).toISOString(),
        timestamp: event.timestamp / 1000,
        tags: event.tags,
        web_url: eventUrl(publicUrl, issue.id, event.eventId),
        issue_url: apiIssue,
      },
    },
  };
}

export function signWebhook(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export function sendWebhook(url: string, secret: string, ctx: SendContext): Promise<SendOutcome> {
  const body = JSON.stringify(webhookBody(ctx.payload, ctx.publicUrl));
  return postJson(
    url,
    body,
    {
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)),
      'sentry-hook-signature': signWebhook(secret, body),
      'faultline-delivery': String(ctx.deliveryId),
      'faultline-attempt': String(ctx.attempt),
    },
    ctx,
  );
}
