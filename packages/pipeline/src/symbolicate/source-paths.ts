/**
 * @module What a resolved frame is called: its `abs_path` (the original file joined to where the map lives), its
 * short `filename` (what people read and grouping hashes), a Sentry-style `module` for URL-ish paths, and whether
 * it is the project's own code. Rules follow symbolicator's `fixup_webpack_filename`, `is_in_app` and
 * `generate_module`, plus the bundler internals Faultline users meet (vite, esbuild, rollup virtual modules).
 */
import { joinPaths, stripHost } from './url-candidates.ts';

export interface SourceLocation {
  absPath: string;
  filename: string;
  module?: string;
  /** undefined: the path says nothing, keep what the SDK decided. */
  inApp?: boolean;
}

const WEBPACK_NAMESPACE = /^webpack:\/\/[a-zA-Z0-9_\-@.]+\/\.\//;

export function fixupWebpackFilename(filename: string): string {
  const tilde = filename.indexOf('/~/');
  if (tilde !== -1) return `~/${filename.slice(tilde + 3)}`;
  if (WEBPACK_NAMESPACE.test(filename)) return filename.replace(WEBPACK_NAMESPACE, './');
  if (filename.startsWith('webpack:///')) return filename.slice('webpack:///'.length);
  return filename;
}

/**
 * @param source  the map's `sources` entry (sourceRoot applied)
 * @param base    where the map is (its resolved URL), or the minified file's `abs_path` when unknown
 */
export function originalLocation(source: string, base: string): SourceLocation {
  if (source.startsWith('webpack:')) {
    const filename = fixupWebpackFilename(source);
    return { absPath: source, filename, module: generateModule(filename), inApp: filename.startsWith('./') && !filename.includes('/node_modules/') };
  }
  const absPath = joinPaths(base, source);
  const filename = readableFilename(source, absPath);
  const loc: SourceLocation = { absPath, filename };
  if (/^(https?|app):/.test(absPath)) loc.module = generateModule(absPath);
  const internal = isBundlerInternal(source) || isBundlerInternal(absPath);
  if (internal !== undefined) loc.inApp = !internal;
  return loc;
}

/**
 * Relative `sources` entries (`../src/call-panel.js`) read best without the climb out of the output folder:
 * `src/call-panel.js`. That also keeps the name stable when a new build lands in a different folder.
 */
function readableFilename(source: string, absPath: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(source)) return stripHost(source.split(/[?#]/)[0]!);
  if (source.startsWith('/') || source.startsWith('~/')) return source.replace(/^~/, '');
  const trimmed = source.replace(/^(?:\.\.?\/)+/, '');
  return trimmed || absPath;
}

/** true: a dependency or bundler runtime; undefined: no opinion (the SDK's `in_app` stands). */
function isBundlerInternal(path: string): boolean | undefined {
  if (/(^|[/\\])node_modules[/\\]/.test(path)) return true;
  if (path.startsWith('\0') || path.includes('/@vite/') || path.includes('vite/preload-helper') || path.includes('vite/modulepreload-polyfill')) return true;
  if (/^(webpack\/(bootstrap|runtime)|\(webpack\)|__vite-|commonjsHelpers|commonjs-)/.test(path.replace(/^(?:\.\.?\/)+/, ''))) return true;
  if (path.startsWith('node:') || path.startsWith('internal/')) return true;
  return undefined;
}

const CLEAN_MODULE =
  /^(?:\/|(?:(?:java)?scripts?|js|build|static|node_modules|bower_components|[_.~].*?|v?(?:\d+\.)*\d+|[a-f0-9]{7,8}|[a-f0-9]{32}|[a-f0-9]{40})\/)+|(?:[-.][a-f0-9]{7,}$)/gi;

/** Sentry's made-up module name for a URL: `http://h/js/v1.0/foo/bar/baz.js` → `foo/bar/baz`. */
export function generateModule(absPath: string): string {
  let path = stripHost(absPath).split(/[?#]/)[0]!;
  const lastDot = path.lastIndexOf('.');
  if (lastDot > path.lastIndexOf('/')) path = path.slice(0, lastDot);
  if (path.endsWith('.min')) path = path.slice(0, -4);
  const segments = path.split('/');
  const hashAt = segments.findIndex((s) => s.length === 32 || (s.length === 40 && /^[0-9a-f]+$/i.test(s)));
  if (hashAt !== -1) return segments.slice(hashAt + 1).join('/');
  return path.replace(CLEAN_MODULE, '');
}

/**
 * Folds repeated property names in a resolved function name (`bar.foo.foo.onError` → `bar.{foo#2}.onError`),
 * as Sentry does, so deep chains stay readable.
 */
export function foldFunctionName(name: string): string {
  const parts = name.split('.');
  if (parts.length === 1) return name;
  const tail = parts.pop()!;
  const groups: string[][] = [];
  for (const p of parts) {
    const g = groups[groups.length - 1];
    if (g && g[g.length - 1] === p) g.push(p);
    else groups.push([p]);
  }
  return [...groups.map((g) => (g.length === 1 ? g[0]! : `{${g[0]}#${g.length}}`)), tail].join('.');
}
