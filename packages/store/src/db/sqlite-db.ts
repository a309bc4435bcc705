/**
 * @module SQLite dialect of the Db port (better-sqlite3, WAL).
 * better-sqlite3 is synchronous, so a transaction must not interleave with other writers on the same connection:
 * a promise-chain lock serializes transactions and standalone writes; reads run freely.
 */
import Database from 'better-sqlite3';
import type { Db, RunResult, SqlValue } from './db.ts';

type Stmt = Database.Statement;

export interface SqliteOptions {
  /** FULL fsyncs every commit (the ingest queue); NORMAL is crash-safe for the process (the main store). */
  synchronous?: 'FULL' | 'NORMAL';
  readonly?: boolean;
}

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly raw: Database.Database;
  private readonly cache = new Map<string, Stmt>();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(file: string, options: SqliteOptions = {}) {
    this.raw = new Database(file, { readonly: options.readonly ?? false });
    if (!options.readonly) {
      this.raw.pragma('journal_mode = WAL');
      this.raw.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    }
    this.raw.pragma('busy_timeout = 5000');
    this.raw.pragma('foreign_keys = ON');
    this.raw.defaultSafeIntegers(false);
  }

  prepare(sql: string): Stmt {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.raw.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return this.prepare(sql).all(...bind(params)) as T[];
  }

  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return this.prepare(sql).get(...bind(params)) as T | undefined;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<RunResult> {
    return this.withLock(async () => this.runNow(sql, params));
  }

  runNow(sql: string, params: SqlValue[] = []): RunResult {
    const stmt = this.prepare(sql);
    if (!stmt.reader) return { changes: stmt.run(...bind(params)).changes };
    stmt.all(...bind(params));
    return { changes: 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.withLock(async () => this.raw.exec(sql));
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.withLock(async () => {
      this.raw.exec('BEGIN IMMEDIATE');
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

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.lock;
    this.raw.close();
  }
}

/** The handle inside a transaction: runs directly, the lock is already held. */
class SqliteTx implements Db {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly db: SqliteDb) {}
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.db.all<T>(sql, params);
  }
  get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    return this.db.get<T>(sql, params);
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
  async close(): Promise<void> {}
}

function bind(params: SqlValue[]): unknown[] {
  // better-sqlite3 refuses booleans; SQL here treats them as 0/1 in both dialects.
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
