/**
 * @module The process-wide pieces of source-map support, one set per running app: the blob store (files on disk
 * in SQLite mode, rows in PostgreSQL mode) and the symbolicator with its bounded cache of parsed maps. Kept
 * on `app.plugins.sourcemaps`, the plug-in's own key, so the core knows nothing of source maps.
 */
import { ArtifactCache, LruCache, Symbolicator } from '@faultline/pipeline/symbolicate';
import { openBlobStore, type BlobStore } from '@faultline/store';
import type { App } from '../app.ts';

export interface ArtifactServices {
  blobs: BlobStore;
  symbolicator: Symbolicator;
  /**
   * Debug-ID lookups that found a file, across events, keyed by project (`cacheKey`): a debug ID names one build,
   * so the answer only changes when one of the project's bundles is deleted (which forgets that project's entries).
   * Misses are never kept here: the map may be uploaded a second later.
   */
  debugIdHits: LruCache<string, DebugIdHit>;
  /**
   * Debug-ID lookups that found nothing, kept for a few seconds: a stream of events from a build whose maps were
   * never uploaded would otherwise cost a query each. An upload through this node clears it at once; an upload
   * through another node is seen within MISS_TTL_MS (and reprocessing covers events in between). Keyed by
   * project like the hits; an upload forgets only the entries of the projects it is linked to.
   */
  debugIdMisses: Map<string, number>;
  /**
   * When this node last recorded a bundle's use (bundle row id → ms): a bundle that serves frames is marked used in
   * the store at most once per `USE_RECORD_MS`, so its source maps expire after their last use, not their upload.
   */
  bundleUses: Map<number, number>;
}

export const USE_RECORD_MS = 3_600_000;

export const MISS_TTL_MS = 10_000;

export interface DebugIdHit {
  blobKey: string;
  url: string | null;
  headers: string;
  bundleId: number;
}

/** The cache key of a lookup made for one project: `org|project|what`. */
export function cacheKey(orgId: number, projectId: number, what: string): string {
  return `${orgId}|${projectId}|${what}`;
}

/** Forgets cached lookups (hits and misses) of these projects only: other teams' results are left as they were. */
export function forgetProjects(s: ArtifactServices, orgId: number, projectIds: number[]): void {
  const prefixes = projectIds.map((p) => cacheKey(orgId, p, ''));
  const mine = (key: string) => prefixes.some((p) => key.startsWith(p));
  s.debugIdHits.deleteWhere(mine);
  for (const key of [...s.debugIdMisses.keys()]) if (mine(key)) s.debugIdMisses.delete(key);
}

declare module '../app.ts' {
  interface PluginStates {
    sourcemaps?: ArtifactServices;
  }
}

/** The app's source-map pieces, made on first use (the stage, the upload API and reprocessing share them). */
export function artifactServices(app: App): ArtifactServices {
  app.plugins.sourcemaps ??= {
    blobs: openBlobStore(app.db, app.config.dataDir),
    symbolicator: new Symbolicator(new ArtifactCache()),
    debugIdHits: new LruCache(50_000, 50_000),
    debugIdMisses: new Map(),
    bundleUses: new Map(),
  };
  return app.plugins.sourcemaps;
}
