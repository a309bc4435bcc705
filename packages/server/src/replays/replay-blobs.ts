/** @module Where replay segments' bytes live: the app's blob store, on `db` (pass digest's transaction so they commit with the row). */
import { openBlobStore, type BlobStore, type Db } from '@faultline/store';
import type { App } from '../app.ts';

export function replayBlobs(app: App, db: Db = app.db): BlobStore {
  return openBlobStore(db, app.config.dataDir);
}
