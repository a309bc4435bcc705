/**
 * @module Issue alert rules of a project, in Sentry's shape kept small: `GET|POST /api/0/projects/{org}/{project}/rules/`
 * and `GET|PUT|DELETE …/rules/{id}/`. Bodies are checked by `parseAlertRule`; its refusals name the field.
 * PUT may send only what changes; `{"regenerateSecret": true}` gives the rule a new webhook signing secret.
 */
import { parseAlertRule, type AlertRuleSpec } from '@faultline/pipeline';
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRuleRow,
  listAlertRuleRows,
  newRuleSecret,
  ruleFromRow,
  ruleLastFired,
  updateAlertRule,
  usersByIds,
  type AlertRule,
  type ProjectRow,
} from '@faultline/store';
import { alertsOf } from '../alerts/install-alerts.ts';
import { ALERTS_WRITE, satisfies } from '../auth/scopes.ts';
import { redactAction } from './alert-targets.ts';
import { refusedTarget } from '../alerts/refused-target.ts';
import { HttpError, readJsonBody, sendJson } from '../http/respond.ts';
import type { Ctx } from '../http/router.ts';
import { projectFromParams } from './access.ts';
import { iso } from './serialize.ts';

type Creators = Map<number, { id: string; email: string; name: string }>;

/**
 * A rule as the caller may see it: who cannot edit it (a read-only token) gets its targets redacted and no signing
 * secret — knowing a Slack URL or routing key is enough to post as Faultline.
 */
export function serializeRule(rule: AlertRule, project: ProjectRow, lastFired: number | undefined, creators: Creators, canEdit: boolean) {
  return {
    id: String(rule.id),
    name: rule.name,
    status: rule.status,
    actionMatch: rule.actionMatch,
    filterMatch: rule.filterMatch,
    frequency: rule.frequency,
    environment: rule.environment,
    conditions: rule.conditions,
    filters: rule.filters,
    actions: canEdit ? rule.actions : rule.actions.map(redactAction),
    /** Signs webhook bodies (`Sentry-Hook-Signature`, HMAC-SHA256 of the body); null for who cannot edit the rule. */
    secret: canEdit ? rule.secret : null,
    projects: [project.slug],
    createdBy: rule.createdBy === null ? null : (creators.get(rule.createdBy) ?? { id: String(rule.createdBy), email: null, name: null }),
    dateCreated: iso(rule.createdAt),
    dateModified: iso(rule.updatedAt),
    lastTriggered: iso(lastFired),
  };
}

async function creatorsOf(ctx: Ctx, rules: AlertRule[]): Promise<Creators> {
  const ids = [...new Set(rules.map((r) => r.createdBy).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await usersByIds(ctx.app.db, ids);
  return new Map(rows.map((u) => [Number(u.id), { id: String(u.id), email: u.email, name: u.name ?? u.email }]));
}

function canEdit(ctx: Ctx): boolean {
  return satisfies(ctx.principal!.scopes, ALERTS_WRITE);
}

async function respondWith(ctx: Ctx, status: number, rule: AlertRule, project: ProjectRow): Promise<void> {
  const fired = await ruleLastFired(ctx.app.db, project.id);
  sendJson(ctx.res, status, serializeRule(rule, project, fired.get(rule.id), await creatorsOf(ctx, [rule]), canEdit(ctx)));
}

function parse(ctx: Ctx, body: unknown, base?: AlertRuleSpec): AlertRuleSpec {
  const spec = parseAlertRule(body, base);
  const refused = refusedTarget(spec, alertsOf(ctx.app).outbound);
  if (refused) throw new HttpError(400, refused);
  return spec;
}

async function ruleFromParams(ctx: Ctx): Promise<{ project: ProjectRow; rule: AlertRule }> {
  const { project } = await projectFromParams(ctx);
  const id = ctx.params.ruleId ?? '';
  const row = /^\d+$/.test(id) ? await getAlertRuleRow(ctx.app.db, project.id, Number(id)) : undefined;
  if (!row) throw new HttpError(404, `alert rule "${id}" not found`);
  return { project, rule: ruleFromRow(row) };
}

export async function listRules(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const rules = (await listAlertRuleRows(ctx.app.db, project.id)).map(ruleFromRow);
  const fired = await ruleLastFired(ctx.app.db, project.id);
  const creators = await creatorsOf(ctx, rules);
  const editable = canEdit(ctx);
  sendJson(ctx.res, 200, rules.map((r) => serializeRule(r, project, fired.get(r.id), creators, editable)));
}

export async function createRule(ctx: Ctx): Promise<void> {
  const { project } = await projectFromParams(ctx);
  const spec = parse(ctx, await readJsonBody(ctx.req));
  const rule = await createAlertRule(ctx.app.db, project.id, spec, { createdBy: ctx.principal!.userId ?? null });
  rulesChanged(ctx, project.id);
  await respondWith(ctx, 201, rule, project);
}

export async function getRule(ctx: Ctx): Promise<void> {
  const { project, rule } = await ruleFromParams(ctx);
  await respondWith(ctx, 200, rule, project);
}

export async function updateRule(ctx: Ctx): Promise<void> {
  const { project, rule } = await ruleFromParams(ctx);
  const body = await readJsonBody<Record<string, unknown>>(ctx.req);
  const { regenerateSecret, ...fields } = body;
  const spec = parse(ctx, fields, rule);
  const fresh = await updateAlertRule(ctx.app.db, rule, spec, regenerateSecret === true ? newRuleSecret() : rule.secret);
  rulesChanged(ctx, project.id);
  await respondWith(ctx, 200, fresh, project);
}

export async function deleteRule(ctx: Ctx): Promise<void> {
  const { project, rule } = await ruleFromParams(ctx);
  await deleteAlertRule(ctx.app.db, rule.id);
  rulesChanged(ctx, project.id);
  ctx.res.writeHead(204).end();
}

/** The rule cache here and, when digest runs on its own thread, the one there. */
function rulesChanged(ctx: Ctx, projectId: number): void {
  alertsOf(ctx.app).rules.invalidate(projectId);
  ctx.app.worker?.changed({ kind: 'rules', projectId });
}
