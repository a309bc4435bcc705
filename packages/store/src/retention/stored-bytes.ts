/**
 * @module How many bytes the store holds, for the disk budget, and giving freed space back to the file system.
 *
 * SQLite: the pages in use, `(page_count − freelist_count) × page_size` of the main file — exact, and it drops as
 * soon as deletes free whole pages — plus the replay segments still kept as files in the blob store (their `size`; newer ones are rows of `blobs`). `reclaimSpace` then hands the free pages back (`incremental_vacuum`, which needs
 * `auto_vacuum = INCREMENTAL`: see `prepareSqliteFile`) and truncates the WAL, so the files on disk shrink.
 *
 * PostgreSQL: a DELETE frees no file space (autovacuum makes it reusable by new rows; only `VACUUM FULL`, which
 * locks the tables, returns it), so `pg_total_relation_size` of the big tables would stay over the budget after
 * every delete and the job would go on deleting everything. There the budget counts the stored size of the data
 * itself (the `size` of every event, raw item and replay segment: what the Stats page shows), and
 * `physicalBytes` reports the tables' total size with indexes and TOAST for the operator.
 *
 * Both add the uploaded source-map files (`artifactBytes`): on SQLite they are files beside the database, on
 * PostgreSQL rows of `blobs`; they go when they expire (`expireArtifacts`), not to make room for events.
 */
import type { Db } from '../db/db.ts';
import type { SqliteDb } from '../db/sqlite-db.ts';
import { artifactBytes } from '../artifacts/artifact-expiry.ts';
import { RETENTION_KINDS } from './retention-kinds.ts';

export interface StoredBytes {
  /** What the disk budget compares: pages in use (SQLite) or the data's stored size (PostgreSQL). */
  bytes: number;
  /** The file (SQLite, with its WAL) or the tables with their indexes and TOAST (PostgreSQL), free space included. */
  physicalBytes: number;
}

/** The tables that grow with traffic; the rest (projects, issues, keys …) are small next to them. */
const BIG_TABLES = ['events', 'raw_items', 'replays', 'replay_segments', 'blobs', 'issues', 'issue_tags', 'issue_hourly', 'outcomes'];

async function pragmaNumber(db: Db, name: string): Promise<number> {
  const row = await db.get<Record<string, number>>(`PRAGMA ${name}`);
  return Number(row ? Object.values(row)[0] : 0);
}

export async function storedBytes(db: Db): Promise<StoredBytes> {
  if (db.dialect === 'sqlite') {
    const [pages, free, size] = [await pragmaNumber(db, 'page_count'), await pragmaNumber(db, 'freelist_count'), await pragmaNumber(db, 'page_size')];
    // Files beside the database (`blobs/`): uploaded source maps, and replay segments written as files before their
    // bytes moved into the `blobs` table (a segment with a blob key and no row there), count too.
    const segments = Number(
      (await db.get<{ n: number | null }>('SELECT COALESCE(SUM(s.size), 0) AS n FROM replay_segments s WHERE s.blob_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.key = s.blob_key)'))?.n ?? 0,
    );
    const files = segments + (await artifactBytes(db));
    return { bytes: (pages - free) * size + files, physicalBytes: pages * size + files };
  }
  const physical = await db.get<{ n: number | string | null }>(
    `SELECT SUM(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = current_schema() AND c.relkind = 'r' AND c.relname IN (${BIG_TABLES.map(() => '?').join(', ')})`,
    BIG_TABLES,
  );
  let data = await artifactBytes(db);
  for (const kind of RETENTION_KINDS) data += Number((await db.get<{ n: number | string | null }>(`SELECT COALESCE(SUM(${kind.rowBytes}), 0) AS n FROM ${kind.table}`))?.n ?? 0);
  return { bytes: data, physicalBytes: Number(physical?.n ?? 0) };
}

/**
 * SQLite: returns free pages to the file system, `pagesPerStep` at a time (each step a short write), then
 * truncates the WAL; returns the pages freed. PostgreSQL: nothing to do here (autovacuum makes the space reusable).
 */
export async function reclaimSpace(db: Db, pagesPerStep = 2048): Promise<number> {
  if (db.dialect !== 'sqlite') return 0;
  let freed = 0;
  for (;;) {
    const before = await pragmaNumber(db, 'freelist_count');
    if (before === 0) break;
    await db.exec(`PRAGMA incremental_vacuum(${pagesPerStep})`);
    const after = await pragmaNumber(db, 'freelist_count');
    freed += before - after;
    if (after >= before) break; // auto_vacuum is not INCREMENTAL on this file: nothing to hand back
    await new Promise((r) => setImmediate(r));
  }
  await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return freed;
}

/** Files up to this size are rewritten once (VACUUM) at start-up to turn on incremental vacuum. */
export const VACUUM_ON_OPEN_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Makes a SQLite store able to shrink: a new file got `auto_vacuum = INCREMENTAL` before its first write (the
 * `incrementalVacuum` option of `SqliteDb`; setting journal_mode = WAL is already a write); an existing file without it is rewritten once with VACUUM when it is at most `VACUUM_ON_OPEN_MAX_BYTES` (seconds
 * at start-up); a larger one is left as it is and reported (its freed pages are reused, the file does not shrink
 * until the operator runs the VACUUM while Faultline is stopped). Returns what it did.
 */
export function prepareSqliteFile(db: SqliteDb, maxVacuumBytes = VACUUM_ON_OPEN_MAX_BYTES): 'incremental' | 'vacuumed' | 'too-large' {
  const mode = Number(db.raw.pragma('auto_vacuum', { simple: true }));
  if (mode === 2) return 'incremental';
  db.raw.pragma('auto_vacuum = INCREMENTAL');
  const tables = Number(db.raw.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").pluck().get());
  if (tables === 0) return 'incremental';
  const bytes = Number(db.raw.pragma('page_count', { simple: true })) * Number(db.raw.pragma('page_size', { simple: true }));
  if (bytes > maxVacuumBytes) return 'too-large';
  db.raw.exec('VACUUM');
  return 'vacuumed';
}
