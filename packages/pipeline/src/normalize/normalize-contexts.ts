/**
 * @module `normalizeContexts`: the `contexts` map (trace, runtime, os, device, app, culture, …). Every
 * context is an object; each gets its `type` (Relay infers it from the key, and the UI picks a renderer by
 * it). Browser events carry no browser/os/device context (docs/protocol.md §3.1), so those come from the User-Agent.
 */

import { boundedCopy, MAX_DEPTH, setOwn } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord } from './field-readers.ts';
import { parseUserAgent } from './user-agent.ts';

type Contexts = Record<string, Record<string, unknown>>;

export function normalizeContexts(raw: unknown, faults: FaultLog, userAgent: string | undefined): Contexts {
  const contexts: Contexts = {};
  if (isRecord(raw)) {
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      if (value === undefined || value === null) continue;
      if (!isRecord(value)) {
        faults.invalid(`contexts.${key}`, value);
        continue;
      }
      // contexts.<key> is one level below `contexts`; the depth budget counts from `contexts`.
      const context = boundedCopy(value, `contexts.${key}`, faults, MAX_DEPTH - 1) as Record<string, unknown>;
      if (typeof context.type !== 'string') context.type = key;
      setOwn(contexts, key, context);
    }
  } else if (raw !== undefined && raw !== null) {
    faults.invalid('contexts', raw);
  }
  const missing = (key: string): boolean => !Object.hasOwn(contexts, key);
  if (userAgent !== undefined && (missing('browser') || missing('os') || missing('device'))) {
    const parsed = parseUserAgent(userAgent);
    if (missing('browser') && parsed.browser) contexts.browser = { ...parsed.browser, type: 'browser' };
    if (missing('os') && parsed.os) contexts.os = { ...parsed.os, type: 'os' };
    if (missing('device') && parsed.device) contexts.device = { ...parsed.device, type: 'device' };
  }
  return contexts;
}
