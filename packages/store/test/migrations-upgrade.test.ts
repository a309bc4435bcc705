/**
 * Upgrades: migrations are forward-only and every earlier schema version upgrades to the latest WITH data in it.
 *
 * Written generically over MIGRATIONS, so a new migration is covered without touching this file: for every k in
 * 1..N, on both dialects, apply migrations 1..k, introspect the schema as it is at version k, fill every table
 * with representative rows (foreign keys pointing at real parents, every column set, one row with all nullable
 * columns NULL, unicode text, binary blobs with NUL bytes, ms timestamps), then open the store normally (which
 * migrates to the latest version) and check that every row is still there with the same values, and that the
 * upgraded store still works (create a project, persist events, search).
 *
 * A migration that intentionally rewrites or drops data declares it in CHANGED_BY / DROPPED_BY below.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroupingResult, NormalizedEvent } from '@faultline/protocol';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import {
  createProject,
  ensureDefaults,
  getIssue,
  MIGRATIONS,
  migrate,
  openStore,
  persistEvent,
  PostgresDb,
  searchIssues,
  SqliteDb,
  type Db,
  type Migration,
  type SqlValue,
  type StoreHandle,
} from '../src/index.ts';
import { DIALECTS } from './dialects.ts';
import { testEvent } from './test-event.ts';

/** Migration numbers reserved for a branch not merged yet. */
const RESERVED_VERSIONS = new Set<number>([]);
/** "table.column" → the migration version that intentionally rewrites that column's values. */
const CHANGED_BY: Record<string, number> = {};
/** "table" or "table.column" → the migration version that intentionally drops it. */
const DROPPED_BY: Record<string, number> = {};
/** Values for columns with a constrained domain (CHECKs, enums); generated generically otherwise. */
const REPRESENTATIVE: Record<string, (i: number) => SqlValue> = {
  'issues.status': (i) => ['unresolved', 'resolved', 'ignored'][i % 3]!,
  'issues.level': (i) => ['error', 'warning', 'fatal'][i % 3]!,
  'issues.type': () => 'error',
  'events.type': () => 'error',
  'team_members.role': (i) => (i === 0 ? 'admin' : 'member'),
};

const ROWS_PER_TABLE = 3;
/** Explicit ids far above anything a sequence hands out, so later inserts by the store never collide. */
const ID_BASE = 900_000;

type Kind = 'int' | 'bigint' | 'real' | 'text' | 'json' | 'blob' | 'bool';
interface Column {
  name: string;
  kind: Kind;
  notNull: boolean;
  hasDefault: boolean;
  pk: boolean;
}
interface Table {
  name: string;
  columns: Column[];
  fks: Array<{ column: string; refTable: string; refColumn: string }>;
}

function jsonish(name: string, dflt: string | null): boolean {
  return /^'?[[{]/.test(dflt ?? '') || ['metadata', 'status_details', 'data', 'headers', 'scopes', 'contexts', 'tags', 'config'].includes(name);
}

async function introspect(db: Db): Promise<Map<string, Table>> {
  const tables = new Map<string, Table>();
  if (db.dialect === 'sqlite') {
    const names = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    for (const { name } of names) {
      const cols = await db.all<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>(`PRAGMA table_info("${name}")`);
      const fks = await db.all<{ table: string; from: string; to: string | null }>(`PRAGMA foreign_key_list("${name}")`);
      tables.set(name, {
        name,
        columns: cols.map((c) => {
          const t = c.type.toUpperCase();
          const kind: Kind = t.includes('INT')
            ? 'bigint'
            : t.includes('BLOB')
              ? 'blob'
              : /REAL|FLOA|DOUB|NUMERIC/.test(t)
                ? 'real'
                : t.includes('BOOL')
                  ? 'bool'
                  : jsonish(c.name, c.dflt_value)
                    ? 'json'
                    : 'text';
          return { name: c.name, kind, notNull: c.notnull === 1 || c.pk > 0, hasDefault: c.dflt_value !== null, pk: c.pk > 0 };
        }),
        fks: fks.map((f) => ({ column: f.from, refTable: f.table, refColumn: f.to ?? 'id' })),
      });
    }
    return tables;
  }
  const cols = await db.all<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const pks = await db.all<{ table_name: string; column_name: string }>(
    `SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()`,
  );
  const fks = await db.all<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>(
    `SELECT tc.table_name, kcu.column_name, ccu.table_name AS ref_table, ccu.column_name AS ref_column
     FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`,
  );
  const pkSet = new Set(pks.map((p) => `${p.table_name}.${p.column_name}`));
  for (const c of cols) {
    let t = tables.get(c.table_name);
    if (!t) tables.set(c.table_name, (t = { name: c.table_name, columns: [], fks: [] }));
    const d = c.data_type;
    const kind: Kind =
      d === 'bigint'
        ? 'bigint'
        : d === 'integer' || d === 'smallint'
          ? 'int'
          : d === 'bytea'
            ? 'blob'
            : d === 'boolean'
              ? 'bool'
              : /double|real|numeric/.test(d)
                ? 'real'
                : d === 'json' || d === 'jsonb' || jsonish(c.column_name, c.column_default)
                  ? 'json'
                  : 'text';
    t.columns.push({
      name: c.column_name,
      kind,
      notNull: c.is_nullable === 'NO',
      hasDefault: c.column_default !== null || c.is_identity === 'YES',
      pk: pkSet.has(`${c.table_name}.${c.column_name}`),
    });
  }
  for (const f of fks) tables.get(f.table_name)?.fks.push({ column: f.column_name, refTable: f.ref_table, refColumn: f.ref_column });
  return tables;
}

/** Parents before children (self-references ignored). */
function insertionOrder(tables: Map<string, Table>): Table[] {
  const out: Table[] = [];
  const done = new Set<string>();
  const visit = (t: Table, path: Set<string>) => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new Error(`foreign-key cycle through ${t.name}: give this test an insertion order`);
    path.add(t.name);
    for (const fk of t.fks) if (fk.refTable !== t.name && tables.has(fk.refTable)) visit(tables.get(fk.refTable)!, path);
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(t, new Set());
  return out;
}

type Row = Record<string, SqlValue>;

function valueFor(table: Table, col: Column, i: number, colIndex: number, inserted: Map<string, Row[]>): SqlValue {
  const fk = table.fks.find((f) => f.column === col.name);
  // The last row leaves every nullable column NULL: NULLs must survive too.
  if (!col.notNull && i === ROWS_PER_TABLE - 1) return null;
  if (fk && fk.refTable !== table.name) {
    const parent = inserted.get(fk.refTable)?.[i];
    if (!parent) throw new Error(`no parent row ${fk.refTable}[${i}] for ${table.name}.${col.name}`);
    return parent[fk.refColumn]!;
  }
  if (fk) return null;
  const over = REPRESENTATIVE[`${table.name}.${col.name}`];
  if (over) return over(i);
  const tag = `${table.name}.${col.name}#${i}`;
  switch (col.kind) {
    case 'int':
      return col.pk ? ID_BASE + i : i + colIndex;
    case 'bigint':
      // Integer primary keys get explicit ids; other integers look like the ms timestamps most of them are.
      return col.pk ? ID_BASE + i : 1_700_000_000_000 + i * 3_600_000 + colIndex;
    case 'real':
      return i + 0.25;
    case 'bool':
      return i % 2 === 0;
    case 'blob':
      return Buffer.from([0, 255, i, colIndex, 0x0a, 0x00, 0xc3, 0x28, ...Buffer.from(tag)]);
    case 'json':
      return JSON.stringify({ tag, nested: { n: i, list: [1, 'два', null] } });
    case 'text':
      return `${tag} ünïcødé ✓ 😀 "quoted" 'single' \\ back`;
  }
}

async function fill(db: Db, tables: Map<string, Table>): Promise<Map<string, Row[]>> {
  const inserted = new Map<string, Row[]>();
  for (const t of insertionOrder(tables)) {
    if (t.name === 'schema_migrations') continue;
    const rows: Row[] = [];
    for (let i = 0; i < ROWS_PER_TABLE; i++) {
      const row: Row = {};
      t.columns.forEach((c, ci) => {
        row[c.name] = valueFor(t, c, i, ci, inserted);
      });
      const cols = Object.keys(row);
      await db.run(`INSERT INTO "${t.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]!));
      rows.push(row);
    }
    inserted.set(t.name, rows);
  }
  return inserted;
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a instanceof Uint8Array || b instanceof Uint8Array) return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array)) === 0;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) === Number(b);
  if (typeof a === 'number' || typeof b === 'number' || typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  return a === b;
}

async function checkSurvived(db: Db, before: Map<string, Table>, after: Map<string, Table>, rows: Map<string, Row[]>, fromVersion: number): Promise<void> {
  const passes = (v: number | undefined) => v !== undefined && v > fromVersion;
  for (const [name, oldRows] of rows) {
    const table = after.get(name);
    if (!table) {
      assert.ok(passes(DROPPED_BY[name]), `table ${name} (with data) disappeared when upgrading from version ${fromVersion}`);
      continue;
    }
    const oldTable = before.get(name)!;
    const keyCols = oldTable.columns.filter((c) => c.pk).map((c) => c.name);
    const newCols = new Set(table.columns.map((c) => c.name));
    for (const row of oldRows) {
      const match = keyCols.length > 0 ? keyCols : Object.keys(row).filter((c) => row[c] !== null && oldTable.columns.find((x) => x.name === c)?.kind !== 'blob');
      const found = await db.all<Row>(
        `SELECT * FROM "${name}" WHERE ${match.map((c) => `"${c}" = ?`).join(' AND ')}`,
        match.map((c) => row[c]!),
      );
      assert.equal(found.length, 1, `${name} row ${JSON.stringify(Object.fromEntries(match.map((c) => [c, row[c]])))} after upgrading from version ${fromVersion}`);
      for (const [col, value] of Object.entries(row)) {
        if (!newCols.has(col)) {
          assert.ok(passes(DROPPED_BY[`${name}.${col}`]), `column ${name}.${col} (with data) disappeared when upgrading from version ${fromVersion}`);
          continue;
        }
        if (passes(CHANGED_BY[`${name}.${col}`])) continue;
        assert.ok(same(found[0]![col], value), `${name}.${col}: ${String(found[0]![col])} !== ${String(value)} after upgrading from version ${fromVersion}`);
      }
    }
  }
}

/** The upgraded store is not just intact but usable: the current code can write and read through it. */
async function checkUsable(store: StoreHandle): Promise<void> {
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'after-upgrade' });
  const ev = (id: string): NormalizedEvent => testEvent(id);
  const grouping: GroupingResult = { hashes: ['f'.repeat(32)], config: 'newstyle:2023-01-11', title: 'Upgraded', culprit: 'x', metadata: {}, issueType: 'error' };
  const a = await persistEvent(store.db, { orgId: org.id, projectId: project.id, event: ev('aa'), grouping, receivedMs: Date.now() });
  await persistEvent(store.db, { orgId: org.id, projectId: project.id, event: ev('bb'), grouping, receivedMs: Date.now() });
  assert.equal((await getIssue(store.db, a.issueId))?.times_seen, 2);
  const found = await searchIssues(store.db, { projectIds: [project.id], filters: [], text: [], sort: 'date', limit: 10, offset: 0 });
  assert.equal(found.rows.length, 1);
  if (store.queue) {
    // Envelopes queued before the upgrade (PostgreSQL keeps them in ingest_queue) are still consumable.
    const pending = await store.queue.pendingCount();
    await store.queue.append({ projectId: project.id, received: Date.now(), clientIp: null, body: Buffer.from('{}\n') });
    assert.equal(await store.queue.consume(1000, async () => undefined), pending + 1);
  }
}

async function openAt(dialect: (typeof DIALECTS)[number]): Promise<{ raw: Db; reopen: () => Promise<StoreHandle> }> {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-upgrade-'));
    return { raw: new SqliteDb(join(dataDir, 'faultline.sqlite')), reopen: () => openStore({ dataDir }) };
  }
  const url = await createTestDatabase();
  return { raw: new PostgresDb(url, 2), reopen: () => openStore({ dataDir: tmpdir(), databaseUrl: url }) };
}

/** Applies list[0..k), fills every table, applies the rest of `list`, and checks every row survived. */
async function upgradeWithData(raw: Db, list: Migration[], k: number): Promise<void> {
  assert.deepEqual(await migrate(raw, list.slice(0, k)), list.slice(0, k).map((m) => m.version));
  const before = await introspect(raw);
  const rows = await fill(raw, before);
  assert.ok(rows.size >= 10, `only ${rows.size} tables filled at version ${k}`);
  assert.deepEqual(await migrate(raw, list), list.slice(k).map((m) => m.version));
  await checkSurvived(raw, before, await introspect(raw), rows, k);
}

describe('migrations are forward-only', () => {
  it('versions are 1..N in order, without gaps or repeats, with unique names', () => {
    assert.ok(MIGRATIONS.length > 0);
    // A number handed to a branch developed in parallel may be missing until that branch is merged (no other gap).
    const expected = Array.from({ length: MIGRATIONS.at(-1)!.version }, (_, i) => i + 1).filter((v) => !RESERVED_VERSIONS.has(v) || MIGRATIONS.some((m) => m.version === v));
    MIGRATIONS.forEach((m, i) => assert.equal(m.version, expected[i], `MIGRATIONS[${i}] is version ${m.version}: append migrations, never renumber`));
    assert.equal(new Set(MIGRATIONS.map((m) => m.name)).size, MIGRATIONS.length);
  });

  it('this check catches a migration that loses data (self-test with a deliberately lossy migration)', async () => {
    const next = MIGRATIONS.at(-1)!.version + 1;
    for (const [sql, message] of [
      ["UPDATE teams SET name = 'renamed'", /teams\.name/],
      ['ALTER TABLE teams DROP COLUMN name', /teams\.name .*disappeared/],
      ['DROP TABLE issue_activity', /issue_activity .*disappeared/],
    ] as const) {
      const { raw } = await openAt('sqlite');
      try {
        await assert.rejects(upgradeWithData(raw, [...MIGRATIONS, { version: next, name: 'lossy', sql }], MIGRATIONS.length), message);
      } finally {
        await raw.close();
      }
    }
  });
});

const LATEST = MIGRATIONS.length;
for (const dialect of DIALECTS) {
  describe(`upgrade with data from every schema version to ${LATEST}: ${dialect}`, () => {
    for (let k = 1; k <= LATEST; k++) {
      it(`from version ${k}`, async () => {
        const { raw, reopen } = await openAt(dialect);
        try {
          await upgradeWithData(raw, MIGRATIONS, k);
        } finally {
          await raw.close();
        }
        // Then as the server opens it: nothing left to apply, and the current code works on the upgraded data.
        const store = await reopen();
        try {
          const versions = await store.db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
          assert.deepEqual(versions.map((v) => Number(v.version)), MIGRATIONS.map((m) => m.version));
          assert.deepEqual(await migrate(store.db, MIGRATIONS), [], 'a second migrate applies nothing');
          await checkUsable(store);
        } finally {
          await store.close();
        }
      });
    }
  });
}
