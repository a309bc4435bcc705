/** @module The stored form of an event body: its JSON, packed by `encodeJsonBody` (bodies are read rarely). */
import type { NormalizedEvent } from '@faultline/protocol';
import { encodeJsonBody } from '../db/json-body.ts';

export function encodeEventBody(event: NormalizedEvent): Buffer {
  return encodeJsonBody(JSON.stringify(event));
}
