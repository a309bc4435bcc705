/**
 * @module `normalizeBreadcrumbs`: the JS SDK sends a bare array, other SDKs `{values: [...]}`; both become
 * `{values}` with timestamps in unix seconds (ISO strings from other SDKs are converted).
 */

import type { Breadcrumb } from '@faultline/protocol';
import { boundedCopy, setCopy } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readString } from './field-readers.ts';
import { normalizeLevel } from './normalize-level.ts';
import { parseTimestamp } from './parse-timestamp.ts';

/** The SDK's own default `maxBreadcrumbs` is 100; twice that leaves room for custom setups. Newest are kept. */
export const MAX_BREADCRUMBS = 200;

export function normalizeBreadcrumbs(raw: unknown, faults: FaultLog): { values: Breadcrumb[] } | undefined {
  let input = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.values) ? raw.values : undefined;
  if (input === undefined) {
    if (raw !== undefined && raw !== null) faults.invalid('breadcrumbs', raw);
    return undefined;
  }
  let offset = 0;
  if (input.length > MAX_BREADCRUMBS) {
    faults.tooLong('breadcrumbs.values', input.length);
    offset = input.length - MAX_BREADCRUMBS;
    input = input.slice(offset);
  }
  const values: Breadcrumb[] = [];
  for (let i = 0; i < input.length; i++) {
    const crumb = normalizeBreadcrumb(input[i], `breadcrumbs.values.${i + offset}`, faults);
    if (crumb !== undefined) values.push(crumb);
  }
  return values.length > 0 ? { values } : undefined;
}

function normalizeBreadcrumb(raw: unknown, path: string, faults: FaultLog): Breadcrumb | undefined {
  if (!isRecord(raw)) {
    faults.invalid(path, raw);
    return undefined;
  }
  const crumb: Breadcrumb = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `${path}.${key}`;
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'timestamp': {
        const ts = parseTimestamp(value);
        if (ts !== undefined) crumb.timestamp = ts;
        else faults.invalid(name, value);
        break;
      }
      case 'level': {
        // Breadcrumbs keep Sentry's `log` level: the console integration uses it and the UI styles it.
        const level = typeof value === 'string' && value.trim().toLowerCase() === 'log' ? 'log' : normalizeLevel(value);
        if (level !== undefined) crumb.level = level;
        else faults.invalid(name, value);
        break;
      }
      case 'type': case 'category': case 'message': {
        const text = readString(value, name, faults, key === 'message' ? undefined : 256);
        if (text !== undefined) crumb[key] = text;
        break;
      }
      case 'data':
        if (isRecord(value)) crumb.data = boundedCopy(value, name, faults) as Record<string, unknown>;
        else faults.invalid(name, value);
        break;
      default:
        setCopy(crumb, key, value, name, faults);
    }
  }
  return crumb;
}
