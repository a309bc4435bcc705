/** @module Instance settings the server records for other processes to read (`kv` table), e.g. the URL it serves at. */
import type { Db } from '../db/db.ts';

export const PUBLIC_URL_SETTING = 'public_url';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [key]))?.value;
}

export async function putSetting(db: Db, key: string, value: string): Promise<void> {
  await db.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

/** Throws when the store does not answer (the readiness probe). */
export async function pingStore(db: Db): Promise<void> {
  await db.get('SELECT 1 AS ok');
}
