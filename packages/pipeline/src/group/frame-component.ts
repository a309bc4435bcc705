/**
 * @module `frameComponent`: docs/protocol.md §6 Step 2, one stack frame's grouping component `[module, filename, function,
 * context_line]` for JavaScript and Node. Everything that changes between deploys of the same code (bundle
 * hashes in URLs, minified or source-map-guessed names, anonymous functions) is made not to count.
 */

import type { StackFrame } from '@faultline/protocol';
import { functionBaseName, isJavaScriptFrame } from './enhancement-rules.ts';
import { component, exclude, type GroupingComponent } from './grouping-component.ts';
import type { GroupingConfig } from './grouping-configs.ts';

/** Longer source lines are minified code or generated data: unstable, and not what a person would compare. */
const MAX_CONTEXT_LINE = 120;
const UNKNOWN_FUNCTIONS = new Set(['?', '<anonymous>', '<anonymous function>', 'Anonymous function']);
const LOW_QUALITY_PATHS = new Set(['[native code]', 'native code', 'eval code', '<anonymous>']);

/**
 * `previous` is the frame before it in the stack (for recursion); `excluded` is the enhancement rules' "-group"
 * verdict for this frame.
 */
export function frameComponent(
  frame: StackFrame,
  previous: StackFrame | undefined,
  excluded: boolean,
  eventPlatform: string,
  config: GroupingConfig,
): GroupingComponent {
  const platform = typeof frame.platform === 'string' ? frame.platform : eventPlatform;
  const js = isJavaScriptFrame(frame, eventPlatform);
  const absPath = str(frame.abs_path);

  const module = moduleComponent(str(frame.module), absPath, platform);
  const filename = filenameComponent(str(frame.filename) ?? absPath, absPath);
  if (module.contributes) exclude(filename, 'module takes precedence');
  const contextLine = config.contextLinePlatforms.has(platform) ? contextLineComponent(frame, absPath, js) : undefined;
  const fn = functionComponent(frame, js, contextLine?.contributes === true);

  const values = contextLine ? [module, filename, fn, contextLine] : [module, filename, fn];
  const result = component('frame', values);
  if (js) {
    if (functionBaseName(frame) === 'eval' || (absPath !== undefined && LOW_QUALITY_PATHS.has(absPath))) {
      exclude(result, 'ignored low quality javascript frame');
    }
  }
  if (excluded) exclude(result, 'excluded by stack trace rule (-group)');
  if (previous !== undefined && isRecursion(frame, previous)) exclude(result, 'ignored due to recursion');
  return result;
}

function moduleComponent(module: string | undefined, absPath: string | undefined, platform: string): GroupingComponent {
  if (module === undefined) return component('module', []);
  const c = component('module', [module]);
  // Browser modules guessed from a URL repeat the path (and its content hash), which filename already covers.
  if (platform === 'javascript' && module.includes('/') && absPath !== undefined && absPath.endsWith(module)) {
    exclude(c, 'ignored bad javascript module');
  }
  return c;
}

function filenameComponent(filename: string | undefined, absPath: string | undefined): GroupingComponent {
  if (filename === undefined) return component('filename', []);
  const base = basename(filename).toLowerCase();
  const c = component('filename', [base]);
  if (absPath !== undefined && hasUrlOrigin(absPath)) exclude(c, 'ignored because frame points to a URL');
  else if (base === '<anonymous>') exclude(c, 'anonymous filename discarded');
  else if (base === '[native code]') exclude(c, 'native code indicated by filename');
  return c;
}

function functionComponent(frame: StackFrame, js: boolean, contextLineCounts: boolean): GroupingComponent {
  const full = str(frame.function);
  if (full === undefined) return component('function', []);
  // `Foo.bar` → `bar`: the receiver's name differs between browsers and minifiers for the same function.
  const name = js ? functionBaseName(frame) : full;
  if (name === '') return exclude(component('function', [name]), 'empty function name');
  const c = component('function', [name], name !== full ? 'trimmed javascript function' : undefined);
  if (UNKNOWN_FUNCTIONS.has(name) || name.endsWith('/<')) exclude(c, 'ignored unknown function name');
  else if (frame.symbolicated === true && contextLineCounts) exclude(c, 'ignored because sourcemap used and context line available');
  return c;
}

function contextLineComponent(frame: StackFrame, absPath: string | undefined, js: boolean): GroupingComponent {
  const raw = str(frame.context_line);
  const line = raw === undefined ? '' : collapseWhitespace(raw);
  if (line === '' || raw === undefined) return component('context-line', []);
  const c = component('context-line', [line]);
  if (raw.length > MAX_CONTEXT_LINE) exclude(c, 'discarded because line too long');
  else if (js && !str(frame.function) && absPath !== undefined && isUrl(absPath)) exclude(c, 'discarded because from URL origin');
  return c;
}

const RECURSION_FIELDS = ['abs_path', 'package', 'module', 'filename', 'function', 'lineno', 'colno'] as const;

/** The same call site as the frame before it: deep recursion would otherwise hash its depth. */
function isRecursion(frame: StackFrame, previous: StackFrame): boolean {
  return RECURSION_FIELDS.every((field) => frame[field] === previous[field]);
}

/** Origins whose path part is a deploy artifact (docs/protocol.md §6 Step 2, filename). */
function hasUrlOrigin(path: string): boolean {
  return path.startsWith('http:') || path.startsWith('https:') || path.startsWith('applewebdata:') || path.startsWith('blob:');
}

/** Sentry's `is_url` (used for context lines and single-frame stacks): the URL schemes plus `file:`. */
export function isUrl(path: string): boolean {
  return hasUrlOrigin(path) || path.startsWith('file:');
}

/** Runs of whitespace → one space, trimmed (Sentry: `" ".join(line.split())`), without a regex in the common case. */
function collapseWhitespace(line: string): string {
  const trimmed = line.trim();
  return /\s\s|[\t\n\r\f\v]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
