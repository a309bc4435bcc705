/** @module Alert rules of a project: rows ↔ `AlertRuleSpec`, CRUD. Validation is `parseAlertRule`'s (pipeline). */
import { randomBytes } from 'node:crypto';
import { parseAlertRule, type AlertRuleSpec } from '@faultline/pipeline';
import type { Db } from '../db/db.ts';

export interface AlertRuleRow {
  id: number;
  project_id: number;
  name: string;
  status: string;
  action_match: string;
  filter_match: string;
  conditions: string;
  filters: string;
  actions: string;
  environment: string | null;
  frequency: number;
  secret: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface AlertRule extends AlertRuleSpec {
  id: number;
  projectId: number;
  /** Signs webhook bodies (HMAC-SHA256); generated per rule. */
  secret: string;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A stored row as a rule; rows are written only through `parseAlertRule`, so parsing again cannot fail short of tampering. */
export function ruleFromRow(r: AlertRuleRow): AlertRule {
  const spec = parseAlertRule({
    name: r.name,
    status: r.status,
    actionMatch: r.action_match,
    filterMatch: r.filter_match,
    conditions: JSON.parse(r.conditions),
    filters: JSON.parse(r.filters),
    actions: JSON.parse(r.actions),
    environment: r.environment,
    frequency: Number(r.frequency),
  });
  return { ...spec, id: Number(r.id), projectId: Number(r.project_id), secret: r.secret, createdBy: r.created_by === null ? null : Number(r.created_by), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

export function newRuleSecret(): string {
  return randomBytes(24).toString('hex');
}

export async function listAlertRuleRows(db: Db, projectId: number): Promise<AlertRuleRow[]> {
  return db.all<AlertRuleRow>('SELECT * FROM alert_rules WHERE project_id = ? ORDER BY id', [projectId]);
}

export async function getAlertRuleRow(db: Db, projectId: number, id: number): Promise<AlertRuleRow | undefined> {
  return db.get<AlertRuleRow>('SELECT * FROM alert_rules WHERE project_id = ? AND id = ?', [projectId, id]);
}

export async function createAlertRule(db: Db, projectId: number, spec: AlertRuleSpec, opts: { createdBy?: number | null; secret?: string } = {}): Promise<AlertRule> {
  const now = Date.now();
  return db.transaction(async (tx) => {
    const row = await tx.get<AlertRuleRow>(
      `INSERT INTO alert_rules (project_id, name, status, action_match, filter_match, conditions, filters, actions, environment, frequency,
         secret, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [projectId, ...specValues(spec), opts.secret ?? newRuleSecret(), opts.createdBy ?? null, now, now],
    );
    return ruleFromRow(row!);
  });
}

export async function updateAlertRule(db: Db, rule: AlertRule, spec: AlertRuleSpec, secret: string = rule.secret): Promise<AlertRule> {
  return db.transaction(async (tx) => {
    const row = await tx.get<AlertRuleRow>(
      `UPDATE alert_rules SET name = ?, status = ?, action_match = ?, filter_match = ?, conditions = ?, filters = ?, actions = ?,
         environment = ?, frequency = ?, secret = ?, updated_at = ? WHERE id = ? RETURNING *`,
      [...specValues(spec), secret, Date.now(), rule.id],
    );
    return ruleFromRow(row!);
  });
}

/** Deletes the rule; its deliveries stay as history, but those still waiting are cancelled (nobody wants them now). */
export async function deleteAlertRule(db: Db, ruleId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      `UPDATE alert_deliveries SET status = 'cancelled', finished_at = ?, last_error = 'rule deleted', claim_token = NULL
       WHERE rule_id = ? AND status IN ('pending', 'sending')`,
      [Date.now(), ruleId],
    );
    await tx.run('DELETE FROM alert_rule_fires WHERE rule_id = ?', [ruleId]);
    await tx.run('DELETE FROM alert_rules WHERE id = ?', [ruleId]);
  });
}

/** rule id → when it last fired for any issue. */
export async function ruleLastFired(db: Db, projectId: number): Promise<Map<number, number>> {
  const rows = await db.all<{ rule_id: number; t: number }>(
    'SELECT f.rule_id, MAX(f.last_fired) AS t FROM alert_rule_fires f JOIN alert_rules r ON r.id = f.rule_id WHERE r.project_id = ? GROUP BY f.rule_id',
    [projectId],
  );
  return new Map(rows.map((r) => [Number(r.rule_id), Number(r.t)]));
}

function specValues(s: AlertRuleSpec): Array<string | number | null> {
  return [s.name, s.status, s.actionMatch, s.filterMatch, JSON.stringify(s.conditions), JSON.stringify(s.filters), JSON.stringify(s.actions), s.environment, s.frequency];
}

/** Active rules with a PagerDuty action that fired for this issue (its resolve is sent to them), with their slugs. */
export function pagerDutyRulesFiredFor(db: Db, issueId: number): Promise<Array<AlertRuleRow & { org_slug: string; project_slug: string; project_name: string }>> {
  return db.all<AlertRuleRow & { org_slug: string; project_slug: string; project_name: string }>(
    `SELECT r.*, o.slug AS org_slug, p.slug AS project_slug, p.name AS project_name FROM alert_rules r
     JOIN alert_rule_fires f ON f.rule_id = r.id JOIN projects p ON p.id = r.project_id JOIN organizations o ON o.id = p.org_id
     WHERE f.issue_id = ? AND r.status = 'active' AND r.actions LIKE '%pagerduty%'`,
    [issueId],
  );
}
