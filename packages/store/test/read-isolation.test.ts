/**
 * Reads never see uncommitted data, and two connections writing one database (the server's main thread and its
 * digest thread) wait for each other instead of failing, on both dialects.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import { openStore, type Db, type StoreHandle } from '../src/index.ts';
import { DIALECTS } from './dialects.ts';

function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const readKv = async (db: Db, key: string) => (await db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [key]))?.value;

for (const dialect of DIALECTS) {
  describe(`read isolation: ${dialect}`, () => {
    let a: StoreHandle;
    let b: StoreHandle;
    before(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'faultline-isolation-'));
      const databaseUrl = dialect === 'postgres' ? await createTestDatabase() : undefined;
      a = await openStore({ dataDir, databaseUrl, withoutQueue: true });
      b = await openStore({ dataDir, databaseUrl, withoutQueue: true });
    });
    after(async () => {
      await a.close();
      await b.close();
    });

    it('a read through the same handle, made while its transaction awaits, does not see the rows it rolls back', async () => {
      const inserted = gate();
      const readDone = gate();
      const tx = a.db
        .transaction(async (t) => {
          await t.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['uncommitted', 'x']);
          assert.equal(await readKv(t, 'uncommitted'), 'x', 'the transaction sees its own write');
          inserted.open();
          await readDone.opened;
          throw new Error('roll back');
        })
        .catch((err: Error) => err.message);
      await inserted.opened;
      const seen = await readKv(a.db, 'uncommitted');
      readDone.open();
      assert.equal(await tx, 'roll back');
      assert.equal(seen, undefined, 'a read outside the transaction returned a row that was later rolled back');
      assert.equal(await readKv(a.db, 'uncommitted'), undefined);
    });

    it('a committed write is visible to the next read at once', async () => {
      await a.db.transaction((t) => t.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['committed', 'y']));
      assert.equal(await readKv(a.db, 'committed'), 'y');
      await a.db.run('UPDATE kv SET value = ? WHERE key = ?', ['z', 'committed']);
      assert.equal(await readKv(a.db, 'committed'), 'z');
      assert.equal(await readKv(b.db, 'committed'), 'z');
    });

    it("a second connection's write waits for the first one's transaction, without blocking its event loop", async () => {
      const inserted = gate();
      const release = gate();
      const first = a.db.transaction(async (t) => {
        await t.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['first', '1']);
        inserted.open();
        await release.opened;
      });
      await inserted.opened;
      let second: 'pending' | 'done' | Error = 'pending';
      const write = b.db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['second', '2']).then(
        () => (second = 'done'),
        (err: Error) => (second = err),
      );
      // Timers still fire while the second writer waits: the waiting happens on timers, not in a blocking sleep.
      let ticks = 0;
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (++ticks === 5) {
            clearInterval(t);
            resolve();
          }
        }, 5);
      });
      if (dialect === 'sqlite') assert.equal(second, 'pending', 'the second writer should wait for the lock');
      release.open();
      await first;
      await write;
      assert.equal(second, 'done');
      assert.equal(await readKv(a.db, 'second'), '2');
      assert.equal(await readKv(b.db, 'first'), '1');
    });
  });
}
