/** @module Creates the first admin from FAULTLINE_ADMIN_EMAIL / FAULTLINE_ADMIN_PASSWORD when set and absent. */
import { addTeamMember, createUser, ensureDefaults, getUserByEmail, type Db } from '@faultline/store';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { hashPassword } from './password.ts';

export async function ensureAdminFromConfig(db: Db, config: Config, log: Logger): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) return;
  if (await getUserByEmail(db, config.adminEmail)) return;
  const user = await createUser(db, { email: config.adminEmail, passwordHash: await hashPassword(config.adminPassword), isAdmin: true });
  const { team } = await ensureDefaults(db);
  await addTeamMember(db, team.id, user.id, 'admin');
  log.info('created admin user', { email: user.email });
}
