/**
 * @module Password hashing with scrypt (memory-hard), encoded as `scrypt$N$r$p$salt$hash` so a hash carries its own
 * cost: older, cheaper hashes keep verifying, and `needsRehash` tells login to upgrade them.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt floor (N=2^17, r=8, p=1): 128 MiB and about half a second of one core per hash. */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
/** A stored hash asking for more than this is refused rather than allowed to take the memory it asks for. */
const MAX_N = 2 ** 20;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; allow twice that so Node's own accounting never refuses a valid cost.
  const opts: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scryptCb(password, salt, KEYLEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

function encode(cost: { N: number; r: number; p: number }, salt: Buffer, key: Buffer): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parse(encoded: string): Parsed | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { cost: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64'), hash: Buffer.from(parts[5]!, 'base64') };
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new RangeError('password must be at least 8 characters');
  const salt = randomBytes(16);
  return encode(SCRYPT_COST, salt, await scrypt(password, salt, SCRYPT_COST));
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.cost);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when a hash was made with other parameters than today's: login re-hashes the password it just verified. */
export function needsRehash(encoded: string): boolean {
  const parsed = parse(encoded);
  return !parsed || parsed.cost.N !== SCRYPT_COST.N || parsed.cost.r !== SCRYPT_COST.r || parsed.cost.p !== SCRYPT_COST.p;
}

/** A hash no password matches, at today's cost: a login for an unknown email takes as long as for a known one. */
export const UNMATCHABLE_HASH = encode(SCRYPT_COST, Buffer.alloc(16), Buffer.alloc(KEYLEN));
