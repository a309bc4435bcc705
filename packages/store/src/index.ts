/** @module The Store: one query layer over SQLite and PostgreSQL, its migrations and the ingest queue. */
export type { Db, Dialect, SqlValue, RunResult } from './db/db.ts';
export { SqliteDb } from './db/sqlite-db.ts';
export { PostgresDb } from './db/postgres-db.ts';
export { MIGRATIONS, migrate, renderSql, type Migration } from './migrations/index.ts';
export type { IngestQueue, QueuedEnvelope, AppendInput } from './queue/ingest-queue.ts';
export { openStore, type StoreHandle, type StoreOptions } from './open-store.ts';
export * from './entities/organizations.ts';
export * from './entities/projects.ts';
export * from './entities/users.ts';
export * from './digest/counters.ts';
export * from './digest/persist-event.ts';
export * from './digest/release-order.ts';
export * from './issues/issue-search.ts';
export * from './issues/issues.ts';
export * from './issues/events.ts';
export * from './backup/index.ts';
export * from './artifacts/index.ts';
export * from './alerts/index.ts';
