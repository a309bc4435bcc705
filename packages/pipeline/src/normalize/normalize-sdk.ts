/**
 * @module `normalizeSdk` and `normalizeModules`: what the SDK says about itself and the runtime's installed
 * packages. Shown on the event page and used to tell SDK versions apart in stats.
 */

import type { NormalizedEvent } from '@faultline/protocol';
import { setCopy, setOwn } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readString } from './field-readers.ts';

type Sdk = NonNullable<NormalizedEvent['sdk']>;

export function normalizeSdk(raw: unknown, faults: FaultLog): Sdk | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid('sdk', raw);
    return undefined;
  }
  const sdk: Sdk = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `sdk.${key}`;
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'name': case 'version': {
        const text = readString(value, name, faults, 256);
        if (text !== undefined) sdk[key] = text;
        break;
      }
      case 'integrations':
        if (Array.isArray(value)) sdk.integrations = value.filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, 256));
        else faults.invalid(name, value);
        break;
      case 'packages':
        if (Array.isArray(value)) {
          sdk.packages = [];
          for (const pkg of value) {
            if (isRecord(pkg) && typeof pkg.name === 'string' && typeof pkg.version === 'string') {
              sdk.packages.push({ name: pkg.name.slice(0, 256), version: pkg.version.slice(0, 256) });
            } else faults.invalid(name, pkg);
          }
        } else faults.invalid(name, value);
        break;
      default:
        setCopy(sdk, key, value, name, faults, 16);
    }
  }
  return Object.keys(sdk).length > 0 ? sdk : undefined;
}

/** `modules: {package: version}`; versions are strings (numbers accepted and stringified). */
export function normalizeModules(raw: unknown, faults: FaultLog): Record<string, string> | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid('modules', raw);
    return undefined;
  }
  const modules: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const version = readString(raw[key], `modules.${key}`, faults, 256);
    if (version !== undefined) setOwn(modules, key, version);
  }
  return Object.keys(modules).length > 0 ? modules : undefined;
}
