/**
 * @module `normalizeFingerprint`: `event.fingerprint` as a string array. Relay stringifies numbers and
 * booleans (`['payment', 402]` is a common pattern) and drops the entries it can't use.
 */

import type { FaultLog } from './fault-log.ts';
import { readString } from './field-readers.ts';

/** Fingerprint parts are short identifiers or `{{ variables }}`; past this they are someone's data. */
const MAX_PART_LENGTH = 1024;
const MAX_PARTS = 64;

export function normalizeFingerprint(raw: unknown, faults: FaultLog): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    faults.invalid('fingerprint', raw);
    return undefined;
  }
  const parts: string[] = [];
  for (let i = 0; i < raw.length && parts.length < MAX_PARTS; i++) {
    const entry: unknown = raw[i];
    if (entry === '') parts.push(''); // an empty part is still a part (readString would call it absent)
    else if (entry === null || entry === undefined) faults.invalid(`fingerprint.${i}`, entry);
    else {
      const part = readString(entry, `fingerprint.${i}`, faults, MAX_PART_LENGTH);
      if (part !== undefined) parts.push(part);
    }
  }
  if (raw.length > MAX_PARTS) faults.tooLong('fingerprint', raw.length);
  // An empty fingerprint would hash to one group for every event; treat it as "use the default".
  return parts.length > 0 ? parts : undefined;
}
