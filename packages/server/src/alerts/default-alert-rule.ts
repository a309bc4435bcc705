/**
 * @module New projects start with Sentry's default issue alert — "a new issue or a regression → email the
 * project's members" — but only when email is configured: a rule that can only fail would just be noise.
 */
import { defaultAlertRule } from '@faultline/pipeline';
import { createAlertRule, type Db } from '@faultline/store';
import type { Config } from '../config.ts';

export async function addDefaultAlertRule(db: Db, config: Pick<Config, 'smtpUrl'>, projectId: number): Promise<boolean> {
  if (!config.smtpUrl) return false;
  await createAlertRule(db, projectId, defaultAlertRule());
  return true;
}
