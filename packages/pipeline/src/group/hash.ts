/**
 * @module `hashValues`: Sentry's `hash_from_values`, md5 over the UTF-8 bytes of the values concatenated
 * without separators. Compatible hashes mean an event grouped by Sentry and by Faultline lands in the same
 * place. md5 is not a security choice here; it is the format. node:crypto is fine: pipeline runs in Node only.
 */

import { createHash } from 'node:crypto';

/** md5 of nothing: the hash every event without any contributing component shares (docs/protocol.md §6 Step 6). */
export const EMPTY_HASH = 'd41d8cd98f00b204e9800998ecf8427e';

export function hashValues(values: readonly string[]): string {
  const md5 = createHash('md5');
  md5.update(values.join(''), 'utf8'); // one call: far cheaper than one per value, same bytes
  return md5.digest('hex');
}
