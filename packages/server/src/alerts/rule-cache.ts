/**
 * @module The active alert rules of a project, as digest needs them on every event, cached for 2 s: a rule
 * changed through this node's API applies at once (invalidate), one changed on another node within 2 s.
 */
import { listAlertRuleRows, projectWithOrgSlug, ruleFromRow, type AlertRule, type Db } from '@faultline/store';
import type { Logger } from '../log.ts';

export interface ProjectRules {
  rules: AlertRule[];
  project: { id: number; slug: string; name: string };
  orgSlug: string;
}

export class RuleCache {
  private readonly entries = new Map<number, { value: ProjectRules | null; at: number }>();

  constructor(
    private readonly log: Logger,
    private readonly ttlMs = 2000,
  ) {}

  async get(db: Db, projectId: number): Promise<ProjectRules | null> {
    const hit = this.entries.get(projectId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = await this.load(db, projectId);
    this.entries.set(projectId, { value, at: Date.now() });
    return value;
  }

  invalidate(projectId?: number): void {
    if (projectId === undefined) this.entries.clear();
    else this.entries.delete(projectId);
  }

  private async load(db: Db, projectId: number): Promise<ProjectRules | null> {
    const rows = (await listAlertRuleRows(db, projectId)).filter((r) => r.status === 'active');
    if (rows.length === 0) return null;
    const rules: AlertRule[] = [];
    for (const row of rows) {
      try {
        rules.push(ruleFromRow(row));
      } catch (err) {
        // Only a hand-edited row gets here; one bad rule must not stop the others (or digest).
        this.log.error('alert rule unreadable; skipped', { ruleId: row.id, err });
      }
    }
    const p = await projectWithOrgSlug(db, projectId);
    if (!p) return null;
    return { rules, project: { id: projectId, slug: p.slug, name: p.name }, orgSlug: p.org_slug };
  }
}
