/** @module Per-project settings digest needs on every event (org, grouping config and fingerprint rules, data scrubbing, inbound filters), cached briefly. */
import { filterOptionsFromJson, parseFingerprintingRules, scrubOptionsFromJson, type FilterOptions, type FingerprintRule, type ScrubOptions } from '@faultline/pipeline';
import { getProjectById, type Db } from '@faultline/store';

export interface ProjectSettings {
  orgId: number;
  groupingConfig: string;
  /** The project's fingerprint rules, checked before the grouping config's built-in ones. */
  fingerprintRules: FingerprintRule[];
  scrub: Required<ScrubOptions>;
  filters: FilterOptions;
  /** The share of traces kept (0–1), null = all. */
  tracesSampleRate: number | null;
}

/**
 * A project's stored rules text, parsed. The API stores only text that parses, so the fallback (no rules, as
 * Sentry does with a config it cannot read) is for a row written by hand.
 */
export function projectFingerprintRules(text: string | null | undefined): FingerprintRule[] {
  if (!text) return [];
  try {
    return parseFingerprintingRules(text);
  } catch {
    return [];
  }
}

export class ProjectCache {
  private readonly entries = new Map<number, { value: ProjectSettings | null; at: number }>();
  constructor(private readonly ttlMs = 5000) {}

  async get(db: Db, projectId: number): Promise<ProjectSettings | null> {
    const hit = this.entries.get(projectId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const p = await getProjectById(db, projectId);
    const value = p ? { orgId: p.org_id, groupingConfig: p.grouping_config, fingerprintRules: projectFingerprintRules(p.fingerprinting_rules), scrub: scrubOptionsFromJson(p.scrub_options), filters: filterOptionsFromJson(p.filter_options), tracesSampleRate: p.traces_sample_rate === null || p.traces_sample_rate === undefined ? null : Number(p.traces_sample_rate) } : null;
    this.entries.set(projectId, { value, at: Date.now() });
    return value;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
