/**
 * @module Server-side fingerprint rules (docs/protocol.md §6 Step 7): `{match: {key: glob}, fingerprint}`. Project rules are
 * checked first, then the config's built-ins; the first rule whose matchers all match replaces the client's
 * fingerprint. Matcher keys follow Sentry's fingerprinting syntax; a `!` before a key negates it. Exception
 * matchers (`type`, `value`) must hold for one and the same exception, frame matchers (`function`, `module`,
 * `path`, `package`, `app`) for one and the same frame, as in Sentry.
 */

import type { ExceptionValue, NormalizedEvent, StackFrame } from '@faultline/protocol';
import { resolveInApp } from './enhancement-rules.ts';
import { globMatch } from './glob-match.ts';

export interface FingerprintRule {
  match: Record<string, string>;
  fingerprint: string[];
  /** Sentry's `title="…"` attribute: the title, `{{ variables }}` filled in from the event. */
  title?: string;
}

type Matcher = { key: string; pattern: string; negated: boolean };

const EXCEPTION_KEYS = new Set(['type', 'error.type', 'value', 'error.value']);
const FRAME_KEYS = new Set(['function', 'stack.function', 'module', 'stack.module', 'path', 'stack.abs_path', 'package', 'stack.package', 'app', 'stack.app']);
const EVENT_KEYS = ['message', 'family', 'sdk', 'level', 'logger', 'release', 'environment', 'transaction'];
/** Every matcher key a rule may use, besides `tags.<name>`. */
export const FINGERPRINT_MATCHER_KEYS: readonly string[] = [...EXCEPTION_KEYS, ...FRAME_KEYS, ...EVENT_KEYS];

/** The first rule that matches `event`, or undefined. A rule naming an unknown matcher key never matches. */
export function findFingerprintRule(rules: readonly FingerprintRule[], event: NormalizedEvent): FingerprintRule | undefined {
  for (const rule of rules) if (ruleMatches(rule, event)) return rule;
  return undefined;
}

function ruleMatches(rule: FingerprintRule, event: NormalizedEvent): boolean {
  const exceptionMatchers: Matcher[] = [];
  const frameMatchers: Matcher[] = [];
  for (const rawKey of Object.keys(rule.match)) {
    const negated = rawKey.startsWith('!');
    const key = negated ? rawKey.slice(1) : rawKey;
    const matcher = { key, pattern: String(rule.match[rawKey]), negated };
    if (EXCEPTION_KEYS.has(key)) exceptionMatchers.push(matcher);
    else if (FRAME_KEYS.has(key)) frameMatchers.push(matcher);
    else {
      const result = eventMatcher(matcher, event);
      if (result === undefined || result === negated) return false;
    }
  }
  const exceptions = event.exception?.values ?? [];
  if (exceptionMatchers.length > 0 && !exceptions.some((e) => exceptionMatchers.every((m) => exceptionMatcher(m, e) !== m.negated))) {
    return false;
  }
  if (frameMatchers.length > 0) {
    const frames = allFrames(event);
    if (!frames.some(({ frame, inApp }) => frameMatchers.every((m) => frameMatcher(m, frame, inApp) !== m.negated))) return false;
  }
  return true;
}

/** `undefined` for an unknown key. */
function eventMatcher({ key, pattern }: Matcher, event: NormalizedEvent): boolean | undefined {
  if (key === 'message') {
    const texts = [event.logentry?.formatted, event.logentry?.message, ...(event.exception?.values ?? []).map((e) => e.value)];
    return texts.some((text) => text !== undefined && globMatch(pattern, text, { ignoreCase: true }));
  }
  if (key.startsWith('tags.')) {
    const tag = key.slice(5);
    const value = event.tags.find(([k]) => k === tag)?.[1] ?? (tag === 'transaction' ? event.transaction : undefined);
    return value !== undefined && globMatch(pattern, value);
  }
  switch (key) {
    case 'family':
      return pattern.split(',').some((family) => family.trim() === 'all' || globMatch(family.trim(), platformFamily(event.platform)));
    case 'sdk':
      return event.sdk?.name !== undefined && globMatch(pattern, event.sdk.name);
    case 'level': case 'logger': case 'release': case 'environment': case 'transaction': {
      const value = event[key];
      return typeof value === 'string' && globMatch(pattern, value, { ignoreCase: key === 'level' });
    }
    default:
      return undefined;
  }
}

function exceptionMatcher({ key, pattern }: Matcher, exception: ExceptionValue): boolean {
  if (key === 'type' || key === 'error.type') return exception.type !== undefined && globMatch(pattern, exception.type);
  return exception.value !== undefined && globMatch(pattern, exception.value, { ignoreCase: true });
}

function frameMatcher({ key, pattern }: Matcher, frame: StackFrame, inApp: boolean): boolean {
  switch (key) {
    case 'function': case 'stack.function':
      return typeof frame.function === 'string' && globMatch(pattern, frame.function);
    case 'module': case 'stack.module':
      return typeof frame.module === 'string' && globMatch(pattern, frame.module);
    case 'package': case 'stack.package':
      return typeof frame.package === 'string' && globMatch(pattern, frame.package, { path: true, ignoreCase: true });
    case 'app': case 'stack.app':
      return (pattern === 'yes' || pattern === 'true' || pattern === '1') === inApp;
    default: {
      const paths = [frame.abs_path, frame.filename].filter((p): p is string => typeof p === 'string');
      return paths.some((p) => globMatch(pattern.toLowerCase(), p.toLowerCase().replace(/\\/g, '/'), { path: true }));
    }
  }
}

function allFrames(event: NormalizedEvent): Array<{ frame: StackFrame; inApp: boolean }> {
  const stacks = [
    ...(event.exception?.values ?? []).map((e) => e.stacktrace?.frames),
    ...(event.threads?.values ?? []).map((t) => t.stacktrace?.frames),
    (event.stacktrace as { frames?: StackFrame[] } | undefined)?.frames,
  ];
  const out: Array<{ frame: StackFrame; inApp: boolean }> = [];
  for (const frames of stacks) {
    if (!frames) continue;
    const inApp = resolveInApp(frames, event.platform);
    frames.forEach((frame, i) => out.push({ frame, inApp: inApp[i] }));
  }
  return out;
}

/** Sentry's platform families: `javascript` covers browser and Node. */
export function platformFamily(platform: string): string {
  if (platform === 'javascript' || platform === 'node') return 'javascript';
  if (platform === 'cocoa' || platform === 'native' || platform === 'objc' || platform === 'swift' || platform === 'c') return 'native';
  return platform;
}
