/**
 * @module SQLite dialect of the Db port (better-sqlite3, WAL).
 * better-sqlite3 is synchronous, so a transaction must not interleave with other writers on the same connection:
 * a promise-chain lock serializes transactions and standalone writes. Reads outside a transaction go through a
 * second connection (`query_only`), so they see only committed data even while this handle's transaction is open
 * and awaiting; reads inside one go through the transaction's own connection and see its writes.
 *
 * Several connections write one file (the server's main thread and its digest thread): with `asyncBusy` a writer
 * that finds the file locked (SQLITE_BUSY) retries after a short timer instead of sleeping in SQLite's busy
 * handler, so the event loop serving HTTP never stalls behind another thread's transaction.
 */
import Database from 'better-sqlite3';
import { underSavepoint, type Db, type RunResult, type SqlValue } from './db.ts';

type Stmt = Database.Statement;

export interface SqliteOptions {
  /** FULL fsyncs every commit (the ingest queue); NORMAL is crash-safe for the process (the main store). */
  synchronous?: 'FULL' | 'NORMAL';
  readonly?: boolean;
  /** Wait for a locked file with timers (up to BUSY_WAIT_MS) rather than blocking the thread. */
  asyncBusy?: boolean;
  /** A new file gets `auto_vacuum = INCREMENTAL` (only possible before its first write; see `prepareSqliteFile`). */
  incrementalVacuum?: boolean;
  /** Page cache of each of its connections in KiB (SQLite's `cache_size = -N`); unset keeps the build's default, 16 MB. */
  cacheKiB?: number;
}

/** How long a writer waits for another connection's write lock before the statement fails with SQLITE_BUSY. */
export const BUSY_WAIT_MS = 5000;

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly raw: Database.Database;
  /** Committed-data reads outside transactions; the writer connection itself for :memory: and read-only files. */
  private readonly reader: Database.Database;
  private readonly cache = new Map<string, Stmt>();
  private readonly readCache = new Map<string, Stmt>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly asyncBusy: boolean;

  constructor(file: string, options: SqliteOptions = {}) {
    this.raw = new Database(file, { readonly: options.readonly ?? false });
    this.asyncBusy = options.asyncBusy ?? false;
    if (!options.readonly) {
      if (options.incrementalVacuum) this.raw.pragma('auto_vacuum = INCREMENTAL');
      this.raw.pragma('journal_mode = WAL');
      this.raw.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    }
    this.raw.pragma(`busy_timeout = ${this.asyncBusy ? 0 : BUSY_WAIT_MS}`);
    this.raw.pragma('foreign_keys = ON');
    if (options.cacheKiB !== undefined) this.raw.pragma(`cache_size = -${Math.trunc(options.cacheKiB)}`);
    this.raw.defaultSafeIntegers(false);
    if (file === ':memory:' || options.readonly) {
      this.reader = this.raw;
    } else {
      this.reader = new Database(file);
      this.reader.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
      this.reader.pragma('query_only = ON');
      if (options.cacheKiB !== undefined) this.reader.pragma(`cache_size = -${Math.trunc(options.cacheKiB)}`);
      this.reader.defaultSafeIntegers(false);
    }
  }

  prepare(sql: string): Stmt {
    return cached(this.cache, this.raw, sql);
  }

  /** Outside a transaction: committed data, from the read connection; a statement that writes goes to the writer. */
  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    const stmt = this.readerStatement(sql);
    if (stmt) return stmt.all(...bind(params)) as T[];
    return this.withWriteLock(() => this.prepare(sql).all(...bind(params)) as T[]);
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    const stmt = this.readerStatement(sql);
    if (stmt) return stmt.get(...bind(params)) as T | undefined;
    return this.withWriteLock(() => this.prepare(sql).get(...bind(params)) as T | undefined);
  }

  /** The statement on the read connection, or null when it writes (INSERT … RETURNING) and belongs to the writer. */
  private readerStatement(sql: string): Stmt | null {
    if (this.reader === this.raw) return this.prepare(sql);
    let stmt: Stmt;
    try {
      stmt = cached(this.readCache, this.reader, sql);
    } catch {
      return null;
    }
    return stmt.readonly ? stmt : null;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<RunResult> {
    return this.withWriteLock(() => this.runNow(sql, params));
  }

  /** On the writer connection, now (the caller holds the lock or is inside the transaction). */
  runNow(sql: string, params: SqlValue[] = []): RunResult {
    const stmt = this.prepare(sql);
    if (!stmt.reader) return { changes: stmt.run(...bind(params)).changes };
    stmt.all(...bind(params));
    return { changes: 0 };
  }

  /** Scripts are retried from the start on SQLITE_BUSY, so each must be safe to re-run (PRAGMAs, upserts). */
  async exec(sql: string): Promise<void> {
    await this.withWriteLock(() => this.raw.exec(sql));
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.withLock(async () => {
      await this.retryBusy(() => this.raw.exec('BEGIN IMMEDIATE'));
      const tx = new SqliteTx(this);
      try {
        const result = await fn(tx);
        this.raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    });
  }

  savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  /** Runs `fn` under the lock; with asyncBusy, SQLITE_BUSY (another connection writing) is retried on timers. */
  private withWriteLock<T>(fn: () => T): Promise<T> {
    return this.withLock(() => this.retryBusy(fn));
  }

  private async retryBusy<T>(fn: () => T): Promise<T> {
    if (!this.asyncBusy) return fn();
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        return fn();
      } catch (err) {
        if (!isBusy(err) || this.raw.inTransaction || Date.now() > deadline) throw err;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.lock;
    if (this.reader !== this.raw) this.reader.close();
    this.raw.close();
  }
}

/** The handle inside a transaction: runs directly on the writer connection, the lock is already held. */
class SqliteTx implements Db {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly db: SqliteDb) {}
  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(...bind(params)) as T[];
  }
  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return this.db.prepare(sql).get(...bind(params)) as T | undefined;
  }
  async run(sql: string, params?: SqlValue[]): Promise<RunResult> {
    return this.db.runNow(sql, params);
  }
  async exec(sql: string): Promise<void> {
    this.db.raw.exec(sql);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return underSavepoint(this, fn);
  }
  async close(): Promise<void> {}
}

function cached(cache: Map<string, Stmt>, conn: Database.Database, sql: string): Stmt {
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = conn.prepare(sql);
    if (cache.size > 500) cache.clear();
    cache.set(sql, stmt);
  }
  return stmt;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED';
}

function bind(params: SqlValue[]): unknown[] {
  // better-sqlite3 refuses booleans; SQL here treats them as 0/1 in both dialects.
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
