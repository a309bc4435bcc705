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
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
