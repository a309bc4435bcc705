/**
 * @module `issueSummary`: what an issue is called and where it happened. Title, culprit and metadata follow
 * Sentry's event types (`eventtypes/error.py`, `base.py`) so issue lists read the same, with one deliberate
 * difference: a synthetic exception (a non-Error thrown, or `captureMessage` with a stack) is titled by its
 * value, not by a made-up type.
 */

import type { ExceptionValue, NormalizedEvent, StackFrame } from '@faultline/protocol';
import { clipString } from '../normalize/clip-string.ts';
import { resolveInApp } from './enhancement-rules.ts';
import { crashFrame, crashFrames } from './crash-frame.ts';

/** Sentry's lengths: titles cut at 100 characters of the first line, culprits at 200, metadata values at 1024. */
const TITLE_LENGTH = 100;
const CULPRIT_LENGTH = 200;
const METADATA_VALUE_LENGTH = 1024;
export const UNLABELED_TITLE = '<unlabeled event>';

export interface IssueSummary {
  title: string;
  culprit: string;
  metadata: Record<string, string>;
}

/** `main` is the exception that names the issue (the last one, or the exception-group filter's pick). */
export function issueSummary(event: NormalizedEvent, main: ExceptionValue | undefined): IssueSummary {
  const frame = crashFrame(event, main);
  const culprit = clipString(event.transaction || frameCulprit(frame, event.platform), CULPRIT_LENGTH);
  if (main !== undefined) return { ...exceptionSummary(event, main, frame), culprit };
  const message = event.logentry?.formatted || event.logentry?.message;
  const title = message ? clipString(firstLine(message), TITLE_LENGTH) || UNLABELED_TITLE : UNLABELED_TITLE;
  return { title, culprit, metadata: { title } };
}

function exceptionSummary(event: NormalizedEvent, main: ExceptionValue, frame: StackFrame | undefined): Omit<IssueSummary, 'culprit'> {
  const value = main.value ?? '';
  const line = clipString(firstLine(value), TITLE_LENGTH);
  const synthetic = main.mechanism?.synthetic === true;
  const metadata: Record<string, string> = { value: clipString(value, METADATA_VALUE_LENGTH) };
  let title: string;
  if (synthetic) {
    // Sentry leaves `type` out of a synthetic exception's metadata: the type is not something the user threw.
    const message = event.logentry?.formatted || event.logentry?.message;
    title = line || (message ? clipString(firstLine(message), TITLE_LENGTH) : '') || main.type || UNLABELED_TITLE;
  } else {
    const type = main.type || 'Error';
    metadata.type = clipString(type, 128);
    title = line ? `${type}: ${line}` : type;
  }
  if (typeof frame?.filename === 'string' || typeof frame?.abs_path === 'string') {
    metadata.filename = (frame.filename || frame.abs_path) as string;
  }
  if (typeof frame?.function === 'string') metadata.function = frame.function;
  const mix = inAppFrameMix(event, main);
  if (mix !== undefined) metadata.in_app_frame_mix = mix;
  return { title, metadata };
}

/** Platforms whose frames name a symbol, not a file or module: the culprit is the function alone. */
const NATIVE_PLATFORMS = new Set(['objc', 'cocoa', 'native', 'c']);
const JS_PLATFORMS = new Set(['javascript', 'node']);

/**
 * Sentry's culprit per platform (`Frame.get_culprit_string`; a frame's own `platform` wins over the event's):
 * native → `function`; JavaScript and Node → `function(filename)`; every other platform (Python, Go, Java, PHP,
 * Ruby, .NET, …) → `module in function`, with the filename standing in for a missing module. One difference: JS
 * keeps the filename even when the SDK sets `module` (Node's module is just the file's basename).
 */
function frameCulprit(frame: StackFrame | undefined, eventPlatform: string): string {
  if (frame === undefined) return '';
  const platform = (typeof frame.platform === 'string' && frame.platform) || eventPlatform;
  const fn = (typeof frame.function === 'string' && frame.function) || '?';
  if (NATIVE_PLATFORMS.has(platform)) return fn;
  const file = (typeof frame.filename === 'string' && frame.filename) || (typeof frame.abs_path === 'string' && frame.abs_path) || '';
  if (JS_PLATFORMS.has(platform)) return file ? `${fn}(${file})` : fn === '?' ? '' : fn;
  const where = (typeof frame.module === 'string' && frame.module) || file;
  return where ? `${where} in ${fn}` : fn === '?' ? '' : fn;
}

function inAppFrameMix(event: NormalizedEvent, main: ExceptionValue): string | undefined {
  const frames = crashFrames(event, main);
  if (!frames || frames.length === 0) return undefined;
  const inApp = resolveInApp(frames, event.platform);
  const app = inApp.filter(Boolean).length;
  return app === inApp.length ? 'in-app-only' : app === 0 ? 'system-only' : 'mixed';
}

/** The first non-blank line, trimmed. */
function firstLine(text: string): string {
  let start = 0;
  while (start <= text.length) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const line = text.slice(start, end).trim();
    if (line !== '') return line;
    if (end >= text.length) break;
    start = end + 1;
  }
  return '';
}
