/** @module The stored form of an event body: its JSON, raw-deflated at level 1 (fast; bodies are read rarely). */
import { deflateRawSync } from 'node:zlib';
import type { NormalizedEvent } from '@faultline/protocol';

export function encodeEventBody(event: NormalizedEvent): Buffer {
  return deflateRawSync(JSON.stringify(event), { level: 1 });
}
