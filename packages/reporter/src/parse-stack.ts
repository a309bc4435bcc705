/**
 * @module Turns a stack string from Chrome (V8), Firefox (SpiderMonkey) or Safari (JavaScriptCore) into Sentry
 * frames, oldest call first (the frame that threw is last).
 */
import type { Frame } from './types.ts';

/**
 * One line, three dialects:
 * - V8: `    at fn (url:line:col)` or `    at url:line:col` (`at async fn (…)` names `fn`, so that a function groups
 *   the same whether it was reached through an await or not);
 * - SpiderMonkey and JavaScriptCore: `fn@url:line:col`, `@url:line:col`, and old Safari's bare `url:line:col`.
 * The location must hold no whitespace, so message lines (`TypeError: x is null`) and frames without a position
 * (`at new Promise (<anonymous>)`, `map@[native code]`, eval chains) are skipped rather than misread: a frame
 * with no line can't be resolved or grouped by line anyway.
 */
const LINE = /^\s*(?:at (?:async )?(?:(.+?) \()?|(.*?)@)?(\S+?):(\d+)(?::(\d+))?\)?\s*$/;

const AT = /^\s+at /m;

/** Sentry's browser SDK keeps 50 frames; a deep recursion would otherwise make a large event. */
const MAX_FRAMES = 50;

export function parseStack(stack: unknown): Frame[] {
  const frames: Frame[] = [];
  if (typeof stack != 'string') return frames;
  // A V8 stack starts with the message, which may itself look like a frame (`Error: no route to ws://u@host:443`):
  // when the stack is V8's, only `at` lines count.
  const v8 = AT.test(stack);
  for (const line of stack.split('\n')) {
    const m = (!v8 || AT.test(line)) && LINE.exec(line);
    if (!m) continue;
    const frame: Frame = { filename: m[3]!, function: m[1] || m[2] || '?', lineno: +m[4]!, in_app: true };
    if (m[5]) frame.colno = +m[5];
    if (frames.unshift(frame) >= MAX_FRAMES) break;
  }
  return frames;
}
