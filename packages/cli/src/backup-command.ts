/**
 * @module `faultline backup --out FILE` and `faultline restore FILE [--force]`.
 * Backup runs next to a live server (SQLite online backup, consistent across the store and the queue); restore
 * wants the server stopped and an empty data dir unless forced. On PostgreSQL both say how to use pg_dump.
 */
import { BackupError, backupDataDir, postgresBackupAdvice, restoreDataDir } from '@faultline/store';
import { CliError, splitStoreFlags } from './cli-args.ts';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export async function runBackup(args: string[]): Promise<number> {
  const p = splitStoreFlags(args, { out: 'value' });
  if (p.positional.length > 0) throw new CliError(`unexpected argument "${p.positional[0]}" (use --out FILE)`, true);
  if (p.config.databaseUrl) {
    process.stderr.write(`faultline backup: ${postgresBackupAdvice(p.config.databaseUrl)}\n`);
    // No backup was written: a cron job must not mistake this for success.
    return 2;
  }
  const out = p.flags.out;
  if (typeof out !== 'string' || !out) throw new CliError('backup needs --out FILE (for example --out faultline-backup.tar.gz)', true);
  const started = Date.now();
  try {
    const m = await backupDataDir({ dataDir: p.config.dataDir, out });
    const size = m.files.reduce((s, f) => s + f.size, 0);
    process.stderr.write(
      `backed up ${p.config.dataDir} (schema ${m.schemaVersion}: ${m.counts.projects} projects, ${m.counts.issues} issues, ` +
        `${m.counts.events} events, ${m.counts.queuePending} envelopes waiting for digest; ${m.files.length} files, ${mib(size)}) ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s to:\n`,
    );
    process.stdout.write(`${out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}

export async function runRestore(args: string[]): Promise<number> {
  const p = splitStoreFlags(args, { force: 'bool' });
  if (p.config.databaseUrl) {
    process.stderr.write(`faultline restore: ${postgresBackupAdvice(p.config.databaseUrl)}\n`);
    return 2;
  }
  const [file, extra] = p.positional;
  if (!file) throw new CliError('restore needs the backup FILE', true);
  if (extra) throw new CliError(`unexpected argument "${extra}"`, true);
  try {
    const r = await restoreDataDir({ file, dataDir: p.config.dataDir, force: p.flags.force === true });
    process.stderr.write(
      `restored ${file} (taken ${r.manifest.createdAt}) into ${p.config.dataDir}: ${r.counts.issues} issues, ${r.counts.events} events, ` +
        `${r.manifest.counts.queuePending} envelopes still to digest` +
        `${r.migrated > 0 ? `; upgraded by ${r.migrated} migration(s)` : ''}. Start Faultline on it with: faultline start --data-dir ${p.config.dataDir}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}
