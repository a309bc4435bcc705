/**
 * @module Small pieces of state several nodes read and change together (login throttling), in `kv` as
 * `<expiry ms, 16 digits>:<json>`: an expired value reads as absent and `pruneExpiringState` deletes it by comparing
 * text. `updateExpiringState` locks the rows it reads (PostgreSQL: `FOR UPDATE`, in key order, so two nodes cannot
 * deadlock) and writes what the callback returns in the same transaction.
 */
import type { Db } from '../db/db.ts';

export interface ExpiringValue {
  value: unknown;
  expiresAt: number;
}

const encode = (v: ExpiringValue) => `${String(Math.max(0, Math.trunc(v.expiresAt))).padStart(16, '0')}:${JSON.stringify(v.value)}`;

function decode(text: string | undefined, now: number): unknown {
  if (text === undefined) return undefined;
  const i = text.indexOf(':');
  if (Number(text.slice(0, i)) <= now) return undefined;
  return JSON.parse(text.slice(i + 1)) as unknown;
}

/**
 * Reads `keys` (absent or expired: undefined), hands them to `fn` and writes back what it returns per key
 * (null: delete), all in one transaction holding the rows; returns `fn`'s result.
 */
export async function updateExpiringState<T>(
  db: Db,
  keys: string[],
  now: number,
  fn: (values: unknown[]) => { result: T; write: Array<ExpiringValue | null | undefined> },
): Promise<T> {
  const order = [...keys].sort();
  return db.transaction(async (tx) => {
    const read = new Map<string, string>();
    const created = new Set<string>();
    for (const key of order) {
      // The row must exist to be locked: two nodes creating it at once would otherwise both see it absent.
      const inserted = await tx.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, encode({ value: null, expiresAt: 0 })]);
      if (inserted.changes === 1) created.add(key);
      const row = await tx.get<{ value: string }>(`SELECT value FROM kv WHERE key = ?${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [key]);
      if (row) read.set(key, row.value);
    }
    const { result, write } = fn(keys.map((k) => decode(read.get(k), now)));
    for (let i = 0; i < keys.length; i++) {
      const w = write[i];
      if (w === undefined && !created.has(keys[i]!)) continue;
      if (!w) await tx.run('DELETE FROM kv WHERE key = ?', [keys[i]!]);
      else await tx.run('UPDATE kv SET value = ? WHERE key = ?', [encode(w), keys[i]!]);
    }
    return result;
  });
}

/** Deletes expired values under `prefix`; returns how many. */
export async function pruneExpiringState(db: Db, prefix: string, now = Date.now()): Promise<number> {
  const like = `${prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return (await db.run("DELETE FROM kv WHERE key LIKE ? ESCAPE '\\' AND value < ?", [like, encode({ value: null, expiresAt: now }).slice(0, 16)])).changes;
}
