/**
 * @module Slack incoming webhooks: a Block Kit message (title linking to the issue, culprit, what fired, project,
 * environment, release, level, counts, a "View issue" button) plus `text`, which Slack shows in notifications
 * and wherever blocks cannot be shown.
 */
import { issueUrl } from '../alerts/alert-payload.ts';
import type { SendContext, SendOutcome } from './notifier.ts';
import { postJson } from './post-json.ts';

/** Slack's mrkdwn only needs these three escaped; section text is limited to 3000 characters. */
const esc = (s: string, max = 300): string => clip(s, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function slackMessage(ctx: Pick<SendContext, 'payload' | 'publicUrl'>): Record<string, unknown> {
  const { issue, event, project, trigger } = ctx.payload;
  const link = issueUrl(ctx.publicUrl, issue.id);
  const field = (label: string, value: string | number | null) => ({ type: 'mrkdwn', text: `*${label}*\n${value === null || value === '' ? '—' : esc(String(value), 200)}` });
  return {
    text: `${trigger.label} in ${project.name}: ${clip(issue.title, 200)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*<${link}|${esc(issue.title)}>*${issue.culprit ? `\n${esc(issue.culprit)}` : ''}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${esc(trigger.label)} · ${esc(issue.shortId)} · ${esc(project.name)} · rule “${esc(ctx.payload.rule.name, 100)}”` }] },
      {
        type: 'section',
        fields: [field('Environment', event.environment), field('Release', event.release), field('Level', event.level), field('Events', `${issue.count} (${issue.userCount} users)`)],
      },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View issue' }, url: link }] },
    ],
  };
}

export function sendSlack(webhookUrl: string, ctx: SendContext): Promise<SendOutcome> {
  return postJson(webhookUrl, JSON.stringify(slackMessage(ctx)), {}, ctx);
}
