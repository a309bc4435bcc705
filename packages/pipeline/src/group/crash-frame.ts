/**
 * @module `crashFrame`: the frame an issue is "about" (Sentry's `get_crash_frame_from_event_data`): the newest
 * in-app frame of the primary exception, else its newest frame. Fingerprint variables (`{{ function }}`) and the
 * culprit read it.
 */

import type { ExceptionValue, NormalizedEvent, StackFrame } from '@faultline/protocol';
import { resolveInApp } from './enhancement-rules.ts';

/** The frames the crash frame is chosen from: the exception's, else the event's stacktrace, else a lone thread's. */
export function crashFrames(event: NormalizedEvent, exception?: ExceptionValue): StackFrame[] | undefined {
  const values = event.exception?.values;
  const primary = exception ?? values?.[values.length - 1];
  const own = primary?.stacktrace?.frames;
  if (own && own.length > 0) return own;
  const top = (event.stacktrace as { frames?: StackFrame[] } | undefined)?.frames;
  if (Array.isArray(top) && top.length > 0) return top;
  const threads = event.threads?.values;
  if (threads?.length === 1) return threads[0].stacktrace?.frames;
  return undefined;
}

export function crashFrame(event: NormalizedEvent, exception?: ExceptionValue): StackFrame | undefined {
  const frames = crashFrames(event, exception);
  if (!frames || frames.length === 0) return undefined;
  const inApp = resolveInApp(frames, event.platform);
  for (let i = frames.length - 1; i >= 0; i--) if (inApp[i]) return frames[i];
  return frames[frames.length - 1];
}
