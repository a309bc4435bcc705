/** @module Sends one delivery through the notifier its action names. */
import type { AlertAction } from '@faultline/pipeline';
import type { Db } from '@faultline/store';
import { sendEmail } from './email-notifier.ts';
import type { Mailer } from './mailer.ts';
import { failure, type SendContext, type SendOutcome } from './notifier.ts';
import type { OutboundPolicy } from './outbound-policy.ts';
import { sendPagerDuty } from './pagerduty-notifier.ts';
import { sendSlack } from './slack-notifier.ts';
import { sendWebhook } from './webhook-notifier.ts';

export interface NotifierDeps {
  db: Db;
  mailer: Mailer | null;
  outbound: OutboundPolicy;
}

/** `action` as stored with the delivery (a webhook's carries the rule's secret). */
export function sendNotification(action: AlertAction & { secret?: string }, ctx: SendContext, deps: NotifierDeps): Promise<SendOutcome> {
  switch (action.id) {
    case 'email':
      return sendEmail(action, ctx, deps);
    case 'slack':
      return sendSlack(action.webhookUrl, ctx);
    case 'pagerduty':
      return sendPagerDuty(action, ctx);
    case 'webhook':
      return sendWebhook(action.url, action.secret ?? '', ctx);
    default:
      return Promise.resolve(failure(`unknown action "${String((action as { id?: unknown }).id)}"`, true));
  }
}
