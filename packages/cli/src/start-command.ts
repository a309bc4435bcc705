/** @module `faultline start`: run the server until SIGTERM/SIGINT, then shut down gracefully and exit 0. */
import { startServer, type Config } from '@faultline/server';
import { countUsers, listKeys, listProjects } from '@faultline/store';
import { dsnOf } from '@faultline/server';

export async function runStart(config: Config): Promise<number> {
  // Listen for the signals before starting, so a stop that arrives during start-up is not lost.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  const running = await startServer(config);
  const { db } = running.app;
  // The hints name the same store, so they work as printed when the server was started on a non-default one.
  const storeFlags = [
    config.dataDir !== './data' ? ` --data-dir ${shellQuote(config.dataDir)}` : '',
    config.databaseUrl ? ` --database-url ${shellQuote(config.databaseUrl)}` : '',
  ].join('');
  const lines = [`Faultline is running at ${running.url}  (store: ${running.store.describe})`];
  if ((await countUsers(db)) === 0) {
    lines.push(
      `No user yet: open ${running.url}/ to create the first admin,`,
      `  or run: npx faultline user create --email you@example.com --password '…' --admin${storeFlags}`,
    );
  } else lines.push(`Sign in at ${running.url}/`);
  const projects = await listProjects(db);
  if (projects.length === 0) {
    lines.push(`No project yet: npx faultline project create my-app${storeFlags}   (prints the DSN for Sentry.init({ dsn }))`);
  } else {
    lines.push('Send events with these DSNs (Sentry.init({ dsn })):');
    for (const p of projects) {
      const key = (await listKeys(db, p.id)).find((k) => k.is_active === 1);
      if (key) lines.push(`  ${p.slug}: ${dsnOf(running.url, key)}`);
    }
  }
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  await stopRequested;
  await running.close();
  return 0;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
