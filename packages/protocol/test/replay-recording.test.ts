/** @module The replay_recording sub-format: header line, body, encoding sniffed. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { parseEnvelope, splitReplayRecording, sniffEncoding } from '../src/index.ts';
import { loadSdkFixture } from './sdk-fixtures.ts';
import { bytes } from './bytes.ts';

describe('splitReplayRecording', () => {
  it('splits the captured browser recording into {segment_id} and a zlib body', () => {
    const env = parseEnvelope(loadSdkFixture('browser/07-replay_event.envelope'));
    const recording = env.items.find((i) => i.headers.type === 'replay_recording');
    assert.ok(recording);
    const split = splitReplayRecording(recording.payload);
    assert.ok(split);
    assert.deepEqual(split.headers, { segment_id: 0 });
    assert.equal(split.encoding, 'zlib');
    assert.equal(split.body.length, recording.payload.length - '{"segment_id":0}\n'.length);
    // The server inflates it; here only to prove the split is at the right byte.
    const events = JSON.parse(inflateSync(split.body).toString('utf8')) as Array<{ type: number }>;
    assert.ok(Array.isArray(events) && events.length > 0 && typeof events[0].type === 'number');
  });

  it('recognises uncompressed JSON (worker blocked) and gzip', () => {
    assert.equal(splitReplayRecording(bytes('{"segment_id":3}\n[{"type":4}]'))?.encoding, 'json');
    assert.equal(splitReplayRecording(bytes('{"segment_id":3}\n', [0x1f, 0x8b, 8, 0]))?.encoding, 'gzip');
    assert.equal(splitReplayRecording(bytes('{"segment_id":3}\n'))?.encoding, 'unknown');
  });

  it('is null without a JSON object header line', () => {
    assert.equal(splitReplayRecording(bytes('[{"type":4}]')), null);
    assert.equal(splitReplayRecording(bytes('{"segment_id":\n[]')), null);
    assert.equal(splitReplayRecording(bytes('[1]\n[]')), null);
  });
});

describe('sniffEncoding', () => {
  it('sniffs by the first bytes', () => {
    assert.equal(sniffEncoding(Uint8Array.from([0x1f, 0x8b])), 'gzip');
    assert.equal(sniffEncoding(Uint8Array.from([0x78, 0x9c])), 'zlib');
    assert.equal(sniffEncoding(Uint8Array.from([0x78, 0x01])), 'zlib');
    assert.equal(sniffEncoding(Uint8Array.from([0x78, 0xda])), 'zlib');
    assert.equal(sniffEncoding(bytes(' \n[')), 'json');
  });

  it('calls a 0x78 without a valid zlib header check unknown', () => {
    assert.equal(sniffEncoding(Uint8Array.from([0x78, 0x00])), 'unknown');
    assert.equal(sniffEncoding(bytes('{"a":1}')), 'unknown');
    assert.equal(sniffEncoding(new Uint8Array(0)), 'unknown');
  });
});
