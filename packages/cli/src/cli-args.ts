/** @module Flag parsing for the admin commands: known flags only, each error names the flag. */
import { loadConfig, type Config } from '@faultline/server';

export class CliError extends Error {
  constructor(message: string, readonly showUsage = false) {
    super(message);
  }
}

export interface Parsed {
  positional: string[];
  flags: Record<string, string | true>;
  config: Config;
}

/**
 * Separates the command's own flags from the store flags (--data-dir, --database-url) that every command takes,
 * so `faultline project create web --data-dir /x` works like `start`.
 */
export function splitStoreFlags(args: string[], known: Record<string, 'value' | 'bool'>): Parsed {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const storeArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'data-dir' || name === 'database-url') {
      storeArgs.push(`--${name}`, inline ?? args[++i] ?? '');
      continue;
    }
    const kind = known[name];
    if (!kind) throw new CliError(`unknown option --${name}`, true);
    if (kind === 'bool') flags[name] = true;
    else {
      const v = inline ?? args[++i];
      if (v === undefined) throw new CliError(`option --${name} needs a value`);
      flags[name] = v;
    }
  }
  return { positional, flags, config: loadConfig(storeArgs) };
}
