/**
 * @module The four-method database port every store query goes through.
 * SQL is written once with `?` placeholders and portable syntax (ON CONFLICT, RETURNING, integer ms timestamps);
 * each dialect adapts placeholders and runs it. Kept this small on purpose: both dialects pass one conformance suite.
 */

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

export interface RunResult {
  changes: number;
}

export interface Db {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: SqlValue[]): Promise<RunResult>;
  /** Runs `fn` in one transaction; statements issued through the `tx` handle belong to it. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: runs `fn` under a savepoint; if it throws, its statements are rolled back (the
   * transaction's earlier ones stay) and the error is rethrown. Outside one it is `transaction(fn)`.
   */
  savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** The savepoint both dialects run on a transaction handle (names may repeat: the innermost one is meant). */
export async function underSavepoint<T>(tx: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  await tx.run('SAVEPOINT sp');
  let result: T;
  try {
    result = await fn(tx);
  } catch (err) {
    await tx.run('ROLLBACK TO SAVEPOINT sp');
    await tx.run('RELEASE SAVEPOINT sp');
    throw err;
  }
  await tx.run('RELEASE SAVEPOINT sp');
  return result;
}
