/**
 * @module `GROUPING_CONFIGS`: the grouping configurations Faultline knows, by id. A project stores the id it
 * was created with, so an upgrade that changes grouping never splits its existing issues; a new config is a
 * new entry here, never an edit of an old one.
 */

import { BUILTIN_JAVASCRIPT_FINGERPRINT_RULES } from './builtin-fingerprint-rules.ts';
import type { FingerprintRule } from './fingerprint-rules.ts';

export interface GroupingConfig {
  id: string;
  description: string;
  /** Platforms whose frames may count by their context line (source text) rather than only by name. */
  contextLinePlatforms: ReadonlySet<string>;
  /** Checked after a project's own fingerprint rules. */
  builtinFingerprintRules: readonly FingerprintRule[];
}

export const DEFAULT_GROUPING_CONFIG_ID = 'newstyle:2023-01-11';

export const GROUPING_CONFIGS: Readonly<Record<string, GroupingConfig>> = Object.freeze({
  'newstyle:2023-01-11': {
    id: 'newstyle:2023-01-11',
    description: "Sentry's default since 2023: in-app frames first, messages parameterized, JS function names trimmed.",
    contextLinePlatforms: new Set(['javascript', 'node', 'python', 'php', 'ruby']),
    builtinFingerprintRules: BUILTIN_JAVASCRIPT_FINGERPRINT_RULES,
  },
});

/** The config for `id`; unknown or absent ids get the default (a pinned id this build dropped still groups). */
export function groupingConfig(id: string | undefined): GroupingConfig {
  return id !== undefined && Object.hasOwn(GROUPING_CONFIGS, id) ? GROUPING_CONFIGS[id] : GROUPING_CONFIGS[DEFAULT_GROUPING_CONFIG_ID];
}
