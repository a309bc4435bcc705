/**
 * @module `computeGrouping`: the grouping stage. Builds the default component tree by the first strategy that
 * yields something (exception chain → thread → stacktrace → message, docs/protocol.md §6), lets fingerprint rules and the
 * event's fingerprint override or refine it, and names the issue. Pure: the store decides which existing
 * issue owns any of the returned hashes.
 */

import type { ExceptionValue, GroupingResult, NormalizedEvent, StackFrame } from '@faultline/protocol';
import { chainedExceptionVariants } from './exception-component.ts';
import { fingerprintHashes, fingerprintVariable, resolveFingerprintVariable } from './fingerprint.ts';
import { findFingerprintRule, type FingerprintRule } from './fingerprint-rules.ts';
import { component, exclude, hasContributingStacktrace, type GroupingVariants } from './grouping-component.ts';
import { groupingConfig, type GroupingConfig } from './grouping-configs.ts';
import { issueSummary } from './issue-summary.ts';
import { normalizeMessage } from './normalize-message.ts';
import { stacktraceVariants, type StacktraceVariants } from './stacktrace-component.ts';

export interface GroupingOptions {
  /** The project's pinned grouping config id; unknown ids fall back to the default. */
  config?: string;
  /** The project's fingerprint rules, checked before the built-in ones. */
  fingerprintRules?: FingerprintRule[];
}

export function computeGrouping(event: NormalizedEvent, options: GroupingOptions = {}): GroupingResult {
  const config = groupingConfig(options.config);
  const { variants, main } = defaultVariants(event, config);
  const rules = options.fingerprintRules ? [...options.fingerprintRules, ...config.builtinFingerprintRules] : config.builtinFingerprintRules;
  // A matching rule (the project's first, then the config's built-ins) replaces the SDK's fingerprint, as in Sentry.
  const rule = findFingerprintRule(rules, event);
  const fingerprint = rule !== undefined ? rule.fingerprint : event.fingerprint;
  const summary = issueSummary(event, main);
  const { culprit } = summary;
  const title = rule?.title !== undefined ? expandTitle(rule.title, event) : summary.title;
  const metadata = rule?.title !== undefined ? { ...summary.metadata, title } : summary.metadata;
  return {
    hashes: fingerprintHashes(fingerprint, event, variants),
    config: config.id,
    title,
    culprit,
    metadata,
    issueType: event.exception?.values?.length ? 'error' : 'default',
    ...(rule !== undefined && { fingerprintRule: { fingerprint: rule.fingerprint, info: { matched_rule: matchedRule(rule) } } }),
  };
}

/**
 * Sentry's stored-event fields, kept in the body so the API shows what grouping decided: hashes, metadata, title,
 * culprit and, when a fingerprint rule matched, its fingerprint (replacing the SDK's) and `_fingerprint_info`. The
 * rule's fingerprint is the project's rule text (variables unresolved), so nothing of the event enters it unscrubbed.
 */
export function storeGroupingOnEvent(event: NormalizedEvent, grouping: GroupingResult): void {
  event.hashes = grouping.hashes;
  event.metadata = grouping.metadata;
  event.title = grouping.title;
  event.culprit = grouping.culprit;
  if (grouping.fingerprintRule) {
    event.fingerprint = grouping.fingerprintRule.fingerprint;
    event._fingerprint_info = grouping.fingerprintRule.info;
  }
}

/** Sentry's `_fingerprint_info.matched_rule` (`FingerprintRule.to_json`): matchers as [key, pattern] pairs. */
function matchedRule(rule: FingerprintRule) {
  return {
    matchers: Object.entries(rule.match),
    fingerprint: rule.fingerprint,
    attributes: rule.title !== undefined ? { title: rule.title } : {},
  };
}

/** A rule's `title="…"`: each `{{ variable }}` replaced by the event's value (unknown ones stay as written). */
function expandTitle(template: string, event: NormalizedEvent): string {
  return template.replace(/\{\{[^}]*\}\}/g, (entry) => {
    const name = fingerprintVariable(entry);
    return (name !== undefined ? resolveFingerprintVariable(name, event) : undefined) ?? entry;
  });
}

/** The default-grouping variants, and the exception that names the issue (if any). */
export function defaultVariants(event: NormalizedEvent, config: GroupingConfig): { variants: GroupingVariants; main?: ExceptionValue } {
  const values = event.exception?.values;
  let main: ExceptionValue | undefined;
  const candidates: Array<() => GroupingVariants | undefined> = [
    () => {
      if (!values || values.length === 0) return undefined;
      const chained = chainedExceptionVariants(values, event.platform, config);
      main = chained.main;
      return chained.variants;
    },
    () => {
      const frames = threadFrames(event);
      return frames ? wrap('threads', stacktraceVariants(frames, event.platform, config)) : undefined;
    },
    () => {
      const frames = (event.stacktrace as { frames?: StackFrame[] } | undefined)?.frames;
      return Array.isArray(frames) && frames.length > 0 ? wrap(undefined, stacktraceVariants(frames, event.platform, config)) : undefined;
    },
    () => {
      const text = event.logentry?.message || event.logentry?.formatted;
      return text ? new Map([['default', component('message', [normalizeMessage(text)])]]) : undefined;
    },
  ];
  let fallback: GroupingVariants | undefined;
  for (const candidate of candidates) {
    const variants = candidate();
    if (variants === undefined) continue;
    if ([...variants.values()].some((c) => c.contributes)) return { variants: preferStacktraces(variants), main };
    fallback ??= variants;
  }
  return { variants: fallback ?? new Map(), main };
}

/**
 * docs/protocol.md §6 Step 4, last rule: when some variant is grouped by a stacktrace, a variant that isn't (the app variant of a
 * stack without app frames, left with type + value) must not add a hash of its own.
 */
function preferStacktraces(variants: GroupingVariants): GroupingVariants {
  const withStack = [...variants.values()].some(hasContributingStacktrace);
  if (withStack) {
    for (const c of variants.values()) {
      if (!hasContributingStacktrace(c)) exclude(c, 'ignored because another variant has a contributing stacktrace');
    }
  }
  return variants;
}

/** A thread counts when it is the only one, or the only crashed one. */
function threadFrames(event: NormalizedEvent): StackFrame[] | undefined {
  const threads = event.threads?.values ?? [];
  const crashed = threads.filter((t) => t.crashed === true);
  const thread = threads.length === 1 ? threads[0] : crashed.length === 1 ? crashed[0] : undefined;
  const frames = thread?.stacktrace?.frames;
  return frames && frames.length > 0 ? frames : undefined;
}

/** Stacktrace variants as event-level variants, under a `threads` component where they came from a thread. */
function wrap(id: string | undefined, stacks: StacktraceVariants): GroupingVariants {
  return new Map([
    ['app', id ? component(id, [stacks.app]) : stacks.app],
    ['system', id ? component(id, [stacks.system]) : stacks.system],
  ]);
}
