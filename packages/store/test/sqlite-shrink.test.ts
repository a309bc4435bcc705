/**
 * SQLite files shrink: a new store is created with incremental auto-vacuum; a store from before it (no auto-vacuum)
 * is rewritten once on open when small, left alone (and reported) when larger than the limit; and after deletes
 * `reclaimSpace` hands the free pages back so the file on disk gets smaller while `storedBytes` drops at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, migrate, openStore, prepareSqliteFile, reclaimSpace, SqliteDb, storedBytes } from '../src/index.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'faultline-shrink-'));

async function oldStyleStore(dataDir: string): Promise<void> {
  const db = new SqliteDb(join(dataDir, 'faultline.sqlite'));
  await migrate(db, MIGRATIONS);
  await db.close();
}

describe('SQLite files shrink', () => {
  it('a new store has auto_vacuum = INCREMENTAL; an old small one is vacuumed once on open', async () => {
    const fresh = await openStore({ dataDir: dir(), withoutQueue: true });
    assert.equal(fresh.autoVacuum, 'incremental');
    assert.deepEqual(await fresh.db.get('PRAGMA auto_vacuum'), { auto_vacuum: 2 });
    await fresh.close();
    const old = dir();
    await oldStyleStore(old);
    const opened = await openStore({ dataDir: old, withoutQueue: true });
    assert.equal(opened.autoVacuum, 'vacuumed');
    assert.deepEqual(await opened.db.get('PRAGMA auto_vacuum'), { auto_vacuum: 2 });
    await opened.close();
    const again = await openStore({ dataDir: old, withoutQueue: true });
    assert.equal(again.autoVacuum, 'incremental', 'only once');
    await again.close();
  });

  it('an old store above the limit is left as it is', async () => {
    const old = dir();
    await oldStyleStore(old);
    const db = new SqliteDb(join(old, 'faultline.sqlite'));
    assert.equal(prepareSqliteFile(db, 1), 'too-large');
    assert.equal(Number(db.raw.pragma('auto_vacuum', { simple: true })), 0);
    await db.close();
  });

  it('reclaimSpace returns the pages deletes freed to the file system', async () => {
    const d = dir();
    const store = await openStore({ dataDir: d, withoutQueue: true });
    const file = join(d, 'faultline.sqlite');
    await store.db.exec('CREATE TABLE filler (b BLOB)');
    for (let i = 0; i < 200; i++) await store.db.run('INSERT INTO filler (b) VALUES (?)', [Buffer.alloc(10_000, i)]);
    await store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const full = statSync(file).size;
    const used = (await storedBytes(store.db)).bytes;
    await store.db.run('DELETE FROM filler');
    assert.ok((await storedBytes(store.db)).bytes < used - 1_500_000, 'pages in use drop with the delete');
    assert.ok((await reclaimSpace(store.db, 100)) > 400, 'in several steps');
    assert.ok(statSync(file).size < full - 1_500_000, `the file shrank: ${statSync(file).size} < ${full}`);
    await store.close();
  });
});
