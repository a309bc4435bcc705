/** @module The ordered list of schema migrations. Append only: a shipped migration never changes. */
import type { Migration } from './migration.ts';
import { initial } from './0001-initial.ts';
import { artifacts } from './0002-artifacts.ts';
import { alerts } from './0003-alerts.ts';
import { usageAndHealth } from './0008-usage-and-health.ts';

export const MIGRATIONS: Migration[] = [initial, artifacts, alerts, usageAndHealth];
export { migrate, renderSql, SchemaTooNewError } from './migration.ts';
export type { Migration } from './migration.ts';
