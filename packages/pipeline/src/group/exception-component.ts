/**
 * @module `exceptionVariants`: docs/protocol.md §6 Step 4. An exception hashes as `[stacktrace, type, value]` (the 2023
 * order). The value is a last resort: it counts only when the stacktrace doesn't, so "same type, same
 * in-app frames" is one issue whatever the message says. Chains (causes, aggregate errors) hash every
 * exception that survives the exception-group filter, concatenated.
 */

import type { ExceptionValue } from '@faultline/protocol';
import { filterExceptionGroups } from './exception-group-filter.ts';
import { component, contributingValues, exclude, type GroupingVariants } from './grouping-component.ts';
import type { GroupingConfig } from './grouping-configs.ts';
import { normalizeMessage } from './normalize-message.ts';
import { stacktraceVariants, type StacktraceVariants } from './stacktrace-component.ts';

const VARIANTS = ['app', 'system'] as const;

/** One exception's `app` and `system` components. */
export function exceptionVariants(exception: ExceptionValue, platform: string, config: GroupingConfig): GroupingVariants {
  const frames = exception.stacktrace?.frames;
  const stacktraces: StacktraceVariants =
    frames && frames.length > 0
      ? stacktraceVariants(frames, platform, config)
      : { app: component('stacktrace', []), system: component('stacktrace', []) };
  // Parameterizing is the costliest step here; skip it when no variant will hash the value.
  const valueCounts = !stacktraces.app.contributes || !stacktraces.system.contributes;
  const raw = exception.value ?? '';
  const normalized = valueCounts ? normalizeMessage(raw) : raw;
  const variants: GroupingVariants = new Map();
  for (const variant of VARIANTS) {
    const stacktrace = stacktraces[variant];
    const type = component('type', exception.type ? [exception.type] : []);
    // A synthetic exception's "type" is whatever the SDK made up (often just "Error").
    if (exception.mechanism?.synthetic) exclude(type, 'ignored because exception is synthetic');
    const value = component('value', normalized ? [normalized] : [], normalized !== raw ? 'stripped event-specific values' : undefined);
    if (stacktrace.contributes) exclude(value, 'ignored because stacktrace takes precedence');
    variants.set(variant, component('exception', [stacktrace, type, value]));
  }
  return variants;
}

export interface ChainedExceptionResult {
  variants: GroupingVariants;
  /** The exception that names the issue: the group filter's pick, else the last (primary) one. */
  main: ExceptionValue;
}

/** The components of a whole `exception.values` list (non-empty). */
export function chainedExceptionVariants(values: ExceptionValue[], platform: string, config: GroupingConfig): ChainedExceptionResult {
  const perException = new Map<ExceptionValue, GroupingVariants>();
  for (const exception of values) perException.set(exception, exceptionVariants(exception, platform, config));
  // Grouping identity of one exception: its contributing values per variant (what its hashes would be over).
  const keyOf = (exception: ExceptionValue): string =>
    JSON.stringify([...perException.get(exception)!.values()].map((c) => contributingValues(c)));
  const { exceptions, main } = filterExceptionGroups(values, keyOf);
  const primary = main ?? values[values.length - 1];
  if (exceptions.length === 1) return { variants: perException.get(exceptions[0])!, main: primary };

  const variants: GroupingVariants = new Map();
  for (const variant of VARIANTS) {
    variants.set(variant, component('chained-exception', exceptions.map((e) => perException.get(e)!.get(variant)!)));
  }
  return { variants, main: primary };
}
