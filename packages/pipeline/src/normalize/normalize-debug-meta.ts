/**
 * @module `normalizeDebugMeta`: `debug_meta.images`, the debug ids symbolication looks source maps up by
 * (docs/protocol.md §3.3). Images are copied as given (depth-guarded); non-object images are dropped.
 */

import type { DebugImage } from '@faultline/protocol';
import { boundedCopy, setCopy } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord } from './field-readers.ts';

/** A large native app loads a few hundred images; a web page a few dozen bundles. */
const MAX_IMAGES = 1000;

export function normalizeDebugMeta(raw: unknown, faults: FaultLog): { images: DebugImage[] } | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid('debug_meta', raw);
    return undefined;
  }
  const images: DebugImage[] = [];
  if (Array.isArray(raw.images)) {
    if (raw.images.length > MAX_IMAGES) faults.tooLong('debug_meta.images', raw.images.length);
    for (let i = 0; i < raw.images.length && i < MAX_IMAGES; i++) {
      const image = raw.images[i];
      if (isRecord(image)) images.push(boundedCopy(image, `debug_meta.images.${i}`, faults, 8) as DebugImage);
      else faults.invalid(`debug_meta.images.${i}`, image);
    }
  } else if (raw.images !== undefined && raw.images !== null) {
    faults.invalid('debug_meta.images', raw.images);
  }
  const meta: { images: DebugImage[] } = { images };
  for (const key of Object.keys(raw)) {
    if (key !== 'images' && raw[key] !== undefined && raw[key] !== null) setCopy(meta, key, raw[key], `debug_meta.${key}`, faults, 8);
  }
  return images.length > 0 || Object.keys(meta).length > 1 ? meta : undefined;
}
