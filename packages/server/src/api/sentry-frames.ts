/**
 * @module Stack frames and stack traces in the shape Sentry's event API serves (`lineNo`, `colNo`, `absPath`,
 * `inApp`, `context` as `[line, text]` pairs, …), so scripts and tools written against Sentry read them. The
 * protocol's own names (`lineno`, `abs_path`, `pre_context`, …) stay beside them for Faultline's UI.
 */
import type { StackFrame, Stacktrace } from '@faultline/protocol';


/** `[[line, text], …]` around the frame's line, as Sentry's `context`. */
function contextPairs(f: StackFrame): Array<[number, string]> {
  if (f.context_line == null || typeof f.lineno !== 'number') return [];
  const pre = f.pre_context ?? [];
  const post = f.post_context ?? [];
  return [
    ...pre.map((l, i): [number, string] => [f.lineno! - pre.length + i, l]),
    [f.lineno, f.context_line],
    ...post.map((l, i): [number, string] => [f.lineno! + 1 + i, l]),
  ];
}

export function sentryFrame(f: StackFrame): Record<string, unknown> {
  const raw: Record<string, unknown> = f;
  return {
    ...f,
    filename: f.filename ?? null,
    absPath: f.abs_path ?? null,
    module: f.module ?? null,
    package: f.package ?? null,
    platform: f.platform ?? null,
    instructionAddr: raw.instruction_addr ?? null,
    symbolAddr: raw.symbol_addr ?? null,
    function: f.function ?? null,
    rawFunction: raw.raw_function ?? null,
    symbol: raw.symbol ?? null,
    context: contextPairs(f),
    lineNo: f.lineno ?? null,
    colNo: f.colno ?? null,
    inApp: f.in_app ?? false,
    trust: raw.trust ?? null,
    errors: null,
    vars: f.vars ?? null,
  };
}

export function sentryStacktrace(st: Stacktrace | undefined): Record<string, unknown> | null {
  if (!st) return null;
  const frames = Array.isArray(st.frames) ? st.frames : [];
  return { ...st, frames: frames.map(sentryFrame), framesOmitted: st.frames_omitted ?? null, hasSystemFrames: frames.some((f) => f.in_app === false) };
}

/** An exception or thread value with its stack trace (and raw stack trace) in Sentry's shape. */
export function withSentryStacktraces<T extends { stacktrace?: Stacktrace; raw_stacktrace?: unknown }>(v: T): T & { stacktrace: Record<string, unknown> | null } {
  return { ...v, stacktrace: sentryStacktrace(v.stacktrace) };
}
