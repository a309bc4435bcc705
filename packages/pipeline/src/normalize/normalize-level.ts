/**
 * @module `normalizeLevel`: the five severities Faultline stores. SDKs and loggers send synonyms: Sentry's
 * own `log` (stored as `info`, as Sentry displays it), `warn`, `critical`, and Python's numeric logging levels.
 */

import type { Level } from '@faultline/protocol';

const LEVELS: Record<string, Level> = {
  fatal: 'fatal',
  critical: 'fatal',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'debug',
};

const NUMERIC_LEVELS: Record<number, Level> = { 50: 'fatal', 40: 'error', 30: 'warning', 20: 'info', 10: 'debug' };

/** The canonical level for `value`, or `undefined` if it names none. */
export function normalizeLevel(value: unknown): Level | undefined {
  if (typeof value === 'string') {
    const key = value.trim().toLowerCase();
    return Object.hasOwn(LEVELS, key) ? LEVELS[key] : undefined;
  }
  if (typeof value === 'number') return Object.hasOwn(NUMERIC_LEVELS, value) ? NUMERIC_LEVELS[value] : undefined;
  return undefined;
}
