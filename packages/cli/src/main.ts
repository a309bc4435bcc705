/**
 * @module The `faultline` command. `start` runs the server; the others work on the same data dir or database,
 * also while a server is running (SQLite WAL allows a second writer process to wait its turn).
 */
import { ConfigError, loadConfig } from '@faultline/server';
import { SchemaTooNewError } from '@faultline/store';
import { runStart } from './start-command.ts';
import { runProject, runToken, runUser } from './admin-commands.ts';
import { runBackup, runRestore } from './backup-command.ts';
import { runMigrateStore } from './migrate-command.ts';
import { CliError, splitStoreFlags } from './cli-args.ts';

const USAGE = `usage: faultline <command> [options]

  start [--host H] [--port P] [--data-dir D] [--database-url URL] …   run the server (see docs/operations.md)
        [--role all|ingest|digest|web]                                 all (default) does everything; on PostgreSQL a node
                                                                       may do one part: ingest = the ingest routes, digest =
                                                                       digest and the periodic jobs, web = the API and UI
                                                                       (each also /healthz, /readyz, /metrics)
  user create --email E --password P [--admin]                        create a user
  project create SLUG [--name N] [--platform P] [--max-disk-bytes B]   create a project and print its DSN
  project set SLUG --max-disk-bytes BYTES|none                         the project's own disk budget (oldest data goes first)
  project list                                                         list projects with their DSNs
  token create --name N [--user EMAIL] [--scopes a,b]                 create an API token (Bearer / SENTRY_AUTH_TOKEN)
  token list                                                           list active tokens: ID, name, owner, scopes, last use
  token revoke ID                                                      revoke a token at once
  backup --out FILE                                                    online backup of the SQLite store (PostgreSQL: pg_dump)
  restore FILE [--force]                                               restore a backup into an empty (or, forced, a stopped) data dir
  migrate-store --from DATA_DIR --to postgres://… [--restart]          copy a stopped SQLite node's store into an empty PostgreSQL
        [--batch ROWS]                                                 database, verified by counts and checksums per table (exit 1 on
                                                                       a mismatch); resumable: rerun after an interruption to continue,
                                                                       --restart to copy again from the start (see docs/operations.md)

Every command accepts --data-dir and --database-url (or FAULTLINE_DATA_DIR / FAULTLINE_DATABASE_URL).`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (cmd) {
      case 'start':
        return await runStart(loadConfig(rest));
      case 'user':
        return await runUser(rest);
      case 'project':
        return await runProject(rest);
      case 'token':
        return await runToken(rest);
      case 'backup':
        return await runBackup(rest);
      case 'restore':
        return await runRestore(rest);
      case 'migrate-store':
        return await runMigrateStore(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return cmd === undefined ? 1 : 0;
      default:
        throw new CliError(`unknown command "${cmd}"`);
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError || err instanceof RangeError || err instanceof SchemaTooNewError) {
      process.stderr.write(`faultline: ${err.message}\n`);
      if (err instanceof CliError && err.showUsage) process.stderr.write(`\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

export { splitStoreFlags };
