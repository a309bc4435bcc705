/**
 * @module `boundedCopy`: copy free-form JSON (extra, contexts, request.data, breadcrumb data, unknown fields)
 * into the normalized event with hard limits. A 10,000-deep `extra` would otherwise blow the stack of whatever
 * walks it later (JSON.stringify, the store, the UI); a 16 MiB string would bloat every row it lands in.
 * This is the pipeline's single deep copy: nothing downstream clones the event again.
 */

import { clipString, MAX_STRING_LENGTH } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';

/** Levels of nesting allowed below the field being copied: `extra` is depth 0, `extra.a.b` depth 2. */
export const MAX_DEPTH = 64;
/** What replaces a container that nests deeper than MAX_DEPTH. */
export const DEPTH_LIMIT_MARKER = '[depth limit]';

/**
 * Sets an own property even when the key is `__proto__`: `JSON.parse` creates such own keys, and a plain
 * assignment would instead replace the copy's prototype.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * `target[key] = boundedCopy(value)`, unless the copy is null or absent: for a field, null means "not set", and
 * a value that copies to null (NaN, a function) must read the same on a second normalization as on the first.
 */
export function setCopy(target: Record<string, unknown>, key: string, value: unknown, path: string, faults: FaultLog, maxDepth: number = MAX_DEPTH): void {
  const copied = boundedCopy(value, path, faults, maxDepth);
  if (copied !== undefined && copied !== null) setOwn(target, key, copied);
}

/**
 * A JSON-safe copy of `value`: strings clipped to 16 KiB, containers nested deeper than `maxDepth` replaced by
 * "[depth limit]", non-JSON values (undefined, functions, symbols) dropped, non-finite numbers nulled, bigints
 * turned into strings. Each cut is recorded in `faults` under its dotted path (`path` is the field's own path).
 */
export function boundedCopy(value: unknown, path: string, faults: FaultLog, maxDepth: number = MAX_DEPTH): unknown {
  return copy(value, 0, maxDepth, [path], faults);
}

function copy(value: unknown, depth: number, maxDepth: number, path: string[], faults: FaultLog): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_LENGTH) {
        faults.tooLong(path.join('.'), value.length);
        return clipString(value, MAX_STRING_LENGTH);
      }
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth > maxDepth) {
    // Recorded once per cut, not per level: the path says where the cut happened.
    faults.record('invalid_data', path.join('.'), { reason: 'depth limit', value: DEPTH_LIMIT_MARKER });
    return DEPTH_LIMIT_MARKER;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const item = copy(value[i], depth + 1, maxDepth, path, faults);
      path.pop();
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    path.push(key);
    const item = copy(source[key], depth + 1, maxDepth, path, faults);
    path.pop();
    if (item !== undefined) setOwn(out, key, item);
  }
  return out;
}
