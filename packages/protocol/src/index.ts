/**
 * @module @faultline/protocol: the Sentry wire format. Envelope framing, DSNs, auth headers, rate-limit headers,
 * data categories, the replay-recording sub-format and event payload types. No dependencies and no I/O, so it
 * runs in Node, browsers and workers alike.
 */

export type { Envelope, EnvelopeItem, ItemHeaders } from './envelope-types.ts';
export { EnvelopeError } from './envelope-error.ts';
export type { EnvelopeErrorCode } from './envelope-error.ts';
export { parseEnvelope } from './envelope-parse.ts';
export type { ParseEnvelopeOptions } from './envelope-parse.ts';
export { serializeEnvelope } from './envelope-serialize.ts';
export { jsonNestingDepth } from './json-depth.ts';
export { parseDsn, formatDsn } from './dsn.ts';
export type { Dsn } from './dsn.ts';
export { parseSentryAuth, authFromQuery } from './auth-header.ts';
export type { SentryAuth } from './auth-header.ts';
export {
  itemTypeToCategory,
  itemSizeLimit,
  ITEM_SIZE_LIMITS,
  DEFAULT_ITEM_SIZE_LIMIT,
  MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES,
  MAX_REPLAY_SEGMENT_BYTES,
  MAX_REPLAY_BYTES,
  MAX_SESSIONS_PER_ENVELOPE,
  MAX_ITEMS_PER_ENVELOPE,
} from './data-category.ts';
export { formatRateLimits, parseRateLimits } from './rate-limit-header.ts';
export type { RateLimit, RateLimitScope } from './rate-limit-header.ts';
export { splitReplayRecording, sniffEncoding } from './replay-recording.ts';
export type { ReplayRecording, ReplayRecordingEncoding } from './replay-recording.ts';
export type * from './event-types.ts';
