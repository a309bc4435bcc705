/**
 * @module Leases: what lets exactly one node at a time run a periodic job (retention, alert clean-up, …), and the
 * job's last completed run, both in `kv`. A lease expires on its own, so the job moves to another node when its
 * holder dies; the last run makes every node agree when the job is next due.
 */
import type { Db } from '../db/db.ts';

/** Leases live in `kv` as `<expiry ms, 16 digits>:<owner>`, so an expired lease compares lower than "now" as text. */
function leaseValue(expiresAt: number, owner: string): string {
  return `${String(Math.max(0, Math.trunc(expiresAt))).padStart(16, '0')}:${owner}`;
}

const ownerPattern = (owner: string) => `%:${owner.replace(/[%_]/g, '')}`;

/**
 * Claims (or renews) the lease `name` for `owner` until `now + ttlMs`: true when this owner holds it now. A lease
 * another owner holds is taken over only once it expired, so a node that died is replaced after at most `ttlMs`.
 */
export async function claimLease(db: Db, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const key = `lease:${name}`;
  await db.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, leaseValue(0, '')]);
  const r = await db.run('UPDATE kv SET value = ? WHERE key = ? AND (value < ? OR value LIKE ?)', [leaseValue(now + ttlMs, owner), key, leaseValue(now, ''), ownerPattern(owner)]);
  return r.changes === 1;
}

/**
 * Renews the lease `name` only if `owner` still holds it (even past its expiry, if nobody took it since): false once
 * another owner took it over, even if that one has released it again. A holder that stalled and lost its lease
 * learns so here, and must not go on as if it had held it throughout.
 */
export async function renewLease(db: Db, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const r = await db.run('UPDATE kv SET value = ? WHERE key = ? AND value LIKE ?', [leaseValue(now + ttlMs, owner), `lease:${name}`, ownerPattern(owner)]);
  return r.changes === 1;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.run('UPDATE kv SET value = ? WHERE key = ? AND value LIKE ?', [leaseValue(0, ''), `lease:${name}`, ownerPattern(owner)]);
}

/** When the job `name` last completed a run (its start, epoch ms), on any node; undefined before the first. */
export async function jobLastRun(db: Db, name: string): Promise<number | undefined> {
  const row = await db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [`job:${name}:last_run`]);
  return row ? Number(row.value) : undefined;
}

export async function recordJobRun(db: Db, name: string, startedAt: number): Promise<void> {
  await db.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [`job:${name}:last_run`, String(startedAt)]);
}
