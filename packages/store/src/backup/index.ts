/** @module Backup and restore: online SQLite backup of a data dir into one file; pg_dump advice for PostgreSQL. */
export {
  backupDataDir,
  restoreDataDir,
  postgresBackupAdvice,
  BackupError,
  BACKUP_FORMAT,
  type BackupManifest,
  type BackupOptions,
  type RestoreOptions,
  type RestoreResult,
} from './backup.ts';
