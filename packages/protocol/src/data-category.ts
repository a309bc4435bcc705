/**
 * @module Rate-limit data categories and size limits per item type. Categories use the JS SDK's spelling
 * (docs/protocol.md §2.3): the SDK matches `X-Sentry-Rate-Limits` against these names, so a limit the server sends under Relay's
 * spelling (`trace_metric`, `profile_chunk`) would not stop a JS client. Sizes are Relay's defaults (docs/protocol.md §1.5).
 */

// core/src/utils/envelope.ts ITEM_TYPE_TO_DATA_CATEGORY_MAP; every type not listed keeps its own name.
const CATEGORY_BY_ITEM_TYPE: Readonly<Record<string, string>> = {
  event: 'error',
  session: 'session',
  sessions: 'session',
  client_report: 'internal',
  user_report: 'default',
  profile_chunk: 'profile',
  replay_event: 'replay',
  replay_recording: 'replay',
  check_in: 'monitor',
  raw_security: 'security',
  log: 'log_item',
  trace_metric: 'metric',
};

/** The data category an item of this type counts against (JS spelling). */
export function itemTypeToCategory(type: string): string {
  return Object.hasOwn(CATEGORY_BY_ITEM_TYPE, type) ? CATEGORY_BY_ITEM_TYPE[type] : type;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Size limit for an item type not listed in `ITEM_SIZE_LIMITS`. */
export const DEFAULT_ITEM_SIZE_LIMIT = 1 * MiB;

/** Maximum payload bytes per item type (Relay defaults). `replay_recording` is the compressed size. */
export const ITEM_SIZE_LIMITS: Readonly<Record<string, number>> = {
  event: 1 * MiB,
  transaction: 1 * MiB,
  span: 1 * MiB,
  log: 1 * MiB,
  trace_metric: 1 * MiB,
  check_in: 100 * KiB,
  client_report: 4 * KiB,
  profile: 50 * MiB,
  replay_recording: 10 * MiB,
  attachment: 100 * MiB,
};

/** `ITEM_SIZE_LIMITS[type]`, or the default for types without their own limit. */
export function itemSizeLimit(type: string): number {
  return Object.hasOwn(ITEM_SIZE_LIMITS, type) ? ITEM_SIZE_LIMITS[type] : DEFAULT_ITEM_SIZE_LIMIT;
}

/** Maximum size of a replay recording body after decompression (Relay's limit; the compressed limit is above). */
export const MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES = 100 * MiB;

/** Faultline's bound on one stored replay segment after decompression (the SDK flushes far smaller ones). */
export const MAX_REPLAY_SEGMENT_BYTES = 10 * MiB;

/** Faultline's bound on all of one replay's stored segments after decompression; segments past it are `too_large`. */
export const MAX_REPLAY_BYTES = 200 * MiB;

/** Maximum `session` and `sessions` items per envelope (Relay's `max_session_count`). */
export const MAX_SESSIONS_PER_ENVELOPE = 100;

/**
 * Maximum items of any type per envelope. Relay has no such count (its envelope size bounds it); ours is set far
 * above what any SDK sends (an event with its attachments, a replay's two items, one batched `log` container) and
 * low enough that framing stops long before a 20 MiB body of tiny items could hold the event loop.
 */
export const MAX_ITEMS_PER_ENVELOPE = 1000;
