/**
 * @module The SQLite side of `faultline migrate-store`: reads a stopped node's data dir table by table.
 *
 * The main store and the queue file are opened with an exclusive lock that is held until `close()`: if a node has
 * either open the lock fails at once (`StoreInUseError`), and a node started while the copy runs cannot open them.
 * Every table is read in primary-key order, keyset-paged (SQLite compares TEXT keys bytewise, so a page boundary
 * is exact). Three logical tables are not plain tables of `faultline.sqlite`:
 * - `ingest_queue` is the envelopes of `queue.sqlite` above the main store's `queue_cursor` (not yet digested);
 * - `blobs` is the blob store's files under `<data dir>/blobs/` (plus any rows of the unused `blobs` table);
 * - `kv` leaves out the SQLite queue's own cursors, which mean nothing on PostgreSQL.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SqlValue } from '../db/db.ts';

export type CopyRow = Record<string, SqlValue>;

/** One table as the copy sees it: its columns, its key (primary key, in order) and a keyset-paged reader. */
export interface CopyTable {
  name: string;
  columns: string[];
  key: string[];
  /** Tables whose rows this one's foreign keys point to (copied first). */
  parents: string[];
  /** Rows after `after` (a key tuple; null = from the start) in key order. */
  page(after: SqlValue[] | null, limit: number): CopyRow[];
}

export class StoreInUseError extends Error {}
export class CopySourceError extends Error {}

/** Keys of the SQLite queue's bookkeeping in `kv`; PostgreSQL's queue deletes consumed rows instead. */
export const SQLITE_ONLY_KV = ['queue_cursor', 'queue_cursor_durable'];
/** Tables never copied as rows: SQLite internals, the schema record (the target is migrated instead). */
const NOT_COPIED = new Set(['sqlite_sequence', 'schema_migrations', 'ingest_queue', 'blobs']);

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Opens `file` and takes an exclusive lock on it that lasts as long as the connection (another process has it open: `StoreInUseError`). */
export function openLocked(file: string): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StoreInUseError(`${file} is open in another process (a running Faultline?); stop every node using this data dir, then rerun`);
    }
    throw err;
  }
}

export class SqliteExport {
  private readonly main: Database.Database;
  private readonly queue: Database.Database | null;
  readonly schemaVersion: number;
  /** Files under `blobs/` that are not blobs (an interrupted write's temp file, anything put there by hand). */
  readonly skippedFiles: string[] = [];

  constructor(readonly dataDir: string) {
    const mainFile = join(dataDir, 'faultline.sqlite');
    if (!existsSync(mainFile)) throw new CopySourceError(`no Faultline store in ${dataDir} (faultline.sqlite not found)`);
    this.main = openLocked(mainFile);
    try {
      const queueFile = join(dataDir, 'queue.sqlite');
      this.queue = existsSync(queueFile) ? openLocked(queueFile) : null;
    } catch (err) {
      this.main.close();
      throw err;
    }
    const v = this.main.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null } | undefined;
    this.schemaVersion = Number(v?.v ?? 0);
  }

  close(): void {
    this.queue?.close();
    this.main.close();
  }

  /** Every table to copy, parents before children (foreign keys), then the blobs and the queue. */
  tables(): CopyTable[] {
    const names = (this.main.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
      .map((r) => r.name)
      .filter((n) => !NOT_COPIED.has(n));
    const plain = names.map((name) => this.plainTable(name));
    return [this.blobTable(), ...dependencyOrder(plain), this.queueTable()];
  }

  private plainTable(name: string): CopyTable {
    const info = this.main.pragma(`table_info(${quote(name)})`) as Array<{ name: string; pk: number }>;
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (key.length === 0) throw new CopySourceError(`table ${name} has no primary key; migrate-store cannot page it`);
    const parents = [...new Set((this.main.pragma(`foreign_key_list(${quote(name)})`) as Array<{ table: string }>).map((f) => f.table))].filter((p) => p !== name);
    const columns = info.map((c) => c.name);
    const keyList = key.map(quote).join(', ');
    const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(name)}`;
    const only = name === 'kv' ? `key NOT IN (${SQLITE_ONLY_KV.map((k) => `'${k}'`).join(', ')})` : '1 = 1';
    const first = this.main.prepare(`${select} WHERE ${only} ORDER BY ${keyList} LIMIT ?`);
    const next = this.main.prepare(`${select} WHERE ${only} AND (${keyList}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`);
    return {
      name,
      columns,
      key,
      parents,
      page(after, limit) {
        return (after ? next.all(...after, limit) : first.all(limit)) as CopyRow[];
      },
    };
  }

  /** Envelopes not yet digested: above the main store's cursor, as the SQLite queue would resume. */
  private queueTable(): CopyTable {
    const cursorRow = this.main.prepare("SELECT value FROM kv WHERE key = 'queue_cursor'").get() as { value: string } | undefined;
    const cursor = cursorRow ? Number(cursorRow.value) : 0;
    const q = this.queue;
    const stmt = q?.prepare('SELECT id, project_id, received, client_ip, body FROM queue WHERE id > ? ORDER BY id LIMIT ?');
    return {
      name: 'ingest_queue',
      columns: ['id', 'project_id', 'received', 'client_ip', 'body'],
      key: ['id'],
      parents: [],
      page(after, limit) {
        if (!stmt) return [];
        return stmt.all(Math.max(cursor, Number(after?.[0] ?? 0)), limit) as CopyRow[];
      },
    };
  }

  /** The blob store's files (and the `blobs` table, empty in SQLite mode), in key order, with their bytes. */
  private blobTable(): CopyTable {
    const root = join(this.dataDir, 'blobs');
    const files = new Map<string, string>();
    for (const path of existsSync(root) ? walk(root) : []) {
      const key = blobKeyOf(relative(root, path).split(sep));
      if (key) files.set(key, path);
      else this.skippedFiles.push(path);
    }
    const rows = this.main.prepare('SELECT key FROM blobs').all() as Array<{ key: string }>;
    const fromTable = this.main.prepare('SELECT key, size, content, created_at FROM blobs WHERE key = ?');
    const keys = [...new Set([...files.keys(), ...rows.map((r) => r.key)])].sort(compareBytes);
    return {
      name: 'blobs',
      columns: ['key', 'size', 'content', 'created_at'],
      key: ['key'],
      parents: [],
      page(after, limit) {
        const from = after ? upperBound(keys, String(after[0])) : 0;
        const out: CopyRow[] = [];
        let bytes = 0;
        // A page of blobs stops at 32 MiB as well (source bundles are large).
        for (let i = from; i < keys.length && out.length < limit && bytes < 32 << 20; i++) {
          const key = keys[i]!;
          const path = files.get(key);
          if (path) {
            const content = readFileSync(path);
            out.push({ key, size: content.byteLength, content, created_at: Math.floor(statSync(path).mtimeMs) });
            bytes += content.byteLength;
          } else {
            const r = fromTable.get(key) as CopyRow;
            out.push(r);
            bytes += (r.content as Uint8Array).byteLength;
          }
        }
        return out;
      },
    };
  }
}

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** The blob key a file under `blobs/` holds (see `FileBlobStore`), or null for a temp file or anything else. */
function blobKeyOf(parts: string[]): string | null {
  if (parts.length === 3 && (parts[0] === 'chunk' || parts[0] === 'file') && /^[0-9a-f]{2}$/.test(parts[1]!) && /^[0-9a-f]{38}$/.test(parts[2]!)) {
    return `${parts[0]}/${parts[1]}${parts[2]}`;
  }
  if (parts.length === 5 && parts[0] === 'replay' && /^\d+$/.test(parts[1]!) && /^[0-9a-f]{32}$/.test(parts[3]!) && parts[2] === parts[3]!.slice(0, 2) && /^\d+$/.test(parts[4]!)) {
    return `replay/${parts[1]}/${parts[3]}/${parts[4]}`;
  }
  return null;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function upperBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareBytes(sorted[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Kahn's order over foreign keys, alphabetical among the ready ones, so every run copies in the same order. */
function dependencyOrder(tables: CopyTable[]): CopyTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: CopyTable[] = [];
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && t.parents.every((p) => done.has(p) || !byName.has(p)));
    if (ready.length === 0) throw new CopySourceError(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t.name)).map((t) => t.name).join(', ')}`);
    for (const t of ready) {
      done.add(t.name);
      out.push(t);
    }
  }
  return out;
}
