/**
 * `isStoreUnavailable` on the errors the real drivers raise: a PostgreSQL that refuses connections, a backend
 * terminated under a query, a SQLite file locked by another connection — and not on query faults, even ones whose
 * message says "connection".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import { isStoreUnavailable, PostgresDb } from '../src/index.ts';

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected the query to fail');
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe('isStoreUnavailable', () => {
  it('PostgreSQL: refused connection and a terminated backend are unavailable; query faults are not', async () => {
    const down = new PostgresDb(`postgres://postgres:postgres@127.0.0.1:${await closedPort()}/postgres`, 1);
    try {
      assert.equal(isStoreUnavailable(await failure(down.get('SELECT 1'))), true, 'nothing listening');
    } finally {
      await down.close();
    }
    const db = new PostgresDb(await createTestDatabase(), 2);
    try {
      const missing = (await failure(db.get('SELECT * FROM connection'))) as Error;
      assert.match(missing.message, /connection/, 'a message naming "connection"…');
      assert.equal(isStoreUnavailable(missing), false, '…is still a query fault');
      assert.equal(isStoreUnavailable(await failure(db.get('SELEC 1'))), false, 'syntax error');
      await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      await db.run('INSERT INTO t (id) VALUES (1)');
      assert.equal(isStoreUnavailable(await failure(db.run('INSERT INTO t (id) VALUES (1)'))), false, 'unique violation');
      const killed = await failure(db.transaction((tx) => tx.get('SELECT pg_terminate_backend(pg_backend_pid())')));
      assert.equal(isStoreUnavailable(killed), true, `terminated backend: ${String(killed)}`);
      assert.deepEqual(await db.get('SELECT 1 AS one'), { one: 1 }, 'the pool reconnects');
    } finally {
      await db.close();
    }
  });

  it('SQLite: a file locked by another connection is unavailable; a query fault is not', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-unavailable-')), 'x.sqlite');
    const holder = new Database(file);
    const other = new Database(file);
    try {
      holder.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      other.pragma('busy_timeout = 0');
      holder.exec('BEGIN IMMEDIATE');
      let busy: unknown;
      try {
        other.exec('INSERT INTO t (id) VALUES (1)');
      } catch (err) {
        busy = err;
      }
      assert.equal(isStoreUnavailable(busy), true, String(busy));
      holder.exec('COMMIT');
      let fault: unknown;
      try {
        other.exec('INSERT INTO connection (id) VALUES (1)');
      } catch (err) {
        fault = err;
      }
      assert.match(String(fault), /no such table: connection/);
      assert.equal(isStoreUnavailable(fault), false);
    } finally {
      other.close();
      holder.close();
    }
  });

  it('errors that are not from a driver are not unavailable, whatever they say', () => {
    assert.equal(isStoreUnavailable(new Error('lost the connection to the payment provider')), false);
    assert.equal(isStoreUnavailable(new TypeError('Cannot read properties of undefined')), false);
    assert.equal(isStoreUnavailable('ECONNREFUSED'), false);
    assert.equal(isStoreUnavailable(undefined), false);
  });
});
