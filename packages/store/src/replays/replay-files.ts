/**
 * @module Replay segment files on SQLite: an older Faultline kept each segment as a file under
 * `<data dir>/blobs/replay/<project>/<first two of the id>/<replay id>/<segment>`. `sweepReplayFiles` moves a file
 * that a segment row still names into the `blobs` table (in one transaction with the check, so a replay deleted
 * meanwhile is either seen gone or has its new row deleted with it) and then removes the file; a file no row names
 * (its replay deleted, and a crash came between the commit and the file's deletion; or a write-then-rename temp
 * file) is deleted once it is older than `graceMs`. Empty folders go with their last file.
 */
import { readdir, rm, rmdir, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DbBlobStore } from '../artifacts/blob-store.ts';
import type { Db } from '../db/db.ts';
import { replaySegmentKey, replaySegmentNamesKey } from './replay-segments.ts';

export interface ReplayFileSweep {
  /** Files a segment row names, now rows of `blobs`. */
  moved: number;
  /** Orphans (no row names them) older than the grace period, deleted. */
  deleted: number;
  /** Orphans still within the grace period, left for a later run. */
  young: number;
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Looks at up to `limit` files (a run is bounded; the next one goes on). */
export async function sweepReplayFiles(db: Db, dataDir: string, o: { graceMs: number; limit: number; now?: number }): Promise<ReplayFileSweep> {
  const out: ReplayFileSweep = { moved: 0, deleted: 0, young: 0 };
  const root = join(dataDir, 'blobs', 'replay');
  const before = (o.now ?? Date.now()) - o.graceMs;
  let seen = 0;
  for (const project of await list(root)) {
    for (const prefix of await list(join(root, project))) {
      for (const replayId of await list(join(root, project, prefix))) {
        const folder = join(root, project, prefix, replayId);
        for (const name of await list(folder)) {
          if (seen++ >= o.limit) return out;
          const path = join(folder, name);
          const isSegment = /^\d+$/.test(project) && /^[0-9a-f]{32}$/.test(replayId) && /^\d+$/.test(name);
          if (isSegment && (await moveIfNamed(db, Number(project), replayId, Number(name), path))) {
            out.moved++;
          } else if ((await stat(path)).mtimeMs < before) {
            await rm(path, { force: true });
            out.deleted++;
          } else {
            out.young++;
            continue;
          }
          await rmdir(folder).catch(() => {}); // only once empty
        }
      }
      await rmdir(join(root, project, prefix)).catch(() => {});
    }
    await rmdir(join(root, project)).catch(() => {});
  }
  return out;
}

async function moveIfNamed(db: Db, projectId: number, replayId: string, segmentId: number, path: string): Promise<boolean> {
  const key = replaySegmentKey(projectId, replayId, segmentId);
  const moved = await db.transaction(async (tx) => {
    if (!(await replaySegmentNamesKey(tx, projectId, replayId, segmentId, key))) return false;
    await new DbBlobStore(tx).put(key, await readFile(path)); // a row already there (moved before a crash) is kept
    return true;
  });
  if (moved) await rm(path, { force: true });
  return moved;
}
