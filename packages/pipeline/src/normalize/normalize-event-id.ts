/**
 * @module `normalizeEventId`: the id an event is stored and deduplicated under. The envelope header's id wins
 * over the payload's (ingest already answered the SDK with it); ids are 32 lowercase hex digits, the form the
 * SDKs send and the REST API hands back.
 */

import type { FaultLog } from './fault-log.ts';

/** `value` as 32 lowercase hex digits (dashes removed, case folded), or `undefined` if it isn't a uuid. */
export function toEventId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 32 || value.length > 36) return undefined;
  const id = value.replace(/-/g, '').toLowerCase();
  return id.length === 32 && /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/** A fresh random id, for events that arrive without a usable one. */
export function newEventId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

export function normalizeEventId(envelopeId: unknown, payloadId: unknown, faults: FaultLog): string {
  if (envelopeId !== undefined) {
    const id = toEventId(envelopeId);
    if (id !== undefined) return id;
    faults.invalid('event_id', envelopeId);
  }
  const id = toEventId(payloadId);
  if (id !== undefined) return id;
  if (payloadId !== undefined && payloadId !== null) faults.invalid('event_id', payloadId);
  return newEventId();
}
