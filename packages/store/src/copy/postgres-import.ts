/**
 * @module The PostgreSQL side of `faultline migrate-store`: multi-row inserts in one transaction per batch, with
 * the batch's progress (table, last copied key) written in the same transaction to `migrate_store_progress`, a
 * table the tool creates in the target. A killed run therefore leaves each table at a batch boundary, and the
 * next run continues after that key: no row twice, none missed.
 */
import type { Db, SqlValue } from '../db/db.ts';
import type { CopyRow } from './sqlite-export.ts';

export const PROGRESS_TABLE = 'migrate_store_progress';

export interface TableProgress {
  lastKey: SqlValue[] | null;
  copied: number;
  done: boolean;
}

/** PostgreSQL's bind limit is 65,535 parameters per statement; stay below it, and below 16 MiB of values. */
const MAX_PARAMS = 60_000;
const MAX_STATEMENT_BYTES = 16 << 20;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `kv` rows may already exist in a freshly migrated target (a migration seeds one): the source's value wins. */
const UPSERT: Record<string, string> = { kv: ' ON CONFLICT (key) DO UPDATE SET value = excluded.value' };

export class PostgresImport {
  constructor(private readonly db: Db) {}

  /** Column name → `data_type` for every table of the target's schema. */
  async columnTypes(): Promise<Map<string, Map<string, string>>> {
    const rows = await this.db.all<{ table_name: string; column_name: string; data_type: string }>(
      'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()',
    );
    const out = new Map<string, Map<string, string>>();
    for (const r of rows) {
      if (!out.has(r.table_name)) out.set(r.table_name, new Map());
      out.get(r.table_name)!.set(r.column_name, r.data_type);
    }
    return out;
  }

  async ensureProgressTable(): Promise<void> {
    await this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (table_name TEXT PRIMARY KEY, last_key TEXT, copied BIGINT NOT NULL, done INTEGER NOT NULL, updated_at BIGINT NOT NULL)`,
    );
  }

  async progress(): Promise<Map<string, TableProgress>> {
    const rows = await this.db.all<{ table_name: string; last_key: string | null; copied: number; done: number }>(
      `SELECT table_name, last_key, copied, done FROM ${PROGRESS_TABLE}`,
    );
    return new Map(rows.map((r) => [r.table_name, { lastKey: r.last_key === null ? null : (JSON.parse(r.last_key) as SqlValue[]), copied: Number(r.copied), done: r.done === 1 }]));
  }

  /** The first of `tables` that holds a row (`kv` aside: migrations seed it), or null if all are empty. */
  async firstNonEmpty(tables: string[]): Promise<string | null> {
    for (const t of tables) {
      if (t === 'kv') continue;
      if (await this.db.get(`SELECT 1 AS x FROM ${quote(t)} LIMIT 1`)) return t;
    }
    return null;
  }

  /** `--restart`: empties every copied table and the progress record (identities back to 1). */
  async clear(tables: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.exec(`TRUNCATE ${[...tables, PROGRESS_TABLE].map(quote).join(', ')} RESTART IDENTITY CASCADE`);
    });
  }

  /** Inserts one batch and records its last key, in one transaction. */
  async writeBatch(table: string, columns: string[], rows: CopyRow[], lastKey: SqlValue[], copiedTotal: number): Promise<void> {
    const cols = columns.map(quote).join(', ');
    const perRow = `(${columns.map(() => '?').join(', ')})`;
    await this.db.transaction(async (tx) => {
      let i = 0;
      while (i < rows.length) {
        const params: SqlValue[] = [];
        let n = 0;
        let bytes = 0;
        while (i < rows.length && params.length + columns.length <= MAX_PARAMS && (n === 0 || bytes < MAX_STATEMENT_BYTES)) {
          const row = rows[i++]!;
          for (const c of columns) {
            const v = row[c] ?? null;
            params.push(v);
            bytes += v instanceof Uint8Array ? v.byteLength : typeof v === 'string' ? v.length : 8;
          }
          n++;
        }
        await tx.run(`INSERT INTO ${quote(table)} (${cols}) VALUES ${Array.from({ length: n }, () => perRow).join(', ')}${UPSERT[table] ?? ''}`, params);
      }
      await tx.run(
        `INSERT INTO ${PROGRESS_TABLE} (table_name, last_key, copied, done, updated_at) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied, updated_at = excluded.updated_at`,
        [table, JSON.stringify(lastKey), copiedTotal, Date.now()],
      );
    });
  }

  async markDone(table: string, copiedTotal: number): Promise<void> {
    await this.db.run(
      `INSERT INTO ${PROGRESS_TABLE} (table_name, last_key, copied, done, updated_at) VALUES (?, NULL, ?, 1, ?)
       ON CONFLICT (table_name) DO UPDATE SET done = 1, copied = excluded.copied, updated_at = excluded.updated_at`,
      [table, copiedTotal, Date.now()],
    );
  }

  /** Moves every identity column's sequence past the largest copied id, so new rows never collide. */
  async advanceIdentities(): Promise<number> {
    const cols = await this.db.all<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    );
    for (const c of cols) {
      await this.db.get(
        `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(${quote(c.column_name)}) FROM ${quote(c.table_name)}), 0) + 1, false) AS v`,
        [quote(c.table_name), c.column_name],
      );
    }
    return cols.length;
  }

  /** The target's rows of `table` in its own key order (for the checksums). */
  async page(table: string, columns: string[], key: string[], after: SqlValue[] | null, limit: number): Promise<CopyRow[]> {
    const keyList = key.map(quote).join(', ');
    const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`;
    return after
      ? this.db.all<CopyRow>(`${select} WHERE (${keyList}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`, [...after, limit])
      : this.db.all<CopyRow>(`${select} ORDER BY ${keyList} LIMIT ?`, [limit]);
  }
}
