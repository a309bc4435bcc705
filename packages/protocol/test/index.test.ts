/** @module The public surface: everything other packages import comes from the package entry. */

import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as protocol from '../src/index.ts';

it('exports the runtime API from index.ts', () => {
  assert.deepEqual(Object.keys(protocol).sort(), [
    'DEFAULT_ITEM_SIZE_LIMIT',
    'EnvelopeError',
    'ITEM_SIZE_LIMITS',
    'MAX_ITEMS_PER_ENVELOPE',
    'MAX_REPLAY_BYTES',
    'MAX_REPLAY_RECORDING_DECOMPRESSED_BYTES',
    'MAX_REPLAY_SEGMENT_BYTES',
    'MAX_SESSIONS_PER_ENVELOPE',
    'authFromQuery',
    'formatDsn',
    'formatRateLimits',
    'itemSizeLimit',
    'itemTypeToCategory',
    'jsonNestingDepth',
    'parseDsn',
    'parseEnvelope',
    'parseRateLimits',
    'parseSentryAuth',
    'serializeEnvelope',
    'sniffEncoding',
    'splitReplayRecording',
  ]);
});
