/**
 * @module The process-wide pieces of source-map support, one set per running app: the blob store (files on disk
 * in SQLite mode, rows in PostgreSQL mode) and the symbolicator with its bounded cache of parsed maps. Kept
 * beside the App rather than in it so the core knows nothing of source maps.
 */
import { ArtifactCache, LruCache, Symbolicator } from '@faultline/pipeline/symbolicate';
import { openBlobStore, type BlobStore } from '@faultline/store';
import type { App } from '../app.ts';

export interface ArtifactServices {
  blobs: BlobStore;
  symbolicator: Symbolicator;
  /**
   * Debug-ID lookups that found a file, across events: a debug ID names one build, so the answer only changes
   * when a bundle is deleted (which clears this). Misses are never kept: the map may be uploaded a second later.
   */
  debugIdHits: LruCache<string, DebugIdHit>;
  /**
   * Debug-ID lookups that found nothing, kept for a few seconds: a stream of events from a build whose maps were
   * never uploaded would otherwise cost a query each. An upload through this node clears it at once; an upload
   * through another node is seen within MISS_TTL_MS (and reprocessing covers events in between).
   */
  debugIdMisses: Map<string, number>;
}

export const MISS_TTL_MS = 10_000;

export interface DebugIdHit {
  blobKey: string;
  url: string | null;
  headers: string;
  bundleId: number;
}

const services = new WeakMap<App, ArtifactServices>();

export function artifactServices(app: App): ArtifactServices {
  let s = services.get(app);
  if (!s) {
    s = { blobs: openBlobStore(app.db, app.config.dataDir), symbolicator: new Symbolicator(new ArtifactCache()), debugIdHits: new LruCache(50_000, 50_000), debugIdMisses: new Map() };
    services.set(app, s);
  }
  return s;
}
