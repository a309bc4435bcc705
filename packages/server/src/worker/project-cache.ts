/** @module Per-project settings digest needs on every event (org, grouping config), cached briefly. */
import { getProjectById, type Db } from '@faultline/store';

export interface ProjectSettings {
  orgId: number;
  groupingConfig: string;
}

export class ProjectCache {
  private readonly entries = new Map<number, { value: ProjectSettings | null; at: number }>();
  constructor(private readonly ttlMs = 5000) {}

  async get(db: Db, projectId: number): Promise<ProjectSettings | null> {
    const hit = this.entries.get(projectId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const p = await getProjectById(db, projectId);
    const value = p ? { orgId: p.org_id, groupingConfig: p.grouping_config } : null;
    this.entries.set(projectId, { value, at: Date.now() });
    return value;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
