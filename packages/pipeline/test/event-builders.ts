/** @module Small builders for raw SDK-shaped events, so each grouping test states only what it varies. */

import type { GroupingResult, NormalizedEvent, StackFrame } from '@faultline/protocol';
import { computeGrouping, normalizeEvent } from '../src/index.ts';
import type { GroupingOptions } from '../src/index.ts';

export const RECEIVED_AT = 1_795_386_500;

export function normalize(raw: unknown, ctx: { clientIp?: string; envelopeEventId?: string } = {}): NormalizedEvent {
  return normalizeEvent(raw, { receivedAt: RECEIVED_AT, ...ctx });
}

export function group(raw: unknown, options?: GroupingOptions): GroupingResult {
  return computeGrouping(normalize(raw), options);
}

export function hashes(raw: unknown, options?: GroupingOptions): string[] {
  return group(raw, options).hashes;
}

/** A Node app frame (absolute path, no module, so the filename counts). */
export function nodeFrame(fn: string, file = '/srv/app/src/handler.js', extra: Partial<StackFrame> = {}): StackFrame {
  return { function: fn, filename: file, lineno: 10, colno: 5, in_app: true, ...extra };
}

/** A browser frame: full URL in `filename`, always in_app from the SDK. */
export function browserFrame(fn: string | undefined, url = 'https://app.example.com/assets/main.3f9a.js', extra: Partial<StackFrame> = {}): StackFrame {
  return { ...(fn === undefined ? {} : { function: fn }), filename: url, lineno: 1, colno: 100, in_app: true, ...extra };
}

export interface ErrorSpec {
  type?: string;
  value?: string;
  frames?: StackFrame[];
  mechanism?: Record<string, unknown>;
}

/** An error event with one exception (frames oldest first). */
export function errorEvent(spec: ErrorSpec, platform = 'node', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { platform, exception: { values: [exception(spec)] }, ...extra };
}

export function exception({ type = 'Error', value = 'boom', frames, mechanism }: ErrorSpec): Record<string, unknown> {
  return {
    type,
    value,
    ...(frames ? { stacktrace: { frames } } : {}),
    ...(mechanism ? { mechanism } : {}),
  };
}
