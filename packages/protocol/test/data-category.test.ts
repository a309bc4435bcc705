/** @module Item type → data category (JS spelling) and the size limits. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ITEM_SIZE_LIMIT, itemTypeToCategory, itemSizeLimit, ITEM_SIZE_LIMITS } from '../src/index.ts';

describe('itemTypeToCategory', () => {
  it('maps the JS exceptions of docs/protocol.md §2.3', () => {
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

describe('itemSizeLimit', () => {
  it('gives a listed type its own limit and every other type, Object.prototype names included, the default', () => {
    for (const [type, limit] of Object.entries(ITEM_SIZE_LIMITS)) assert.equal(itemSizeLimit(type), limit, type);
    assert.ok(itemSizeLimit('attachment') > itemSizeLimit('event'), 'attachments may be larger than events');
    for (const type of ['span', 'replay_event', 'brand_new', 'constructor', 'toString', '__proto__']) {
      assert.equal(itemSizeLimit(type), DEFAULT_ITEM_SIZE_LIMIT, type);
    }
  });
});
