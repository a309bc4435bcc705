/**
 * @module Opens the configured store: an embedded SQLite file (plus a queue file) in the data dir, or PostgreSQL.
 * Migrations run here, on every start, before anything else touches the database.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db/db.ts';
import { SqliteDb } from './db/sqlite-db.ts';
import { PostgresDb } from './db/postgres-db.ts';
import { MIGRATIONS, migrate } from './migrations/index.ts';
import type { IngestQueue } from './queue/ingest-queue.ts';
import { SqliteQueue } from './queue/sqlite-queue.ts';
import { PostgresQueue } from './queue/postgres-queue.ts';
import { prepareSqliteFile } from './retention/stored-bytes.ts';

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Group-commit window for queue appends; 0 = same tick. */
  queueWindowMs?: number;
  /** Open without the queue (CLI commands next to a running server). */
  withoutQueue?: boolean;
}

export interface StoreHandle {
  db: Db;
  queue: IngestQueue | null;
  describe: string;
  /** SQLite: whether the file can shrink (`incremental`), was just rewritten to (`vacuumed`), or is too large to. */
  autoVacuum?: ReturnType<typeof prepareSqliteFile>;
  close(): Promise<void>;
}

export async function openStore(opts: StoreOptions): Promise<StoreHandle> {
  let db: Db;
  let describe: string;
  let autoVacuum: StoreHandle['autoVacuum'];
  if (opts.databaseUrl) {
    db = new PostgresDb(opts.databaseUrl);
    describe = `postgres ${redact(opts.databaseUrl)}`;
  } else {
    mkdirSync(opts.dataDir, { recursive: true });
    const file = join(opts.dataDir, 'faultline.sqlite');
    const sqlite = new SqliteDb(file, { asyncBusy: true, incrementalVacuum: true });
    autoVacuum = prepareSqliteFile(sqlite);
    db = sqlite;
    describe = `sqlite ${file}`;
  }
  await migrate(db, MIGRATIONS);
  let queue: IngestQueue | null = null;
  if (!opts.withoutQueue) {
    queue =
      db instanceof PostgresDb
        ? new PostgresQueue(db, opts.queueWindowMs ?? 0)
        : await SqliteQueue.open(join(opts.dataDir, 'queue.sqlite'), db, opts.queueWindowMs ?? 0);
  }
  return {
    db,
    queue,
    describe,
    autoVacuum,
    async close() {
      await queue?.close();
      await db.close();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
