/** @module Runs a suite once per dialect: a real SQLite file and a real PostgreSQL database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../scripts/test-postgres.ts';
import { openStore, type StoreHandle } from '../src/index.ts';

export const DIALECTS = ['sqlite', 'postgres'] as const;

export async function openTestStore(dialect: (typeof DIALECTS)[number]): Promise<StoreHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-store-'));
  return openStore({ dataDir, databaseUrl: dialect === 'postgres' ? await createTestDatabase() : undefined });
}
