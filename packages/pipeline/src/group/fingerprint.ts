/**
 * @module Fingerprints (docs/protocol.md §6 Step 7): `event.fingerprint` (or the one a fingerprint rule substitutes) turned into
 * hashes. `["{{ default }}"]` is default grouping; other entries are literal strings or `{{ variable }}`s
 * resolved from the event; `{{ default }}` next to other entries is "hybrid": default grouping, split further.
 */

import type { NormalizedEvent } from '@faultline/protocol';
import { crashFrame } from './crash-frame.ts';
import { contributingValues, type GroupingVariants } from './grouping-component.ts';
import { EMPTY_HASH, hashValues } from './hash.ts';

/** The variable name in an entry that is exactly `{{ name }}` (spaces optional), else undefined. */
export function fingerprintVariable(entry: string): string | undefined {
  if (!entry.startsWith('{{') || !entry.endsWith('}}') || entry.length < 5) return undefined;
  const name = entry.slice(2, -2).trim();
  return name !== '' && !/\s/.test(name) ? name : undefined;
}

export function isDefaultFingerprint(fingerprint: readonly string[] | undefined): boolean {
  return fingerprint === undefined || fingerprint.length === 0 || (fingerprint.length === 1 && fingerprintVariable(fingerprint[0]) === 'default');
}

/**
 * The value of `{{ variable }}` for `event`: `<no-…>` when the event lacks it, undefined for a variable this
 * config doesn't know (the entry is then used literally, as Sentry does).
 */
export function resolveFingerprintVariable(variable: string, event: NormalizedEvent): string | undefined {
  const values = event.exception?.values;
  const last = values?.[values.length - 1];
  const frame = (): ReturnType<typeof crashFrame> => crashFrame(event);
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  switch (variable) {
    case 'transaction':
      return str(event.transaction) ?? '<no-transaction>';
    case 'message':
      return str(event.logentry?.formatted) ?? str(event.logentry?.message) ?? str(last?.value) ?? '<no-message>';
    case 'type': case 'error.type':
      return str(last?.type) ?? '<no-type>';
    case 'value': case 'error.value':
      return str(last?.value) ?? '<no-value>';
    case 'function': case 'stack.function':
      return str(frame()?.function) ?? '<no-function>';
    case 'path': case 'stack.abs_path': {
      const f = frame();
      return str(f?.abs_path) ?? str(f?.filename) ?? '<no-abs-path>';
    }
    case 'stack.filename': {
      const f = frame();
      return str(f?.filename) ?? str(f?.abs_path) ?? '<no-filename>';
    }
    case 'module': case 'stack.module':
      return str(frame()?.module) ?? '<no-module>';
    case 'package': case 'stack.package': {
      const pkg = str(frame()?.package);
      // Native packages are full paths to a binary; the file name is the useful part.
      return pkg === undefined ? '<no-package>' : pkg.slice(Math.max(pkg.lastIndexOf('/'), pkg.lastIndexOf('\\')) + 1) || '<no-package>';
    }
    case 'level':
      return str(event.level) ?? '<no-level>';
    case 'logger':
      return str(event.logger) ?? '<no-logger>';
    default:
      if (variable.startsWith('tags.')) {
        const name = variable.slice(5);
        return event.tags.find(([key]) => key === name)?.[1] ?? `<no-value-for-tag-${name}>`;
      }
      return undefined;
  }
}

/**
 * The hashes for `fingerprint` given the default grouping `variants`. Default: one hash per contributing
 * variant (md5 of nothing if none). Custom: one hash of the resolved values. Hybrid: per contributing default
 * variant, the resolved values with `{{ default }}` replaced by that variant's values.
 */
export function fingerprintHashes(fingerprint: readonly string[] | undefined, event: NormalizedEvent, variants: GroupingVariants): string[] {
  const defaults: string[][] = [];
  for (const c of variants.values()) if (c.contributes) defaults.push(contributingValues(c));
  if (isDefaultFingerprint(fingerprint)) return unique(defaults.length > 0 ? defaults.map(hashValues) : [EMPTY_HASH]);

  const resolved: Array<string | null> = fingerprint!.map((entry) => {
    const variable = fingerprintVariable(entry);
    if (variable === undefined) return entry;
    if (variable === 'default') return null; // marker, replaced per variant below
    return resolveFingerprintVariable(variable, event) ?? entry;
  });
  if (!resolved.includes(null)) return [hashValues(resolved as string[])];
  const hybrid = (values: string[]): string => hashValues(resolved.flatMap((entry) => (entry === null ? values : [entry])));
  return unique(defaults.length > 0 ? defaults.map(hybrid) : [hybrid([])]);
}

function unique(hashes: string[]): string[] {
  return [...new Set(hashes)];
}
