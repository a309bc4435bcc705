export { migrateStore, formatChecks, MigrateStoreError, StoreInUseError, CopySourceError, type MigrateStoreOptions, type MigrateStoreResult, type TableCheck } from './migrate-store.ts';
