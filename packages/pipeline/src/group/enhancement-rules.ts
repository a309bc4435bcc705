/**
 * @module Stack-trace enhancement rules (docs/protocol.md §6 Step 1), Sentry's built-in JavaScript subset: which frames are not
 * the user's code ("-app") and which frames never count for grouping ("-group"). Normalization writes the
 * resulting `in_app` onto frames; grouping re-evaluates the same rules on the frames it gets, because
 * symbolication runs in between and can turn `https://app/main.js` into `webpack:///node_modules/…`.
 *
 * Choice: the "-app" rules override an `in_app` the SDK set (Sentry's enhancers do too; the browser SDK marks
 * every frame in-app, including bundled vendor code). The SDK's value is kept only where no rule matches.
 */

import type { StackFrame } from '@faultline/protocol';

/** Frames served from public CDNs are third-party code by definition. */
const CDN_HOSTS = new Set(['unpkg.com', 'cdnjs.cloudflare.com', 'cdn.jsdelivr.net', 'esm.run']);
/** Transpiler and polyfill helpers: never the cause, and they move around between builds. */
const GROUP_EXCLUDED_MODULES = ['@babel/', 'core-js/', 'regenerator-runtime/', 'tslib/'];
/** Event-loop plumbing that appears above (or below) arbitrary user code. */
const GROUP_EXCLUDED_FUNCTIONS = new Set(['runMicrotasks', 'queueMicrotask', 'processTicksAndRejections', 'runNextTicks', 'nextTick']);
/** Not the user's code, but still allowed to tell stacks apart. `_callSuper` is React Native's babel helper. */
const NOT_APP_FUNCTIONS = new Set([...GROUP_EXCLUDED_FUNCTIONS, '_callSuper']);

const JS_PLATFORMS = new Set(['javascript', 'node']);

/** Whether the JavaScript-family rules apply to `frame` (its own platform wins over the event's). */
export function isJavaScriptFrame(frame: StackFrame, eventPlatform: string): boolean {
  const platform = typeof frame.platform === 'string' ? frame.platform : eventPlatform;
  return JS_PLATFORMS.has(platform);
}

/** What the rules say about one frame, computed in one pass over its paths. */
interface FrameVerdict {
  /** A "-app" rule matched: not in-app, whatever the SDK said. */
  outOfApp: boolean;
  /** A "-group" rule matched: the frame never counts for grouping. */
  excludedFromGrouping: boolean;
}

function judge(frame: StackFrame, eventPlatform: string): FrameVerdict {
  const paths = framePaths(frame);
  const excludedModule = isExcludedModule(frame, paths);
  const fn = isJavaScriptFrame(frame, eventPlatform) ? functionBaseName(frame) : '';
  let outOfApp = excludedModule || NOT_APP_FUNCTIONS.has(fn);
  if (!outOfApp) {
    const module = frame.module;
    if (typeof module === 'string' && module.startsWith('unpkg/')) outOfApp = true;
  }
  for (let i = 0; !outOfApp && i < paths.length; i++) {
    const path = paths[i];
    if (hasSegment(path, 'node_modules') || hasSegment(path, 'vendor')) outOfApp = true;
    else {
      const host = urlHost(path);
      if (host !== undefined && CDN_HOSTS.has(host)) outOfApp = true;
    }
  }
  return { outOfApp, excludedFromGrouping: excludedModule || GROUP_EXCLUDED_FUNCTIONS.has(fn) };
}

export interface EnhancedFrames {
  /** The effective `in_app` of every frame. */
  inApp: boolean[];
  /** Whether each frame is dropped from grouping ("-group"). */
  excluded: boolean[];
}

/**
 * The rules applied to a whole stack (frames oldest first). A frame no "-app" rule touches keeps the SDK's
 * `in_app`; without one, Node internals and native frames are system code and everything else is the app's,
 * which is what the Node SDK itself decides.
 */
export function applyEnhancementRules(frames: readonly StackFrame[], eventPlatform: string): EnhancedFrames {
  const inApp = new Array<boolean>(frames.length);
  const excluded = new Array<boolean>(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    const verdict = judge(frame, eventPlatform);
    excluded[i] = verdict.excludedFromGrouping;
    if (verdict.outOfApp) inApp[i] = false;
    else if (typeof frame.in_app === 'boolean') inApp[i] = frame.in_app;
    else inApp[i] = !isRuntimeInternal(frame);
  }
  // `reportError(e)` re-throws through the browser: it and the frame it calls into are plumbing (docs/protocol.md §6 Step 1).
  for (let i = 0; i < frames.length; i++) {
    if (functionBaseName(frames[i]) === 'reportError' && isJavaScriptFrame(frames[i], eventPlatform)) {
      inApp[i] = false;
      if (i + 1 < frames.length) inApp[i + 1] = false;
    }
  }
  return { inApp, excluded };
}

/** The effective `in_app` of every frame (see `applyEnhancementRules`). */
export function resolveInApp(frames: readonly StackFrame[], eventPlatform: string): boolean[] {
  return applyEnhancementRules(frames, eventPlatform).inApp;
}

function isRuntimeInternal(frame: StackFrame): boolean {
  const path = (typeof frame.abs_path === 'string' && frame.abs_path) || (typeof frame.filename === 'string' && frame.filename) || '';
  return (
    path.startsWith('node:') ||
    path.startsWith('internal/') ||
    path === '[native code]' ||
    path === 'native' ||
    path === '<anonymous>'
  );
}

/** `Foo.bar` → `bar`: Node prefixes methods with their receiver type, which the rules don't name. */
export function functionBaseName(frame: StackFrame): string {
  const fn = frame.function;
  if (typeof fn !== 'string') return '';
  const dot = fn.lastIndexOf('.');
  return dot === -1 ? fn : fn.slice(dot + 1);
}

/**
 * Whether the frame belongs to an excluded module: the SDK's `module`, or for bundled code the package path after
 * the last `node_modules/` (Sentry derives JS modules the same way), so `@babel/**` matches either form.
 */
function isExcludedModule(frame: StackFrame, paths: readonly string[]): boolean {
  if (typeof frame.module === 'string' && isExcludedModuleName(frame.module)) return true;
  for (const path of paths) {
    const at = path.lastIndexOf('node_modules/');
    if (at !== -1 && isExcludedModuleName(path.slice(at + 'node_modules/'.length))) return true;
  }
  return false;
}

function isExcludedModuleName(module: string): boolean {
  for (const prefix of GROUP_EXCLUDED_MODULES) {
    if (module.startsWith(prefix) || module === prefix.slice(0, -1)) return true;
  }
  return false;
}

/** abs_path and filename, lowercased with `\` turned into `/`, as Sentry's `path:` matcher compares them. */
function framePaths(frame: StackFrame): string[] {
  const paths: string[] = [];
  if (typeof frame.abs_path === 'string' && frame.abs_path !== '') paths.push(normalizePath(frame.abs_path));
  if (typeof frame.filename === 'string' && frame.filename !== '' && frame.filename !== frame.abs_path) {
    paths.push(normalizePath(frame.filename));
  }
  return paths;
}

function normalizePath(path: string): string {
  const lower = path.toLowerCase();
  return lower.includes('\\') ? lower.replace(/\\/g, '/') : lower;
}

/** Whether `name` is a directory somewhere in `path` (the rules' double-star glob around it). */
function hasSegment(path: string, name: string): boolean {
  return path.startsWith(`${name}/`) || path.includes(`/${name}/`);
}

function urlHost(path: string): string | undefined {
  const scheme = path.indexOf('://');
  if (scheme === -1 || scheme > 10) return undefined;
  const start = scheme + 3;
  let end = start;
  while (end < path.length && path[end] !== '/' && path[end] !== ':' && path[end] !== '?' && path[end] !== '#') end++;
  return path.slice(start, end);
}
