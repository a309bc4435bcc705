/** @module Runs a suite once per dialect: a real SQLite file and a real PostgreSQL database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import { createProject, ensureDefaults, openStore, type StoreHandle } from '../src/index.ts';

export const DIALECTS = ['sqlite', 'postgres'] as const;

export async function openTestStore(dialect: (typeof DIALECTS)[number]): Promise<StoreHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-store-'));
  return openStore({ dataDir, databaseUrl: dialect === 'postgres' ? await createTestDatabase() : undefined });
}

/** A fresh store with the default org and one project in it. */
export async function openTestProject(dialect: (typeof DIALECTS)[number], slug: string): Promise<{ store: StoreHandle; orgId: number; projectId: number }> {
  const store = await openTestStore(dialect);
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug });
  return { store, orgId: org.id, projectId: project.id };
}

/** A test store with the default org and team and one project, `web`. */
export async function openSeededStore(dialect: (typeof DIALECTS)[number]): Promise<{ store: StoreHandle; orgId: number; teamId: number; projectId: number }> {
  const store = await openTestStore(dialect);
  const { org, team } = await ensureDefaults(store.db);
  const { project } = await createProject(store.db, { orgId: org.id, teamId: team.id, slug: 'web' });
  return { store, orgId: org.id, teamId: team.id, projectId: project.id };
}
