/** @module Item type → data category (JS spelling) and the size limits. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  itemTypeToCategory,
  itemSizeLimit,
  ITEM_SIZE_LIMITS,
  MAX_ENVELOPE_BYTES,
  MAX_SESSIONS_PER_ENVELOPE,
} from '../src/index.ts';

const MiB = 1024 * 1024;

describe('itemTypeToCategory', () => {
  it('maps the JS exceptions of §2.3', () => {
    const expected: Record<string, string> = {
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
    for (const [type, category] of Object.entries(expected)) assert.equal(itemTypeToCategory(type), category, type);
  });

  it('passes every other type through, including Object.prototype names', () => {
    for (const type of ['transaction', 'span', 'attachment', 'profile', 'feedback', 'brand_new', 'toString', '__proto__']) {
      assert.equal(itemTypeToCategory(type), type);
    }
  });
});

describe('size limits', () => {
  it('follows Relay defaults', () => {
    assert.equal(ITEM_SIZE_LIMITS.event, MiB);
    assert.equal(ITEM_SIZE_LIMITS.check_in, 100 * 1024);
    assert.equal(ITEM_SIZE_LIMITS.client_report, 4 * 1024);
    assert.equal(ITEM_SIZE_LIMITS.profile, 50 * MiB);
    assert.equal(ITEM_SIZE_LIMITS.replay_recording, 10 * MiB);
    assert.equal(ITEM_SIZE_LIMITS.attachment, 100 * MiB);
    assert.equal(MAX_ENVELOPE_BYTES, 200 * MiB);
    assert.equal(MAX_SESSIONS_PER_ENVELOPE, 100);
  });

  it('gives unlisted types 1 MiB', () => {
    assert.equal(itemSizeLimit('span'), MiB);
    assert.equal(itemSizeLimit('attachment'), 100 * MiB);
    assert.equal(itemSizeLimit('replay_event'), MiB);
    assert.equal(itemSizeLimit('constructor'), MiB);
  });
});
