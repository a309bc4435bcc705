/**
 * @module What alerts did: `GET /api/0/projects/{org}/{project}/alert-deliveries/` (newest first, each with every
 * attempt: time, duration, response code, error; filters `rule`, `status`, `issue`) and `…/alert-stats/`
 * (notifications and suppressed ones per hour, the cap, what is waiting or failed). Secrets are never shown:
 * targets are summarized (a Slack URL or routing key by its end, a webhook URL without its query).
 */
import { alertCounts, attemptsOf, deliveryBacklog, listDeliveries, safeJson, type AttemptRow, type DeliveryRow } from '@faultline/store';
import { alertsOf } from '../alerts/install-alerts.ts';
import { targetOf } from './alert-targets.ts';
import type { AlertPayload } from '../alerts/alert-payload.ts';
import { HttpError, sendJson } from '../http/respond.ts';
import type { Ctx } from '../http/router.ts';
import { linkHeader, parseCursor, parseLimit, projectFromParams } from './access.ts';
import { iso } from './serialize.ts';

const STATUSES = new Set(['pending', 'sending', 'sent', 'failed', 'cancelled']);

function serializeDelivery(d: DeliveryRow, attempts: AttemptRow[]) {
  const payload = safeJson(d.payload) as Partial<AlertPayload>;
  return {
    id: String(d.id),
    ruleId: d.rule_id === null ? null : String(d.rule_id),
    ruleName: payload.rule?.name ?? null,
    issueId: d.issue_id === null ? null : String(d.issue_id),
    issue: payload.issue ? { shortId: payload.issue.shortId, title: payload.issue.title } : null,
    trigger: d.trigger_id,
    triggerLabel: payload.trigger?.label ?? d.trigger_id,
    action: d.action_type,
    target: targetOf(d.action_type, safeJson(d.action_config)),
    status: d.status,
    attemptCount: Number(d.attempts),
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    dateCreated: iso(d.created_at),
    dateFinished: iso(d.finished_at),
    lastError: d.last_error,
    attempts: attempts.map((a) => ({
      attempt: Number(a.attempt),
      dateStarted: iso(a.started_at),
      durationMs: Number(a.duration_ms),
      ok: Number(a.ok) === 1,
      responseCode: a.response_code === null ? null : Number(a.response_code),
      error: a.error,
    })),
  };
}

function idParam(ctx: Ctx, name: string): number | undefined {
  const v = ctx.url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new HttpError(400, `${name} must be an id`);
  return Number(v);
}

export async function listAlertDeliveries(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const status = ctx.url.searchParams.get('status') || undefined;
  if (status !== undefined && !STATUSES.has(status)) throw new HttpError(400, `status must be one of ${[...STATUSES].join(', ')}`);
  const limit = parseLimit(ctx, 25, 100);
  const offset = parseCursor(ctx.url.searchParams.get('cursor'));
  const rows = await listDeliveries(ctx.app.db, project.id, { ruleId: idParam(ctx, 'rule'), issueId: idParam(ctx, 'issue'), status, offset, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const attempts = await attemptsOf(ctx.app.db, page.map((d) => Number(d.id)));
  sendJson(
    ctx.res,
    200,
    page.map((d) => serializeDelivery(d, attempts.get(Number(d.id)) ?? [])),
    { link: linkHeader(ctx, offset, limit, rows.length > limit) },
  );
}

export async function getAlertStats(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const now = Date.now();
  const counts = await alertCounts(ctx.app.db, project.id, now);
  const backlog = await deliveryBacklog(ctx.app.db, project.id, now - 24 * 3_600_000);
  sendJson(ctx.res, 200, {
    hourlyCap: ctx.app.config.alertHourlyCap,
    emailConfigured: alertsOf(ctx.app).emailConfigured,
    lastHour: counts.lastHour,
    last24h: counts.last24h,
    hourly: counts.hourly.map((h) => ({ hour: iso(h.hour), notified: h.notified, suppressed: h.suppressed })),
    waiting: backlog.waiting,
    failed24h: backlog.failed,
  });
}
