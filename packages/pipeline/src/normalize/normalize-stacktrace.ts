/**
 * @module `normalizeStacktrace`: a stacktrace's frames, normalized one by one, capped, and with the
 * enhancement rules' `in_app` written on every frame so the UI and grouping agree on what is app code.
 */

import type { Stacktrace } from '@faultline/protocol';
import { resolveInApp } from '../group/enhancement-rules.ts';
import { setCopy } from './bounded-copy.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord } from './field-readers.ts';
import { normalizeFrame } from './normalize-frame.ts';

/**
 * Sentry's limit. Deep recursion produces thousands of identical frames; the oldest (how we got here) and the
 * newest (where it broke) are the informative ends, so the middle goes.
 */
export const MAX_FRAMES = 250;

export function normalizeStacktrace(raw: unknown, path: string, faults: FaultLog, platform: string): Stacktrace | undefined {
  if (!isRecord(raw)) {
    if (raw !== undefined && raw !== null) faults.invalid(path, raw);
    return undefined;
  }
  if (!Array.isArray(raw.frames)) {
    if (raw.frames !== undefined && raw.frames !== null) faults.invalid(`${path}.frames`, raw.frames);
    return undefined;
  }
  const stacktrace: Stacktrace = { frames: [] };
  let input: unknown[] = raw.frames;
  let offset = 0; // index in the original list of input[keepHead], for fault paths
  const keepHead = MAX_FRAMES / 2;
  if (input.length > MAX_FRAMES) {
    faults.tooLong(`${path}.frames`, input.length);
    offset = input.length - MAX_FRAMES;
    stacktrace.frames_omitted = [keepHead, input.length - keepHead];
    input = [...input.slice(0, keepHead), ...input.slice(input.length - keepHead)];
  }
  for (let i = 0; i < input.length; i++) {
    const index = i < keepHead ? i : i + offset;
    const frame = normalizeFrame(input[i], `${path}.frames.${index}`, faults);
    if (frame !== undefined) stacktrace.frames.push(frame);
  }
  const inApp = resolveInApp(stacktrace.frames, platform);
  for (let i = 0; i < inApp.length; i++) stacktrace.frames[i].in_app = inApp[i];

  const omitted = raw.frames_omitted;
  if (stacktrace.frames_omitted === undefined && Array.isArray(omitted) && omitted.length === 2 && omitted.every((n) => Number.isSafeInteger(n))) {
    stacktrace.frames_omitted = [omitted[0], omitted[1]]; // a stored event being normalized again
  }
  for (const key of Object.keys(raw)) {
    if (key === 'frames' || key === 'frames_omitted' || raw[key] === undefined || raw[key] === null) continue;
    setCopy(stacktrace, key, raw[key], `${path}.${key}`, faults, 8);
  }
  return stacktrace.frames.length > 0 ? stacktrace : undefined;
}
