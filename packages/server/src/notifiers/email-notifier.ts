/**
 * @module Email alerts: to the listed addresses, or to the project's members — the users of the project's team,
 * or the admins when the project has no team or an empty one (someone must hear about it).
 */
import type { AlertAction } from '@faultline/pipeline';
import { projectMemberEmails, type Db } from '@faultline/store';
import { alertEmail } from './email-message.ts';
import type { Mailer } from './mailer.ts';
import { failure, type SendContext, type SendOutcome } from './notifier.ts';

type EmailAction = Extract<AlertAction, { id: 'email' }>;

export async function sendEmail(action: EmailAction, ctx: SendContext, deps: { db: Db; mailer: Mailer | null }): Promise<SendOutcome> {
  if (!deps.mailer) return failure('email is not configured: set FAULTLINE_SMTP_URL', true);
  const to = action.targetType === 'addresses' ? action.addresses : await projectMemberEmails(deps.db, ctx.payload.project.id);
  if (to.length === 0) return failure('no recipients: the project has no members and there is no admin', true);
  return deps.mailer.send({ to, ...alertEmail(ctx.payload, ctx.publicUrl) }, ctx.signal);
}
