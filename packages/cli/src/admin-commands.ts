/** @module `faultline user|project|token …`: administration against the configured store. */
import { addDefaultAlertRule, dsnOf, hashPassword, publicUrlOf } from '@faultline/server';
import {
  addTeamMember,
  ConflictError,
  createProject,
  createToken,
  createUser,
  ensureDefaults,
  getUserByEmail,
  listKeys,
  listProjects,
  openStore,
  type StoreHandle,
} from '@faultline/store';
import { CliError, splitStoreFlags, type Parsed } from './cli-args.ts';

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
    const p = splitStoreFlags(rest, { name: 'value', platform: 'value' });
    const slug = p.positional[0];
    if (!slug) throw new CliError('project create needs a SLUG', true);
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
        // Same default as projects made in the UI: new issues and regressions mail the members, if email is set up.
        const alerting = await addDefaultAlertRule(db, p.config, project.id);
        process.stderr.write(`created project ${project.slug} (id ${project.id})${alerting ? ' with the default alert rule' : ''}; its DSN:\n`);
        process.stdout.write(`${dsnOf(publicUrlOf(p.config), key)}\n`);
        return 0;
      } catch (err) {
        if (err instanceof ConflictError) throw new CliError(err.message);
        throw err;
      }
    });
  }
  if (sub === 'list') {
    const p = splitStoreFlags(rest, {});
    return withStore(p, async ({ db }) => {
      for (const project of await listProjects(db)) {
        const key = (await listKeys(db, project.id)).find((k) => k.is_active === 1);
        process.stdout.write(`${project.id}\t${project.slug}\t${project.name}\t${key ? dsnOf(publicUrlOf(p.config), key) : '(no active key)'}\n`);
      }
      return 0;
    });
  }
  throw new CliError(`unknown project command "${sub ?? ''}" (use: project create, project list)`, true);
}

export async function runToken(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new CliError(`unknown token command "${sub ?? ''}" (use: token create)`, true);
  const p = splitStoreFlags(rest, { name: 'value', user: 'value' });
  const name = p.flags.name;
  if (typeof name !== 'string' || !name) throw new CliError('--name is required');
  return withStore(p, async ({ db }) => {
    let userId: number | null = null;
    if (typeof p.flags.user === 'string') {
      const user = await getUserByEmail(db, p.flags.user);
      if (!user) throw new CliError(`no user with email ${p.flags.user}`);
      userId = user.id;
    }
    const { token } = await createToken(db, { userId, name, scopes: ['org:admin', 'project:releases', 'project:write', 'event:write'] });
    process.stderr.write(`created token "${name}"${userId === null ? ' (instance-wide, admin rights)' : ''}; it is shown once:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  });
}
