/** @module The framing rules of docs/protocol.md §2.1, one by one. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope, EnvelopeError } from '../src/index.ts';
import type { EnvelopeErrorCode } from '../src/index.ts';
import { bytes, text } from './bytes.ts';

function rejects(body: Uint8Array, code: EnvelopeErrorCode): EnvelopeError {
  let caught: unknown;
  try {
    parseEnvelope(body);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof EnvelopeError, `expected EnvelopeError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.ok(caught.message.length > 0);
  return caught;
}

describe('parseEnvelope: headers', () => {
  it('keeps every envelope header key, known or not', () => {
    const env = parseEnvelope(bytes('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","x_custom":[1,{"a":null}]}'));
    assert.deepEqual(env.headers, { event_id: '9ec79c33ec9942ab8353589fcb2e04dc', x_custom: [1, { a: null }] });
  });

  it('accepts {} as the envelope header', () => {
    assert.deepEqual(parseEnvelope(bytes('{}')), { headers: {}, items: [] });
  });

  it('keeps unknown item header keys', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","filename":"a.txt","length":2,"x":true}\nhi'));
    assert.deepEqual(env.items[0].headers, { type: 'attachment', filename: 'a.txt', length: 2, x: true });
  });
});

describe('parseEnvelope: empty envelopes', () => {
  it('accepts a header alone', () => {
    assert.deepEqual(parseEnvelope(bytes('{"sent_at":"2026-01-01T00:00:00Z"}')).items, []);
  });

  it('accepts a header and a trailing newline', () => {
    assert.deepEqual(parseEnvelope(bytes('{}\n')).items, []);
  });

  it('rejects an empty body', () => {
    rejects(bytes(''), 'empty_body');
  });
});

describe('parseEnvelope: implicit length', () => {
  it('runs the payload to the next newline', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"event"}\n{"message":"a"}\n{"type":"session"}\n{"sid":"s"}'));
    assert.deepEqual(env.items.map((i) => [i.headers.type, text(i.payload)]), [
      ['event', '{"message":"a"}'],
      ['session', '{"sid":"s"}'],
    ]);
    assert.equal(env.items[0].headers.length, undefined);
  });

  it('runs the last payload to the end of the body', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"event"}\n{"message":"end"}'));
    assert.equal(text(env.items[0].payload), '{"message":"end"}');
  });

  it('gives an empty payload to an empty line', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"client_report"}\n\n{"type":"event"}\n{}'));
    assert.deepEqual(env.items.map((i) => [i.headers.type, text(i.payload)]), [
      ['client_report', ''],
      ['event', '{}'],
    ]);
  });

  it('gives an empty payload to an item header on the last line', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"event"}'));
    assert.equal(env.items.length, 1);
    assert.equal(env.items[0].payload.length, 0);
  });
});

describe('parseEnvelope: explicit length', () => {
  it('counts bytes, not characters, with multi-byte UTF-8 payloads', () => {
    // "é" is 2 bytes, "€" 3, "😀" 4: 9 bytes in 3 characters (4 UTF-16 units).
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":9}\né€😀\n{"type":"event","length":2}\n{}'));
    assert.equal(text(env.items[0].payload), 'é€😀');
    assert.equal(env.items[0].payload.length, 9);
    assert.equal(text(env.items[1].payload), '{}');
  });

  it('takes exactly length bytes even when they contain newlines (binary payload)', () => {
    const binary = [0x00, 0x0a, 0xff, 0x0a, 0x0d, 0x0a, 0x80];
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":7,"filename":"b.bin"}\n', binary, '\n{"type":"event"}\n{}'));
    assert.deepEqual(env.items[0].payload, Uint8Array.from(binary));
    assert.equal(env.items[1].headers.type, 'event');
  });

  it('accepts the end of the body right after the payload (no trailing newline)', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":3}\nabc'));
    assert.equal(text(env.items[0].payload), 'abc');
  });

  it('accepts length 0', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":0}\n\n{"type":"event","length":0}\n'));
    assert.deepEqual(env.items.map((i) => i.payload.length), [0, 0]);
    assert.equal(env.items.length, 2);
  });

  it('rejects a length that runs past the end', () => {
    const error = rejects(bytes('{}\n{"type":"attachment","length":10}\nabc'), 'length_past_end');
    assert.equal(error.offset, '{}\n{"type":"attachment","length":10}\n'.length);
  });

  it('rejects a non-newline byte right after the payload', () => {
    rejects(bytes('{}\n{"type":"attachment","length":2}\nabc\n'), 'missing_newline_after_payload');
  });

  it('does not treat \\r as the newline after the payload', () => {
    rejects(bytes('{}\n{"type":"attachment","length":2}\nab\r\n'), 'missing_newline_after_payload');
  });

  it('rejects a length that is not a non-negative integer', () => {
    for (const length of ['"3"', '-1', '1.5', 'null', '[3]']) {
      rejects(bytes(`{}\n{"type":"attachment","length":${length}}\nabc`), 'invalid_item_length');
    }
  });
});

describe('parseEnvelope: newlines', () => {
  it('keeps \\r in the payload when lines end with \\r\\n', () => {
    const env = parseEnvelope(bytes('{}\r\n{"type":"event"}\r\n{"a":1}\r\n'));
    assert.deepEqual(env.items[0].payload, bytes('{"a":1}\r'));
    assert.equal(env.items[0].headers.type, 'event');
  });

  it('accepts a trailing newline after the last payload, implicit or explicit', () => {
    assert.equal(parseEnvelope(bytes('{}\n{"type":"event"}\n{}\n')).items.length, 1);
    assert.equal(parseEnvelope(bytes('{}\n{"type":"attachment","length":2}\nab\n')).items.length, 1);
  });

  it('tolerates blank lines where an item header is expected', () => {
    const env = parseEnvelope(bytes('{}\n\n\n{"type":"event"}\n{}\n\n\n{"type":"attachment","length":1}\nx\n\n'));
    assert.deepEqual(env.items.map((i) => i.headers.type), ['event', 'attachment']);
  });
});

describe('parseEnvelope: item types', () => {
  it('keeps unknown item types with their payload', () => {
    const env = parseEnvelope(bytes('{}\n{"type":"brand_new_thing","v":3}\n\u00ffpayload'));
    assert.equal(env.items[0].headers.type, 'brand_new_thing');
    assert.equal(text(env.items[0].payload), '\u00ffpayload');
  });

  it('rejects an item header without a string type', () => {
    rejects(bytes('{}\n{"length":2}\nab'), 'missing_item_type');
    rejects(bytes('{}\n{"type":7}\n{}'), 'missing_item_type');
    rejects(bytes('{}\n{"type":""}\n{}'), 'missing_item_type');
  });
});

describe('parseEnvelope: malformed headers', () => {
  it('rejects an envelope header that is not JSON', () => {
    rejects(bytes('{"event_id":\n{"type":"event"}\n{}'), 'invalid_header_json');
  });

  it('rejects an envelope header that is an array, null, or a scalar', () => {
    rejects(bytes('[]\n{"type":"event"}\n{}'), 'header_not_object');
    rejects(bytes('null'), 'header_not_object');
    rejects(bytes('"s"'), 'header_not_object');
  });

  it('rejects an item header that is not JSON', () => {
    rejects(bytes('{}\n{"type":"event"\n{}'), 'invalid_item_header_json');
  });

  it('rejects an item header that is an array or null', () => {
    rejects(bytes('{}\n["event"]\n{}'), 'item_header_not_object');
    rejects(bytes('{}\nnull\n{}'), 'item_header_not_object');
  });

  it('rejects invalid UTF-8 in a header, but not in a payload', () => {
    rejects(bytes('{"a":"', [0xc3, 0x28], '"}'), 'invalid_utf8');
    rejects(bytes('{}\n{"type":"', [0xff], '"}\n{}'), 'invalid_utf8');
    const env = parseEnvelope(bytes('{}\n{"type":"attachment","length":2}\n', [0xc3, 0x28]));
    assert.deepEqual(env.items[0].payload, Uint8Array.from([0xc3, 0x28]));
  });

  it('reports which item broke and where', () => {
    const body = '{}\n{"type":"event"}\n{}\n{"type":';
    const error = rejects(bytes(body), 'invalid_item_header_json');
    assert.equal(error.offset, '{}\n{"type":"event"}\n{}\n'.length);
    assert.match(error.message, /item 1/);
  });
});

describe('parseEnvelope: payload views', () => {
  it('returns plain Uint8Array views into the input, also for a Node Buffer', () => {
    const body = Buffer.from('{}\n{"type":"event"}\n{"x":1}');
    const env = parseEnvelope(body);
    assert.equal(Object.getPrototypeOf(env.items[0].payload), Uint8Array.prototype);
    assert.equal(env.items[0].payload.buffer, body.buffer);
    assert.equal(text(env.items[0].payload), '{"x":1}');
  });
});
