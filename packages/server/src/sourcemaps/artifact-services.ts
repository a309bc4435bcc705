/**
 * @module The process-wide pieces of source-map support, one set per running app: the blob store (files on disk
 * in SQLite mode, rows in PostgreSQL mode) and the symbolicator with its bounded cache of parsed maps. Kept
 * beside the App rather than in it so the core knows nothing of source maps.
 */
import { ArtifactCache, Symbolicator } from '@faultline/pipeline/symbolicate';
import { openBlobStore, type BlobStore } from '@faultline/store';
import type { App } from '../app.ts';

export interface ArtifactServices {
  blobs: BlobStore;
  symbolicator: Symbolicator;
}

const services = new WeakMap<App, ArtifactServices>();

export function artifactServices(app: App): ArtifactServices {
  let s = services.get(app);
  if (!s) {
    s = { blobs: openBlobStore(app.db, app.config.dataDir), symbolicator: new Symbolicator(new ArtifactCache()) };
    services.set(app, s);
  }
  return s;
}
