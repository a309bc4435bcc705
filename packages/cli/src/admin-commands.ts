/** @module `faultline user|project|token …`: administration against the configured store. */
import { addDefaultAlertRule, ALL_SCOPES, dsnOf, hashPassword, isScope, parseScopes, publicUrlOf, type Scope } from '@faultline/server';
import {
  addTeamMember,
  checkProjectDiskBudget,
  ConflictError,
  createProject,
  createToken,
  createUser,
  ensureDefaults,
  getSetting,
  getUserByEmail,
  PUBLIC_URL_SETTING,
  listKeys,
  listProjects,
  listTokens,
  listUsers,
  revokeToken,
  setProjectMaxDiskBytes,
  openStore,
  type StoreHandle,
} from '@faultline/store';
import { CliError, splitStoreFlags, type Parsed } from './cli-args.ts';

/** Where SDKs reach the server: --public-url if given, else the URL the last `faultline start` recorded, else the default. */
async function publicUrl(p: Parsed, db: StoreHandle['db']): Promise<string> {
  if (p.config.publicUrl) return publicUrlOf(p.config);
  return (await getSetting(db, PUBLIC_URL_SETTING)) ?? publicUrlOf(p.config);
}

async function withStore<T>(p: Parsed, fn: (store: StoreHandle) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: p.config.dataDir, databaseUrl: p.config.databaseUrl, withoutQueue: true });
  try {
    await ensureDefaults(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function runUser(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new CliError(`unknown user command "${sub ?? ''}" (use: user create)`, true);
  const p = splitStoreFlags(rest, { email: 'value', password: 'value', admin: 'bool', name: 'value' });
  const email = p.flags.email;
  const password = p.flags.password;
  if (typeof email !== 'string' || !email.includes('@')) throw new CliError('--email is required and must be an email address');
  if (typeof password !== 'string') throw new CliError('--password is required');
  return withStore(p, async ({ db }) => {
    if (await getUserByEmail(db, email)) throw new CliError(`a user with email ${email} already exists`);
    const user = await createUser(db, { email, passwordHash: await hashPassword(password), isAdmin: p.flags.admin === true, name: typeof p.flags.name === 'string' ? p.flags.name : undefined });
    const { team } = await ensureDefaults(db);
    await addTeamMember(db, team.id, user.id, p.flags.admin === true ? 'admin' : 'member');
    process.stdout.write(`created ${p.flags.admin === true ? 'admin' : 'user'} ${user.email} (id ${user.id})\n`);
    return 0;
  });
}

export async function runProject(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const p = splitStoreFlags(rest, { name: 'value', platform: 'value', 'max-disk-bytes': 'value' });
    const slug = p.positional[0];
    if (!slug) throw new CliError('project create needs a SLUG', true);
    const budget = diskBudgetFlag(p);
    return withStore(p, async ({ db }) => {
      const { org, team } = await ensureDefaults(db);
      try {
        const { project, key } = await createProject(db, {
          orgId: org.id,
          teamId: team.id,
          slug,
          name: typeof p.flags.name === 'string' ? p.flags.name : undefined,
          platform: typeof p.flags.platform === 'string' ? p.flags.platform : null,
        });
        if (budget !== undefined) await setProjectMaxDiskBytes(db, project.id, budget);
        // Same default as projects made in the UI: new issues and regressions mail the members, if email is set up.
        const alerting = await addDefaultAlertRule(db, p.config, project.id);
        process.stderr.write(`created project ${project.slug} (id ${project.id})${alerting ? ' with the default alert rule' : ''}; its DSN:\n`);
        process.stdout.write(`${dsnOf(await publicUrl(p, db), key)}\n`);
        return 0;
      } catch (err) {
        if (err instanceof ConflictError || err instanceof RangeError) throw new CliError(err.message);
        throw err;
      }
    });
  }
  if (sub === 'set') {
    const p = splitStoreFlags(rest, { 'max-disk-bytes': 'value' });
    const slug = p.positional[0];
    const budget = diskBudgetFlag(p);
    if (!slug || budget === undefined) throw new CliError('project set needs a SLUG and --max-disk-bytes BYTES (or none)', true);
    return withStore(p, async ({ db }) => {
      const project = (await listProjects(db)).find((x) => x.slug === slug);
      if (!project) throw new CliError(`no project with slug ${slug}`);
      await setProjectMaxDiskBytes(db, project.id, budget);
      process.stderr.write(budget === null ? `project ${slug} has no disk budget of its own now (--max-disk-bytes of the server still applies)\n` : `project ${slug} may now hold ${budget} bytes of stored data; retention deletes its oldest beyond\n`);
      return 0;
    });
  }
  if (sub === 'list') {
    const p = splitStoreFlags(rest, {});
    return withStore(p, async ({ db }) => {
      const url = await publicUrl(p, db);
      for (const project of await listProjects(db)) {
        const key = (await listKeys(db, project.id)).find((k) => k.is_active === 1);
        process.stdout.write(`${project.id}\t${project.slug}\t${project.name}\t${key ? dsnOf(url, key) : '(no active key)'}\n`);
      }
      return 0;
    });
  }
  throw new CliError(`unknown project command "${sub ?? ''}" (use: project create, project set, project list)`, true);
}

/** `--max-disk-bytes BYTES|none` of a project command: the project's own disk budget (Faultline's; Sentry has none). */
function diskBudgetFlag(p: Parsed): number | null | undefined {
  const v = p.flags['max-disk-bytes'];
  if (typeof v !== 'string') return undefined;
  if (v === 'none') return null;
  try {
    return checkProjectDiskBudget(/^\d+$/.test(v) ? Number(v) : v);
  } catch (err) {
    throw new CliError(`--max-disk-bytes: ${(err as Error).message}`);
  }
}

export async function runToken(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return createTokenCommand(rest);
  if (sub === 'list') {
    const p = splitStoreFlags(rest, {});
    return withStore(p, async ({ db }) => {
      const owners = new Map((await listUsers(db)).map((u) => [u.id, u.email]));
      for (const t of await listTokens(db)) {
        const owner = t.user_id === null ? '(instance)' : (owners.get(t.user_id) ?? `user ${t.user_id}`);
        const lastUsed = t.last_used_at === null ? 'never used' : `last used ${new Date(t.last_used_at).toISOString()}`;
        process.stdout.write(`${t.id}\t${t.name}\t…${t.token_last_chars}\t${owner}\t${parseScopes(t.scopes).join(',')}\t${lastUsed}\n`);
      }
      return 0;
    });
  }
  if (sub === 'revoke') {
    const p = splitStoreFlags(rest, {});
    const id = p.positional[0];
    if (!id || !/^\d+$/.test(id)) throw new CliError('token revoke needs the token ID (see: faultline token list)', true);
    return withStore(p, async ({ db }) => {
      const token = (await listTokens(db)).find((t) => t.id === Number(id));
      if (!token) throw new CliError(`no active token with ID ${id}`);
      await revokeToken(db, token.id);
      process.stderr.write(`revoked token ${id} ("${token.name}"): anything using it is refused from now on\n`);
      return 0;
    });
  }
  throw new CliError(`unknown token command "${sub ?? ''}" (use: token create, token list, token revoke ID)`, true);
}

async function createTokenCommand(rest: string[]): Promise<number> {
  const p = splitStoreFlags(rest, { name: 'value', user: 'value', scopes: 'value' });
  const name = p.flags.name;
  if (typeof name !== 'string' || !name) throw new CliError('--name is required');
  let scopes: Scope[] = [...ALL_SCOPES];
  if (typeof p.flags.scopes === 'string') {
    const asked = p.flags.scopes.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = asked.filter((s) => !isScope(s));
    if (unknown.length || asked.length === 0) throw new CliError(`--scopes takes a comma-separated list of ${ALL_SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
    scopes = [...new Set(asked as Scope[])];
  }
  return withStore(p, async ({ db }) => {
    let userId: number | null = null;
    if (typeof p.flags.user === 'string') {
      const user = await getUserByEmail(db, p.flags.user);
      if (!user) throw new CliError(`no user with email ${p.flags.user}`);
      userId = user.id;
    }
    const { token, row } = await createToken(db, { userId, name, scopes });
    process.stderr.write(`created token ${row.id} "${name}"${userId === null ? ' (instance-wide, admin rights)' : ''} with scopes ${scopes.join(',')}; it is shown once:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  });
}
