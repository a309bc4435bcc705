/**
 * @module `isStoreUnavailable`: whether a failed query means the database cannot be reached right now (PostgreSQL
 * down or restarting, the network to it broken, SQLite's file locked past the busy wait), as opposed to a fault in
 * the query or its data. The first is worth retrying after a short wait; the second is not. One classifier for the
 * whole server: ingest and the API answer 503 with Retry-After on it, digest keeps its batch for a later retry.
 */

/** Node socket errors (`err.code`) while connecting to or talking with the database server. */
const SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception); 57P01 admin_shutdown, 57P02 crash_shutdown and
 * 57P03 cannot_connect_now (starting up or shutting down); 53300 too_many_connections.
 */
const PG_STATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/** SQLite result codes (better-sqlite3's `err.code`) for a database another connection holds locked. */
const SQLITE_LOCKED: ReadonlySet<string> = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);

/**
 * The pg driver's own errors for a connection that is gone carry no code, only these fixed messages (the whole
 * message start, never a word found anywhere in it: a SQL error naming a table "connection" is not one).
 */
const PG_CLIENT_MESSAGES = ['Connection terminated', 'Client has encountered a connection error and is not queryable', 'timeout exceeded when trying to connect', 'Cannot use a pool after calling end on the pool'];

export function isStoreUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') {
    return SOCKET_CODES.has(code) || PG_STATES.has(code) || code.startsWith('08') || SQLITE_LOCKED.has(code);
  }
  // A socket failure can reach us wrapped (AggregateError of each address tried, or an error's cause).
  if (err instanceof AggregateError && err.errors.some(isStoreUnavailable)) return true;
  if (err.cause !== undefined && err.cause !== err && isStoreUnavailable(err.cause)) return true;
  return PG_CLIENT_MESSAGES.some((m) => err.message.startsWith(m));
}
