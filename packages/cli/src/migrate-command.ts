/**
 * @module `faultline migrate-store --from <data dir> --to postgres://…`: moves a stopped SQLite node's store into
 * PostgreSQL (see the store's `copy/` modules). Exit 0 when every table's count and checksum agree, 1 on a
 * mismatch (the table is printed either way), 2 when it refuses (source in use, schema versions, a foreign target).
 */
import { CopySourceError, formatChecks, isStoreUnavailable, MigrateStoreError, migrateStore, StoreInUseError } from '@faultline/store';
import { CliError, splitStoreFlags } from './cli-args.ts';

export async function runMigrateStore(args: string[]): Promise<number> {
  const p = splitStoreFlags(args, { from: 'value', to: 'value', restart: 'bool', batch: 'value' });
  if (p.positional.length > 0) throw new CliError(`unexpected argument "${p.positional[0]}"`, true);
  const from = p.flags.from;
  const to = p.flags.to;
  if (typeof from !== 'string' || !from) throw new CliError('migrate-store needs --from <data dir> (the SQLite node\'s, stopped)', true);
  if (typeof to !== 'string' || !/^postgres(ql)?:\/\//.test(to)) throw new CliError('migrate-store needs --to postgres://user:password@host/database (an empty database)', true);
  const batch = p.flags.batch === undefined ? 5000 : Number(p.flags.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new CliError('--batch must be a whole number of rows from 1 to 100000');
  const started = Date.now();
  try {
    const r = await migrateStore({ from, to, restart: p.flags.restart === true, batchRows: batch, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${formatChecks(r.checks)}\n`);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (!r.ok) {
      const bad = r.checks.filter((c) => !c.ok).map((c) => c.table);
      process.stderr.write(`faultline migrate-store: MISMATCH in ${bad.join(', ')}: the target does not hold what the source does; do not start on it. Rerun with --restart to copy again.\n`);
      return 1;
    }
    process.stderr.write(
      `migrated ${from} to PostgreSQL (schema ${r.schemaVersion}): ${r.copiedRows} rows copied in this run${r.resumedTables.length ? `, resumed ${r.resumedTables.length} tables` : ''}, ${secs} s; ` +
        `every table's count and checksum agree. Start on it with: faultline start --database-url <the same URL>\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof MigrateStoreError || err instanceof StoreInUseError || err instanceof CopySourceError) throw new CliError(err.message);
    if (isStoreUnavailable(err)) {
      throw new CliError(`cannot reach the target PostgreSQL (${(err as Error).message}); every committed batch is kept, rerun the same command once it is reachable`);
    }
    throw err;
  }
}
