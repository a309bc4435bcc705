/**
 * @module PostgreSQL dialect of the Db port (pg Pool).
 * `?` placeholders become `$n`; BIGINT and NUMERIC come back as JS numbers because every integer stored here
 * (ids, ms timestamps, counters) fits in 2^53.
 */
import pg from 'pg';
import { underSavepoint, type Db, type RunResult, type SqlValue } from './db.ts';

pg.types.setTypeParser(20, (v: string) => Number(v)); // int8
pg.types.setTypeParser(1700, (v: string) => Number(v)); // numeric

const converted = new Map<string, string>();
function toPg(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size > 1000) converted.clear();
    converted.set(sql, out);
  }
  return out;
}

function bind(params: SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

class PgHandle implements Db {
  readonly dialect = 'postgres' as const;
  constructor(
    protected readonly q: Queryable,
    /** A transaction's client (savepoints allowed), not the pool. */
    private readonly inTransaction = false,
  ) {}
  async all<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.q.query(toPg(sql), bind(params))).rows as T[];
  }
  async get<T>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return (await this.q.query(toPg(sql), bind(params))).rows[0] as T | undefined;
  }
  async run(sql: string, params: SqlValue[] = []): Promise<RunResult> {
    return { changes: (await this.q.query(toPg(sql), bind(params))).rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.inTransaction ? underSavepoint(this, fn) : this.transaction(fn);
  }
  async close(): Promise<void> {}
}

export class PostgresDb extends PgHandle {
  readonly pool: pg.Pool;
  constructor(connectionString: string, max = 10) {
    const pool = new pg.Pool({ connectionString, max });
    // A dropped connection (server restart) must not crash the process; queries fail and the pool reconnects.
    pool.on('error', () => undefined);
    super(pool);
    this.pool = pool;
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener for 'error': when the server goes away (PostgreSQL restart)
    // between two queries of this transaction, the event would be unhandled and kill the process. Keep it,
    // and hand it to release() so the pool discards the broken connection instead of reusing it.
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(new PgHandle(client, true));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}
