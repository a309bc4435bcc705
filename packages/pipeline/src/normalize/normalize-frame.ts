/**
 * @module `normalizeFrame`: one stack frame, typed, plus Relay's abs_path/filename rule (docs/protocol.md §6 Step 0) that both
 * symbolication and grouping rely on: `abs_path` is where the code was loaded from (a full URL in browsers),
 * `filename` is the short name people read (just the URL's path).
 */

import type { StackFrame } from '@faultline/protocol';
import { setCopy } from './bounded-copy.ts';
import { clipString } from './clip-string.ts';
import type { FaultLog } from './fault-log.ts';
import { isRecord, readBoolean, readInteger, readString } from './field-readers.ts';

/** Paths and names are identifiers, not prose; 1 KiB is plenty and keeps frames small. */
const MAX_NAME_LENGTH = 1024;
/** Source lines: minified bundles put a whole file on one line, and the SDK already snips those. */
const MAX_LINE_LENGTH = 1024;
/** Local variables and other free-form frame data are shown, not searched: keep them shallow. */
const FRAME_DATA_DEPTH = 16;
/**
 * Set only by Faultline's own symbolication: an SDK claiming a frame was source-mapped would make grouping
 * ignore its function name, so incoming values are dropped.
 */
const RESERVED = new Set<string>(['raw', 'symbolicated']);

export function normalizeFrame(raw: unknown, path: string, faults: FaultLog): StackFrame | undefined {
  if (!isRecord(raw)) {
    faults.invalid(path, raw);
    return undefined;
  }
  const frame: StackFrame = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const name = `${path}.${key}`;
    switch (key) {
      case 'filename': case 'abs_path': case 'function': case 'raw_function': case 'module': case 'package':
      case 'platform': case 'instruction_addr': case 'symbol_addr': case 'image_addr': {
        const text = readString(value, name, faults, MAX_NAME_LENGTH);
        if (text !== undefined) frame[key] = text;
        break;
      }
      case 'lineno': case 'colno': {
        const n = readInteger(value, name, faults);
        if (n !== undefined) frame[key] = n;
        break;
      }
      case 'in_app': {
        const b = readBoolean(value, name, faults);
        if (b !== undefined) frame.in_app = b;
        break;
      }
      case 'context_line': {
        const line = readContextLine(value, name, faults);
        if (line !== undefined) frame.context_line = line;
        break;
      }
      case 'pre_context': case 'post_context': {
        const lines = readContextLines(value, name, faults);
        if (lines !== undefined) frame[key] = lines;
        break;
      }
      default:
        if (RESERVED.has(key) || value === undefined || value === null) break;
        setCopy(frame, key, value, name, faults, FRAME_DATA_DEPTH);
    }
  }
  fillFramePaths(frame);
  return frame;
}

/**
 * Relay's `process_non_raw_frame`: an empty `abs_path` takes `filename`; an empty `filename` then takes
 * `abs_path`, shortened to the URL's path for `http(s):`/`file:` URLs (a bare `/` keeps the full URL).
 * Exported so symbolication can re-apply it to the frames it rewrites.
 */
export function fillFramePaths(frame: StackFrame): void {
  if (!frame.abs_path) {
    if (frame.filename) frame.abs_path = frame.filename;
    delete frame.filename;
  }
  if (!frame.filename && frame.abs_path) frame.filename = urlPath(frame.abs_path) ?? frame.abs_path;
}

/** The path of an `http:`, `https:` or `file:` URL without query or fragment; undefined if none or just `/`. */
export function urlPath(url: string): string | undefined {
  const colon = url.indexOf(':');
  if (colon < 4 || colon > 5) return undefined;
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'file') return undefined;
  let start = colon + 1;
  if (url.startsWith('//', start)) {
    const slash = url.indexOf('/', start + 2);
    if (slash === -1) return undefined;
    start = slash;
  }
  let end = start;
  while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
  const path = url.slice(start, end);
  return path === '' || path === '/' ? undefined : path;
}

function readContextLine(value: unknown, name: string, faults: FaultLog): string | undefined {
  if (typeof value === 'string') return clipString(value, MAX_LINE_LENGTH);
  if (value !== undefined && value !== null) faults.invalid(name, value);
  return undefined;
}

/** Context lines; a `null` entry is a blank line (SDKs send that for lines they couldn't read). */
function readContextLines(value: unknown, name: string, faults: FaultLog): string[] | undefined {
  if (!Array.isArray(value)) {
    if (value !== undefined && value !== null) faults.invalid(name, value);
    return undefined;
  }
  const lines: string[] = [];
  for (const line of value) {
    if (typeof line === 'string') lines.push(clipString(line, MAX_LINE_LENGTH));
    else if (line === null) lines.push('');
    else {
      faults.invalid(name, value);
      return undefined;
    }
  }
  return lines;
}
