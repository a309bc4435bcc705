/**
 * @module `assembleUpload`: sentry-cli's assemble step. Checks which chunks are missing, and when none are,
 * concatenates them, verifies the SHA-1, parses the artifact bundle (zip-bomb caps in `readZip`) and indexes its files — synchronously, so the
 * first assemble call after the upload already answers `ok` and the maps are usable the moment the CLI exits.
 * The outcome is remembered per checksum: uploading the same bundle again answers "nothing to upload".
 */
import { createHash } from 'node:crypto';
import { getAssembleStatus, insertArtifactBundle, missingChunks, pruneChunks, readChunks, setAssembleStatus, upsertRelease, type AssembleKind, type AssembleState, type BlobStore, type Db } from '@faultline/store';
import { BundleError, parseArtifactBundle } from './artifact-bundle.ts';

export interface AssembleRequest {
  kind: AssembleKind;
  orgId: number;
  checksum: string;
  chunks: string[];
  projectIds: number[];
  release: string | null;
  dist: string | null;
  /**
   * Says why the caller may not upload files with these debug IDs (they already belong to a bundle of a project
   * the caller cannot see), or null. Asked once the bundle is parsed; a refusal is not remembered for the checksum.
   */
  refuseDebugIds?: (debugIds: string[]) => Promise<string | null>;
}

export interface AssembleAnswer {
  state: AssembleState;
  missingChunks: string[];
  detail: string | null;
}

/**
 * Assemblies in flight in this process, per store: the CLI may poll while a large bundle is still being indexed.
 * Keyed by store too, or a second Faultline in the same process (tests run SQLite and PostgreSQL side by side)
 * would be answered `ok` by the first one's assembly and never store the bundle itself.
 */
const inFlightByStore = new WeakMap<Db, Map<string, Promise<AssembleAnswer>>>();

export async function assembleUpload(db: Db, blobs: BlobStore, req: AssembleRequest): Promise<AssembleAnswer> {
  const known = await getAssembleStatus(db, req.orgId, req.kind, req.checksum);
  if (known && (known.state === 'ok' || known.state === 'error')) return { state: known.state, missingChunks: [], detail: known.detail };
  if (req.chunks.length === 0) return { state: 'not_found', missingChunks: [], detail: null };
  const missing = await missingChunks(db, req.orgId, req.chunks);
  if (missing.length > 0) return { state: 'not_found', missingChunks: missing, detail: null };
  // Per project set too: one caller's refusal must not become another's answer.
  const key = `${req.orgId}|${req.kind}|${req.checksum}|${[...req.projectIds].sort().join(',')}`;
  let running = inFlightByStore.get(db);
  if (!running) inFlightByStore.set(db, (running = new Map()));
  let p = running.get(key);
  if (!p) {
    p = assemble(db, blobs, req).finally(() => running.delete(key));
    running.set(key, p);
  }
  return p;
}

async function assemble(db: Db, blobs: BlobStore, req: AssembleRequest): Promise<AssembleAnswer> {
  await setAssembleStatus(db, req.orgId, req.kind, req.checksum, 'assembling');
  const fail = async (detail: string): Promise<AssembleAnswer> => {
    await setAssembleStatus(db, req.orgId, req.kind, req.checksum, 'error', detail);
    return { state: 'error', missingChunks: [], detail };
  };
  const data = await readChunks(blobs, req.chunks);
  if (!data) {
    await setAssembleStatus(db, req.orgId, req.kind, req.checksum, 'not_found');
    return { state: 'not_found', missingChunks: await missingChunks(db, req.orgId, req.chunks), detail: null };
  }
  const actual = createHash('sha1').update(data).digest('hex');
  if (actual !== req.checksum) return fail(`the assembled file's SHA-1 is ${actual}, not ${req.checksum}: a chunk is missing or in the wrong order`);
  let bundle;
  try {
    bundle = await parseArtifactBundle(data);
  } catch (err) {
    if (err instanceof BundleError) return fail(err.message);
    throw err;
  }
  if (bundle.files.length === 0) return fail('the artifact bundle contains no files');
  const refusal = await req.refuseDebugIds?.(bundle.files.map((f) => f.debugId).filter((d): d is string => !!d));
  if (refusal) {
    await setAssembleStatus(db, req.orgId, req.kind, req.checksum, 'not_found');
    return { state: 'error', missingChunks: [], detail: refusal };
  }
  const release = req.release ?? (req.kind === 'release_files' ? bundle.release : null);
  const dist = req.dist ?? (release ? bundle.dist : null);
  // Two passes, one file in memory at a time: every file must inflate to its declared size and CRC before any is
  // stored, so a bundle that lies about one file stores nothing.
  const files = [];
  try {
    for (const f of bundle.files) await f.read();
    for (const f of bundle.files) {
      const content = await f.read();
      const sha1 = createHash('sha1').update(content).digest('hex');
      await blobs.put(`file/${sha1}`, content);
      files.push({ path: f.path, url: f.url, type: f.type, debugId: f.debugId, blobKey: `file/${sha1}`, size: content.length, headers: f.headers });
    }
  } catch (err) {
    if (err instanceof BundleError) return fail(err.message);
    throw err;
  }
  await insertArtifactBundle(db, {
    orgId: req.orgId,
    bundleId: bundle.bundleId ?? req.checksum,
    checksum: req.checksum,
    release,
    dist,
    projectIds: req.projectIds,
    size: data.length,
    files,
  });
  if (release) await upsertRelease(db, req.orgId, release, { projectIds: req.projectIds });
  await setAssembleStatus(db, req.orgId, req.kind, req.checksum, 'ok');
  // Housekeeping rides on uploads: chunks nobody assembled within a day are dropped.
  await pruneChunks(db, blobs);
  return { state: 'ok', missingChunks: [], detail: null };
}
