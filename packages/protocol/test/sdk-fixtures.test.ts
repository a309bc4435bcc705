/** @module Real 11.12.0 SDK traffic parses, has the items its file name says, and survives serialize. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope, serializeEnvelope } from '../src/index.ts';
import { loadSdkFixtures } from './sdk-fixtures.ts';
import { text } from './bytes.ts';

const fixtures = loadSdkFixtures();

describe('SDK 11.12.0 fixtures', () => {
  it('are all there', () => {
    assert.equal(fixtures.length, 15);
  });

  for (const { name, firstType, body } of fixtures) {
    it(`${name} parses with ${firstType} first and round-trips`, () => {
      const env = parseEnvelope(body);
      assert.equal(env.items[0].headers.type, firstType);
      assert.equal(typeof env.headers.sent_at, 'string');
      for (const item of env.items) {
        if (item.headers.length === undefined) JSON.parse(text(item.payload)); // JSON items stay intact
      }

      const back = parseEnvelope(serializeEnvelope(env));
      assert.deepEqual(back.headers, env.headers);
      assert.equal(back.items.length, env.items.length);
      back.items.forEach((item, i) => {
        assert.deepEqual(item.headers, { ...env.items[i].headers, length: env.items[i].payload.length });
        assert.deepEqual(item.payload, env.items[i].payload);
      });
    });
  }

  it('browser/07-replay_event carries replay_event then a binary replay_recording with explicit length', () => {
    const env = parseEnvelope(fixtures.find((f) => f.name === 'browser/07-replay_event.envelope')!.body);
    assert.deepEqual(env.items.map((i) => i.headers.type), ['replay_event', 'replay_recording']);
    const recording = env.items[1];
    assert.equal(recording.headers.length, 1498);
    assert.equal(recording.payload.length, 1498);
    // The compressed body holds raw \n and \r bytes: only the explicit length frames it correctly.
    assert.ok(recording.payload.subarray(17).includes(0x0a));
  });

  it('span v2 containers keep item_count and content_type', () => {
    const env = parseEnvelope(fixtures.find((f) => f.name === 'node/01-span.envelope')!.body);
    assert.deepEqual(env.items[0].headers, {
      type: 'span',
      item_count: 2,
      content_type: 'application/vnd.sentry.items.span.v2+json',
    });
    const payload = JSON.parse(text(env.items[0].payload)) as { version: number; items: unknown[] };
    assert.equal(payload.version, 2);
    assert.equal(payload.items.length, 2);
  });
});
