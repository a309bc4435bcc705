/**
 * @module `StoreArtifactLookup`: the pipeline's `ArtifactLookup` port over the artifact tables and the blob store,
 * scoped to one project of one organization: every query finds only files linked to that project (its bundles,
the releases it owns), and the cross-event caches are keyed by project, so another team's upload or delete can
never change this project's frames. Answers are memoized for the lookup's lifetime (one event, or one
 * reprocessing run), so a stack with twenty frames from one bundle costs two queries, not forty.
 */
import type { ArtifactFile, ArtifactLookup, ArtifactType, LruCache } from '@faultline/pipeline/symbolicate';
import { cacheKey, MISS_TTL_MS, USE_RECORD_MS, type DebugIdHit } from './artifact-services.ts';
import { findFileByDebugId, findReleaseFile, releaseHasFiles, touchArtifactBundle, type BlobStore, type Db } from '@faultline/store';

export class StoreArtifactLookup implements ArtifactLookup {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly orgId: number,
    private readonly projectId: number,
    private readonly hits?: LruCache<string, DebugIdHit>,
    private readonly misses?: Map<string, number>,
    private readonly uses?: Map<number, number>,
  ) {}

  /** Marks the bundle used in the store, at most once per `USE_RECORD_MS` per node (see `ArtifactServices.bundleUses`). */
  private async noteUse(bundleId: number): Promise<void> {
    if (!this.uses) return;
    const now = Date.now();
    if ((this.uses.get(bundleId) ?? 0) > now - USE_RECORD_MS) return;
    if (this.uses.size > 50_000) this.uses.clear();
    this.uses.set(bundleId, now);
    await touchArtifactBundle(this.db, bundleId, now);
  }

  byDebugId(debugId: string, type: ArtifactType): Promise<ArtifactFile | undefined> {
    return this.once(`id|${debugId}|${type}`, async () => {
      const key = cacheKey(this.orgId, this.projectId, `${debugId}|${type}`);
      let hit = this.hits?.get(key);
      if (!hit) {
        const missUntil = this.misses?.get(key);
        if (missUntil !== undefined && missUntil > Date.now()) return undefined;
        const row = await findFileByDebugId(this.db, this.orgId, this.projectId, debugId, type);
        if (!row) {
          if (this.misses) {
            if (this.misses.size > 50_000) this.misses.clear();
            this.misses.set(key, Date.now() + MISS_TTL_MS);
          }
          return undefined;
        }
        hit = { blobKey: row.blob_key, url: row.url, headers: row.headers, bundleId: Number(row.bundle_id) };
        this.hits?.set(key, hit, 1);
      }
      await this.noteUse(hit.bundleId);
      return this.file(hit.blobKey, hit.url, hit.headers, `artifact bundle #${hit.bundleId}`);
    });
  }

  byUrl(release: string, dist: string, url: string): Promise<ArtifactFile | undefined> {
    return this.once(`url|${release}|${dist}|${url}`, async () => {
      const row = await findReleaseFile(this.db, this.orgId, this.projectId, release, dist, url);
      return row ? this.file(row.blob_key, row.name, row.headers, row.bundle_id ? `artifact bundle #${row.bundle_id} of release ${release}` : `release ${release}`) : undefined;
    });
  }

  hasReleaseFiles(release: string, dist: string): Promise<boolean> {
    return this.once(`has|${release}|${dist}`, async () => {
      // Most releases have no individually uploaded files: remember that briefly, like a debug-ID miss.
      const key = cacheKey(this.orgId, this.projectId, `has|${release}|${dist}`);
      const missUntil = this.misses?.get(key);
      if (missUntil !== undefined && missUntil > Date.now()) return false;
      const has = await releaseHasFiles(this.db, this.orgId, this.projectId, release, dist);
      if (!has && this.misses) this.misses.set(key, Date.now() + MISS_TTL_MS);
      return has;
    });
  }

  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      this.memo.set(key, p);
    }
    return p;
  }

  private file(blobKey: string, url: string | null, headers: string, origin: string): ArtifactFile {
    const blobs = this.blobs;
    const f: ArtifactFile = {
      key: blobKey,
      headers: parseHeaders(headers),
      origin,
      async read() {
        const data = await blobs.get(blobKey);
        if (!data) throw new Error(`blob ${blobKey} is missing from the blob store`);
        return data.toString('utf8');
      },
    };
    if (url) f.url = url;
    return f;
  }
}

function parseHeaders(s: string): Record<string, string> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}
