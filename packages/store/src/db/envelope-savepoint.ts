/**
 * @module `EnvelopeSavepoint`: the handle one envelope is digested through. Its savepoint is opened only before the
 * envelope's first statement that may write (anything but a SELECT), so an envelope of error events — whose
 * outcomes and rows the batch writes at its end — costs no SAVEPOINT/RELEASE round trips; one that fails is rolled
 * back only as far as it wrote.
 */
import { underSavepoint, type Db, type RunResult, type SqlValue } from './db.ts';

const READ = /^\s*SELECT\b/i;

export class EnvelopeSavepoint implements Db {
  private opened = false;
  readonly dialect: Db['dialect'];

  constructor(private readonly tx: Db) {
    this.dialect = tx.dialect;
  }

  private async before(sql: string): Promise<void> {
    if (this.opened || READ.test(sql)) return;
    this.opened = true;
    await this.tx.run('SAVEPOINT envelope');
  }

  async all<T>(sql: string, params?: SqlValue[]): Promise<T[]> {
    await this.before(sql);
    return this.tx.all<T>(sql, params);
  }

  async get<T>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    await this.before(sql);
    return this.tx.get<T>(sql, params);
  }

  async run(sql: string, params?: SqlValue[]): Promise<RunResult> {
    await this.before(sql);
    return this.tx.run(sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.before(sql);
    return this.tx.exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }

  /** A nested savepoint inside the envelope's (opened first, so a rollback of the inner one keeps the outer). */
  savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return underSavepoint(this, fn);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async release(): Promise<void> {
    if (this.opened) await this.tx.run('RELEASE SAVEPOINT envelope');
    this.opened = false;
  }

  async rollback(): Promise<void> {
    if (!this.opened) return;
    await this.tx.run('ROLLBACK TO SAVEPOINT envelope');
    await this.tx.run('RELEASE SAVEPOINT envelope');
    this.opened = false;
  }
}
