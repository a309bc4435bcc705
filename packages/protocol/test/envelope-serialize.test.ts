/** @module serializeEnvelope: explicit lengths, byte-exact payloads, and the round trip through parseEnvelope. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope, serializeEnvelope } from '../src/index.ts';
import type { Envelope } from '../src/index.ts';
import { bytes, text } from './bytes.ts';

describe('serializeEnvelope', () => {
  it('writes the SDK layout with an explicit byte length on every item and no trailing newline', () => {
    const env: Envelope = {
      headers: { event_id: 'abc' },
      items: [
        { headers: { type: 'event' }, payload: bytes('{"m":"é"}') },
        { headers: { type: 'attachment', filename: 'x' }, payload: bytes('') },
      ],
    };
    assert.equal(
      text(serializeEnvelope(env)),
      '{"event_id":"abc"}\n{"type":"event","length":10}\n{"m":"é"}\n{"type":"attachment","filename":"x","length":0}\n',
    );
  });

  it('writes a header-only envelope as one line', () => {
    assert.equal(text(serializeEnvelope({ headers: {}, items: [] })), '{}');
  });

  it('replaces a wrong length in the item header with the real one', () => {
    const out = serializeEnvelope({ headers: {}, items: [{ headers: { type: 'a', length: 99 }, payload: bytes('xy') }] });
    assert.equal(text(out), '{}\n{"type":"a","length":2}\nxy');
  });

  it('round-trips binary payloads containing newlines and invalid UTF-8', () => {
    const payload = Uint8Array.from([0x0a, 0x0a, 0xff, 0x00, 0x0d, 0x0a]);
    const env: Envelope = {
      headers: { sent_at: '2026-01-01T00:00:00.000Z' },
      items: [
        { headers: { type: 'replay_recording' }, payload },
        { headers: { type: 'replay_event' }, payload: bytes('{"a":"\\n"}') },
      ],
    };
    const back = parseEnvelope(serializeEnvelope(env));
    assert.deepEqual(back.headers, env.headers);
    assert.deepEqual(back.items.map((i) => i.payload), [payload, bytes('{"a":"\\n"}')]);
    assert.deepEqual(back.items.map((i) => i.headers), [
      { type: 'replay_recording', length: 6 },
      { type: 'replay_event', length: 10 },
    ]);
  });
});
