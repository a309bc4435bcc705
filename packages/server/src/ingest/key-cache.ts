/**
 * @module DSN public key → project, cached for a few seconds so ingest does no database read per request.
 * Key changes made through this process's API invalidate at once; changes from another process (the CLI, another
 * node) take effect within the TTL.
 */
import { filterOptionsFromJson } from '@faultline/pipeline';
import { getKeyByPublicKey, getProjectById, type Db } from '@faultline/store';

export interface KeyInfo {
  publicKey: string;
  projectId: number;
  orgId: number;
  active: boolean;
  /** The key's own rate limit (Sentry's key rate limit), if set. */
  rateLimit?: { count: number; windowSec: number };
  /** The project's `allowedDomains` (Sentry's): hosts a browser request's Origin/Referer may name. */
  allowedDomains: string[];
}

const TTL_MS = 2000;

export class KeyCache {
  private readonly entries = new Map<string, { info: KeyInfo | null; at: number }>();
  constructor(private readonly db: Db) {}

  async lookup(publicKey: string): Promise<KeyInfo | null> {
    const hit = this.entries.get(publicKey);
    const now = Date.now();
    if (hit && now - hit.at < TTL_MS) return hit.info;
    const key = await getKeyByPublicKey(this.db, publicKey);
    const project = key ? await getProjectById(this.db, key.project_id) : undefined;
    const info: KeyInfo | null =
      key && project
        ? {
            publicKey,
            projectId: key.project_id,
            orgId: project.org_id,
            active: key.is_active === 1,
            allowedDomains: filterOptionsFromJson(project.filter_options).allowedDomains,
            rateLimit: key.rate_limit_count !== null && key.rate_limit_window !== null ? { count: key.rate_limit_count, windowSec: key.rate_limit_window } : undefined,
          }
        : null;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(publicKey, { info, at: now });
    return info;
  }

  invalidate(): void {
    this.entries.clear();
  }
}
