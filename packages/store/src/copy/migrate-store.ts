/**
 * @module `faultline migrate-store`: copies a stopped SQLite node's store into PostgreSQL, verified and resumable.
 *
 * Order: refuse a source in use or at another schema version than this code's; migrate the target to this code's
 * version; refuse a target that holds rows but no progress record (`--restart` empties one that migrate-store
 * filled); copy table by table in foreign-key order, keyset-paged batches, each one transaction with its progress;
 * move identity sequences past the copied ids; then count and checksum every table on both sides.
 *
 * The checksum is order-independent: the sum (mod 2^128) of each row's sha256 over its canonical form (columns in
 * name order; each value tagged null / bytes / number / text; source values first coerced to the target column's
 * type, as the insert does). Both sides are computed here from the rows each database returns, so a row changed,
 * missing or extra on either side shows as a mismatch.
 */
import { createHash } from 'node:crypto';
import type { SqlValue } from '../db/db.ts';
import { PostgresDb } from '../db/postgres-db.ts';
import { isStoreUnavailable } from '../db/store-unavailable.ts';
import { MIGRATIONS, migrate } from '../migrations/index.ts';
import { PostgresImport } from './postgres-import.ts';
import { SqliteExport, type CopyRow, type CopyTable } from './sqlite-export.ts';

export { StoreInUseError, CopySourceError } from './sqlite-export.ts';

export class MigrateStoreError extends Error {}

export interface MigrateStoreOptions {
  /** The SQLite data dir (the node using it must be stopped). */
  from: string;
  /** postgres://… of the target. */
  to: string;
  /** Empty the target's copied tables (and progress) first; only a target migrate-store filled. */
  restart?: boolean;
  /** Rows per batch (default 5,000). */
  batchRows?: number;
  /** Progress lines (one per table, and per batch at most once a second). */
  log?: (line: string) => void;
}

export interface TableCheck {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface MigrateStoreResult {
  schemaVersion: number;
  copiedRows: number;
  /** Tables that a previous run had already finished or started. */
  resumedTables: string[];
  checks: TableCheck[];
  ok: boolean;
}

const KNOWN_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export async function migrateStore(opts: MigrateStoreOptions): Promise<MigrateStoreResult> {
  const log = opts.log ?? (() => undefined);
  const batch = opts.batchRows ?? 5000;
  if (!Number.isInteger(batch) || batch < 1) throw new MigrateStoreError('the batch size must be a positive whole number of rows');
  const source = new SqliteExport(opts.from);
  try {
    if (source.schemaVersion < KNOWN_VERSION) {
      throw new MigrateStoreError(
        `the SQLite store in ${opts.from} is at schema version ${source.schemaVersion}, this Faultline's is ${KNOWN_VERSION}. ` +
          `Upgrade it first: run \`faultline project list --data-dir ${opts.from}\` with this version (every command migrates the store it opens), then rerun migrate-store`,
      );
    }
    if (source.schemaVersion > KNOWN_VERSION) {
      throw new MigrateStoreError(
        `the SQLite store in ${opts.from} is at schema version ${source.schemaVersion}, newer than this Faultline knows (${KNOWN_VERSION}); run migrate-store from the Faultline version that wrote it`,
      );
    }
    const db = new PostgresDb(opts.to, 2);
    try {
      await migrate(db, MIGRATIONS);
      const target = new PostgresImport(db);
      const tables = source.tables();
      if (source.skippedFiles.length > 0) log(`blobs: ${source.skippedFiles.length} file(s) under blobs/ are not blobs and are not copied (${source.skippedFiles.slice(0, 3).join(', ')}${source.skippedFiles.length > 3 ? ', …' : ''})`);
      const types = await target.columnTypes();
      for (const t of tables) checkColumns(t, types.get(t.name));
      const names = tables.map((t) => t.name);
      await target.ensureProgressTable();
      let progress = await target.progress();
      const filled = await target.firstNonEmpty(names);
      if (filled && progress.size === 0) {
        throw new MigrateStoreError(
          `the target database already holds Faultline data (table ${filled} has rows) that migrate-store did not copy; ` +
            'migrate into an empty database (createdb a new one), or drop this one\'s tables first',
        );
      }
      if (opts.restart) {
        log('--restart: emptying the tables a previous migrate-store run filled');
        await target.clear(names); // kv's seeded rows too: the source's kv brings them back
        progress = new Map();
      }
      const resumedTables = [...progress.keys()].filter((n) => names.includes(n));
      let copiedRows = 0;
      for (const t of tables) copiedRows += await copyTable(t, types.get(t.name)!, target, progress.get(t.name), batch, log);
      await target.advanceIdentities();
      log('verifying: counts and checksums of every table on both sides');
      const checks: TableCheck[] = [];
      for (const t of tables) checks.push(await checkTable(t, types.get(t.name)!, target, batch));
      return { schemaVersion: KNOWN_VERSION, copiedRows, resumedTables, checks, ok: checks.every((c) => c.ok) };
    } finally {
      await db.close();
    }
  } finally {
    source.close();
  }
}

function checkColumns(t: CopyTable, target: Map<string, string> | undefined): void {
  if (!target) throw new MigrateStoreError(`the target has no table ${t.name}; is it a Faultline database at schema ${KNOWN_VERSION}?`);
  const missing = t.columns.filter((c) => !target.has(c));
  const extra = [...target.keys()].filter((c) => !t.columns.includes(c));
  if (missing.length || extra.length) {
    throw new MigrateStoreError(`table ${t.name} differs between source and target (${[...missing.map((c) => `only in source: ${c}`), ...extra.map((c) => `only in target: ${c}`)].join(', ')})`);
  }
}

/** A source value as the target column stores it (SQLite may hold text in a BLOB column). */
function coerce(row: CopyRow, types: Map<string, string>): CopyRow {
  const out: CopyRow = {};
  for (const [c, v] of Object.entries(row)) out[c] = types.get(c) === 'bytea' && typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  return out;
}

async function copyTable(t: CopyTable, types: Map<string, string>, target: PostgresImport, prior: { lastKey: SqlValue[] | null; copied: number; done: boolean } | undefined, batch: number, log: (line: string) => void): Promise<number> {
  if (prior?.done) {
    log(`${t.name}: already copied (${prior.copied} rows)`);
    return 0;
  }
  let after = prior?.lastKey ?? null;
  let copied = prior?.copied ?? 0;
  let fresh = 0;
  let lastLog = 0;
  for (;;) {
    const rows = t.page(after, batch);
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!;
    after = t.key.map((k) => last[k] ?? null);
    copied += rows.length;
    fresh += rows.length;
    try {
      await target.writeBatch(t.name, t.columns, rows.map((r) => coerce(r, types)), after, copied);
    } catch (err) {
      if (isStoreUnavailable(err)) throw err;
      // A row PostgreSQL refuses (a constraint SQLite did not check, text it cannot hold): say which batch.
      throw new MigrateStoreError(`copying ${t.name} failed in the batch ending at key ${JSON.stringify(after)}: ${(err as Error).message}; nothing of that batch was written`);
    }
    if (Date.now() - lastLog >= 1000) {
      log(`${t.name}: ${copied} rows copied`);
      lastLog = Date.now();
    }
  }
  await target.markDone(t.name, copied);
  log(`${t.name}: done, ${copied} rows${prior ? ` (resumed after ${prior.copied})` : ''}`);
  return fresh;
}

async function checkTable(t: CopyTable, types: Map<string, string>, target: PostgresImport, batch: number): Promise<TableCheck> {
  const src = new RowChecksum();
  for (let after: SqlValue[] | null = null; ; ) {
    const rows = t.page(after, batch);
    if (rows.length === 0) break;
    for (const r of rows) src.add(coerce(r, types), t.columns);
    const last = rows[rows.length - 1]!;
    after = t.key.map((k) => last[k] ?? null);
  }
  const dst = new RowChecksum();
  for (let after: SqlValue[] | null = null; ; ) {
    const rows = await target.page(t.name, t.columns, t.key, after, batch);
    if (rows.length === 0) break;
    for (const r of rows) dst.add(r, t.columns);
    const last = rows[rows.length - 1]!;
    after = t.key.map((k) => last[k] ?? null);
  }
  const ok = src.rows === dst.rows && src.hex() === dst.hex();
  return { table: t.name, sourceRows: src.rows, targetRows: dst.rows, sourceChecksum: src.hex(), targetChecksum: dst.hex(), ok };
}

const MOD = 1n << 128n;

/** Order-independent: the sum of the rows' hashes, so the same rows in any order give the same value. */
export class RowChecksum {
  rows = 0;
  private sum = 0n;

  add(row: CopyRow, columns: string[]): void {
    const h = createHash('sha256');
    for (const c of [...columns].sort()) {
      const v = row[c] ?? null;
      if (v === null) h.update('\x00n');
      else if (v instanceof Uint8Array) {
        h.update(`\x00b${v.byteLength}:`);
        h.update(v);
      } else if (typeof v === 'number' || typeof v === 'bigint') h.update(`\x00i${String(v)}`);
      else if (typeof v === 'boolean') h.update(`\x00i${v ? 1 : 0}`);
      else h.update(`\x00s${Buffer.byteLength(v)}:${v}`);
    }
    this.sum = (this.sum + BigInt(`0x${h.digest('hex').slice(0, 32)}`)) % MOD;
    this.rows++;
  }

  hex(): string {
    return this.sum.toString(16).padStart(32, '0').slice(0, 16);
  }
}

/** The verification as a plain-text table, one line per table. */
export function formatChecks(checks: TableCheck[]): string {
  const w = Math.max(5, ...checks.map((c) => c.table.length));
  const lines = [`${'table'.padEnd(w)}  ${'source rows'.padStart(11)}  ${'target rows'.padStart(11)}  ${'source checksum'.padEnd(16)}  ${'target checksum'.padEnd(16)}  result`];
  for (const c of checks) {
    lines.push(`${c.table.padEnd(w)}  ${String(c.sourceRows).padStart(11)}  ${String(c.targetRows).padStart(11)}  ${c.sourceChecksum}  ${c.targetChecksum}  ${c.ok ? 'ok' : 'MISMATCH'}`);
  }
  return lines.join('\n');
}
