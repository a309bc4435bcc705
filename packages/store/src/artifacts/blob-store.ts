/**
 * @module `BlobStore`: where uploaded bytes live — chunks while an upload is assembled, then every file of an
 * artifact bundle. SQLite mode writes files under `<data dir>/blobs/` (the database stays small, a backup copies
 * a folder); PostgreSQL mode keeps them in the `blobs` table so every node of a cluster sees every upload.
 * Keys are `chunk/<sha1>` or `file/<sha1>`: content-addressed, so a re-upload is free, and the two kinds never
 * share a key, so pruning chunks can't remove a file. Session replay segments are `replay/<project>/<replay id>/<segment>`
 * (one per segment, as digest stored it; see the store's `replaySegmentKey`); they are rows of `blobs` on both
 * dialects (`SqliteBlobStore`): a few KB each, thousands a second, and creating a file cost about 0.6 ms of kernel
 * CPU per segment on the bench machine, most of a segment's digest, where a row in digest's transaction costs tens
 * of µs and commits (or rolls back) with the segment's row. Segments written as files before that are still read
 * from their file and deleted with it.
 */
import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db } from '../db/db.ts';

export interface BlobStore {
  put(key: string, data: Uint8Array): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  /** Several blobs at once (one query in PostgreSQL mode); a missing key is absent from the map. */
  getMany(keys: string[]): Promise<Map<string, Buffer>>;
  delete(key: string): Promise<void>;
}

const KEY = /^(?:(chunk|file)\/[0-9a-f]{40}|replay\/\d+\/[0-9a-f]{32}\/\d+)$/;

function checkKey(key: string): void {
  // Keys become file paths: anything but the two shapes above is refused before touching the disk.
  if (!KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
}

/** A replay segment's file: `replay/<project>/<first two of the id>/<replay id>/<segment>`, a folder per replay. */
function replayPath(root: string, key: string): string {
  const [, project, replayId, segment] = key.split('/') as [string, string, string, string];
  return join(root, 'replay', project, replayId.slice(0, 2), replayId, segment);
}

export function openBlobStore(db: Db, dataDir: string): BlobStore {
  return db.dialect === 'postgres' ? new DbBlobStore(db) : new SqliteBlobStore(new DbBlobStore(db), new FileBlobStore(join(dataDir, 'blobs')));
}

const isReplayKey = (key: string) => key.startsWith('replay/');

/** SQLite: uploads as files under `blobs/`; replay segments in the `blobs` table, or (written before) in their file. */
export class SqliteBlobStore implements BlobStore {
  constructor(
    private readonly rows: DbBlobStore,
    readonly files: FileBlobStore,
  ) {}

  put(key: string, data: Uint8Array): Promise<void> {
    return isReplayKey(key) ? this.rows.put(key, data) : this.files.put(key, data);
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (isReplayKey(key) ? await this.rows.get(key) : undefined) ?? (await this.files.get(key));
  }

  async getMany(keys: string[]): Promise<Map<string, Buffer>> {
    const out = await this.rows.getMany(keys.filter(isReplayKey));
    for (const key of keys) {
      if (out.has(key)) continue;
      const data = await this.files.get(key);
      if (data) out.set(key, data);
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    if (isReplayKey(key)) await this.rows.delete(key);
    await this.files.delete(key);
  }
}

export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    checkKey(key);
    if (key.startsWith('replay/')) return replayPath(this.root, key);
    const [kind, hash] = key.split('/') as [string, string];
    return join(this.root, kind, hash.slice(0, 2), hash.slice(2));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half a file, and two writers of the same content both succeed.
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async getMany(keys: string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (const key of keys) {
      const data = await this.get(key);
      if (data) out.set(key, data);
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    // A replay's folder goes with its last segment (rmdir refuses a folder that still holds one).
    if (key.startsWith('replay/')) await rmdir(dirname(path)).catch(() => {});
  }
}

export class DbBlobStore implements BlobStore {
  constructor(private readonly db: Db) {}

  async put(key: string, data: Uint8Array): Promise<void> {
    checkKey(key);
    await this.db.run('INSERT INTO blobs (key, size, content, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING', [key, data.byteLength, data, Date.now()]);
  }

  async get(key: string): Promise<Buffer | undefined> {
    checkKey(key);
    const row = await this.db.get<{ content: Uint8Array }>('SELECT content FROM blobs WHERE key = ?', [key]);
    return row ? Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) : undefined;
  }

  async getMany(keys: string[]): Promise<Map<string, Buffer>> {
    keys.forEach(checkKey);
    if (keys.length === 0) return new Map();
    const rows = await this.db.all<{ key: string; content: Uint8Array }>(`SELECT key, content FROM blobs WHERE key IN (${keys.map(() => '?').join(', ')})`, keys);
    return new Map(rows.map((r) => [r.key, Buffer.from(r.content.buffer, r.content.byteOffset, r.content.byteLength)]));
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.db.run('DELETE FROM blobs WHERE key = ?', [key]);
  }
}
