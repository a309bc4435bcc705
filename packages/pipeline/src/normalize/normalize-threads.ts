/**
 * @module `normalizeThreads`: the `threads` interface (Node's ANR and event-loop-block events use it). Like
 * `exception`, both `{values: [...]}` and a bare array are accepted.
 */

import type { NormalizedEvent } from '@faultline/protocol';
import { setCopy } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readBoolean, readString } from './field-readers.ts';
import { normalizeStacktrace } from './normalize-stacktrace.ts';

type Threads = NonNullable<NormalizedEvent['threads']>;
type Thread = Threads['values'][number];

/** Native crash reports list every thread; a JS process has a handful. */
const MAX_THREADS = 256;

export function normalizeThreads(raw: unknown, faults: FaultLog, platform: string): Threads | undefined {
  const input = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.values) ? raw.values : undefined;
  if (input === undefined) {
    if (raw !== undefined && raw !== null) faults.invalid('threads', raw);
    return undefined;
  }
  if (input.length > MAX_THREADS) faults.tooLong('threads.values', input.length);
  const values: Thread[] = [];
  for (let i = 0; i < input.length && i < MAX_THREADS; i++) {
    const path = `threads.values.${i}`;
    const item = input[i];
    if (!isRecord(item)) {
      faults.invalid(path, item);
      continue;
    }
    const thread: Thread = {};
    for (const key of Object.keys(item)) {
      const value = item[key];
      const name = `${path}.${key}`;
      switch (key) {
        case 'id':
          if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) thread.id = value;
          else if (value !== undefined && value !== null) faults.invalid(name, value);
          break;
        case 'name': {
          const text = readString(value, name, faults, 1024);
          if (text !== undefined) thread.name = text;
          break;
        }
        case 'crashed': case 'current': case 'main': {
          const b = readBoolean(value, name, faults);
          if (b !== undefined) thread[key] = b;
          break;
        }
        case 'stacktrace': {
          const stacktrace = normalizeStacktrace(value, name, faults, platform);
          if (stacktrace !== undefined) thread.stacktrace = stacktrace;
          break;
        }
        default:
          if (value !== undefined && value !== null) setCopy(thread as Record<string, unknown>, key, value, name, faults, 16);
      }
    }
    values.push(thread);
  }
  return values.length > 0 ? { values } : undefined;
}
