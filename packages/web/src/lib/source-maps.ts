/**
 * @module Reading source-map results for people: processing-error titles, frame paths (`exception.values.0.
 * stacktrace.frames.3`) back to indexes, minified locations, and the lookup steps of `source-map-debug` as
 * checks that passed, failed or just say what happened.
 */
import type { Frame, ProcessingError } from './api-types.ts';

const TITLES: Record<string, string> = {
  js_no_source: 'No source map found',
  js_invalid_source: 'Source map unusable',
  js_missing_debug_id: 'No debug ID and no release',
  js_invalid_sourcemap_location: 'Position outside the source map',
  js_missing_sources_content: 'Source map without source code',
};

/** True for the errors symbolication writes (the ones reprocessing can fix). */
export function isSourceMapError(e: Pick<ProcessingError, 'type'>): boolean {
  return e.type in TITLES;
}

export function sourceMapErrorTitle(type: string): string {
  return TITLES[type] ?? type.replace(/_/g, ' ');
}

/** `js_missing_sources_content` frames did resolve (only their context lines are missing); the others did not. */
export function framesResolved(type: string): boolean {
  return type === 'js_missing_sources_content';
}

export interface FramePath {
  excIdx: number;
  frameIdx: number;
}

/** An exception frame's path as processing errors name it; threads and anything else give null. */
export function parseFramePath(path: string): FramePath | null {
  const m = /^exception\.values\.(\d+)\.stacktrace\.frames\.(\d+)$/.exec(path);
  return m ? { excIdx: Number(m[1]), frameIdx: Number(m[2]) } : null;
}

export function framePath(p: FramePath): string {
  return `exception.values.${p.excIdx}.stacktrace.frames.${p.frameIdx}`;
}

/** `file:line:col`, from whichever of abs_path / filename the frame has. */
export function location(f: { abs_path?: string | null; filename?: string | null; lineno?: number | null; colno?: number | null } | null | undefined): string {
  if (!f) return '<unknown>';
  const file = f.abs_path || f.filename || '<unknown>';
  return `${file}${f.lineno != null ? `:${f.lineno}` : ''}${f.lineno != null && f.colno != null ? `:${f.colno}` : ''}`;
}

/** The frame as it arrived: its `raw` copy when a source map rewrote it, else the frame itself. */
export function minifiedFrame(f: Frame): NonNullable<Frame['raw']> | Frame {
  return f.raw ?? f;
}

export function resolvedWithLabel(v: string | null | undefined): string {
  if (v === 'debug-id') return 'debug ID';
  if (v === 'release') return 'release + URL';
  return v ?? 'source map';
}

export type StepOutcome = 'ok' | 'miss' | 'info';

export interface Step {
  /** The question this step answers, e.g. "Source map uploaded with that debug ID?". */
  check: string;
  outcome: StepOutcome;
  text: string;
}

const CHECKS: Array<[RegExp, string]> = [
  [/debug_meta|names no debug ID/, 'Debug ID in the event (debug_meta)?'],
  [/source map with debug ID|by debug ID/, 'Source map uploaded with that debug ID?'],
  [/has no release|has no uploaded files/, 'Files uploaded for the release?'],
  [/has no file named|^found .* and its source map/, 'Minified file found by release, dist and URL?'],
  [/sourceMappingURL|names (no )?source map|sourcemap header/, 'sourceMappingURL followed?'],
  [/different builds/, 'Map and code from the same build?'],
  [/is invalid/, 'Source map readable?'],
  [/maps to|beyond|no mapping at/, 'Position found in the map?'],
  [/nothing to map/, 'Frame mappable?'],
];

/** One `source-map-debug` step (plain text from the server) as a check with an outcome. */
export function describeStep(text: string): Step {
  const check = CHECKS.find(([re]) => re.test(text))?.[1] ?? 'Lookup';
  let outcome: StepOutcome = 'info';
  if (/^found |maps to /.test(text)) outcome = 'ok';
  else if (/trying its debug ID/.test(text)) outcome = 'info';
  else if (/\b(no|not|invalid|beyond)\b|different builds|nothing to map/.test(text)) outcome = 'miss';
  return { check, outcome, text };
}
