/**
 * @module `resolveModule`: finds the source map for one minified file a stack names, in Sentry's order —
 * (1) the debug ID the event's `debug_meta.images` gives for the file; (2) the release + dist + `~/path` files,
 * following the minified file's `sourcemap` header or `//# sourceMappingURL=` (inline `data:` maps included).
 * Every step is written to `attempts`, which is both the processing error's reason and the API's
 * "why didn't this frame resolve" answer.
 */
import type { ArtifactFile, ArtifactLookup } from './artifact-lookup.ts';
import type { ArtifactCache, MinifiedSource } from './artifact-cache.ts';
import { SourceMapError, type ParsedSourceMap } from './parsed-source-map.ts';
import { decodeDataUrl, joinPaths, releaseFileCandidates } from './url-candidates.ts';

export type ResolvedWith = 'debug-id' | 'release';

export interface ModuleError {
  /** Sentry's event error types: js_no_source, js_invalid_source, js_missing_debug_id, … */
  type: string;
  reason: string;
  debug_id?: string;
  url?: string;
  sourcemap?: string;
}

export interface ResolvedModule {
  absPath: string;
  map?: ParsedSourceMap;
  minified?: MinifiedSource;
  /** Where the map is, resolved against the frame's URL: the base for the map's relative `sources`. */
  mapUrl?: string;
  /** The uploaded file the map came from (bundle or release), for the frame's `data.sourcemap`. */
  origin?: string;
  resolvedWith?: ResolvedWith;
  debugId?: string;
  error?: ModuleError;
  attempts: string[];
}

export interface ModuleContext {
  lookup: ArtifactLookup;
  cache: ArtifactCache;
  release?: string;
  dist?: string;
  /** debug_meta.images: code_file → debug ID. */
  debugIds: Map<string, string>;
}

export async function resolveModule(ctx: ModuleContext, absPath: string, altPath?: string): Promise<ResolvedModule> {
  const mod: ResolvedModule = { absPath, attempts: [] };
  const debugId = ctx.debugIds.get(absPath) ?? (altPath ? ctx.debugIds.get(altPath) : undefined);
  if (debugId) {
    mod.debugId = debugId;
    if (await byDebugId(ctx, mod, debugId)) return mod;
  } else {
    mod.attempts.push('the event names no debug ID for this file (debug_meta.images has no entry for it)');
  }
  if (ctx.release) {
    if (await byRelease(ctx, mod, ctx.release, ctx.dist ?? '')) return mod;
  } else {
    mod.attempts.push('the event has no release, so release files were not searched');
  }
  if (!mod.error) {
    mod.error = debugId || ctx.release
      ? { type: 'js_no_source', reason: mod.attempts.join('; ') }
      : { type: 'js_missing_debug_id', reason: `${mod.attempts.join('; ')} — run \`sentry-cli sourcemaps inject\` before uploading, or set a release` };
    if (debugId) mod.error.debug_id = debugId;
    mod.error.url = absPath;
  }
  return mod;
}

async function byDebugId(ctx: ModuleContext, mod: ResolvedModule, debugId: string): Promise<boolean> {
  const mapFile = await ctx.lookup.byDebugId(debugId, 'source_map');
  const minFile = await ctx.lookup.byDebugId(debugId, 'minified_source');
  if (!mapFile) {
    mod.attempts.push(`no source map with debug ID ${debugId} has been uploaded${minFile ? ' (only its minified file was)' : ''}`);
    return false;
  }
  mod.attempts.push(`found source map ${mapFile.url ?? mapFile.key} by debug ID ${debugId} in ${mapFile.origin}`);
  if (minFile) mod.minified = await ctx.cache.minifiedSource(minFile);
  const ref = minFile ? (minFile.headers.sourcemap ?? minFile.headers['x-sourcemap'] ?? mod.minified?.sourceMappingUrl) : undefined;
  mod.mapUrl = ref && !ref.startsWith('data:') ? joinPaths(mod.absPath, ref) : mapUrlBesides(mod.absPath, mapFile.url);
  return loadMap(ctx, mod, mapFile, 'debug-id');
}

async function byRelease(ctx: ModuleContext, mod: ResolvedModule, release: string, dist: string): Promise<boolean> {
  const where = `release ${release}${dist ? ` (dist ${dist})` : ''}`;
  if (ctx.lookup.hasReleaseFiles && !(await ctx.lookup.hasReleaseFiles(release, dist))) {
    mod.attempts.push(`${where} has no uploaded files`);
    return false;
  }
  let minFile: ArtifactFile | undefined;
  const candidates = releaseFileCandidates(mod.absPath);
  for (const c of candidates) {
    minFile = await ctx.lookup.byUrl(release, dist, c);
    if (minFile) break;
  }
  if (!minFile) {
    mod.attempts.push(`${where} has no file named ${candidates.slice(0, 4).join(' or ')}`);
    return false;
  }
  mod.minified = await ctx.cache.minifiedSource(minFile);
  const ref = minFile.headers.sourcemap ?? minFile.headers['x-sourcemap'] ?? mod.minified.sourceMappingUrl;
  if (!ref) {
    // A bundle without a map reference may still carry its debug ID comment (injected, then uploaded by URL).
    if (mod.minified.debugId && !mod.debugId) {
      mod.debugId = mod.minified.debugId;
      mod.attempts.push(`${minFile.url ?? 'the minified file'} has no sourceMappingURL; trying its debug ID comment ${mod.debugId}`);
      return byDebugId(ctx, mod, mod.debugId);
    }
    mod.attempts.push(`${minFile.url ?? 'the minified file'} in ${where} names no source map (no sourcemap header, no sourceMappingURL comment)`);
    mod.error = { type: 'js_no_source', reason: mod.attempts.join('; '), url: mod.absPath };
    return false;
  }
  const inline = decodeDataUrl(ref);
  if (inline !== undefined) {
    mod.mapUrl = mod.absPath;
    mod.origin = `inline source map of ${minFile.url ?? mod.absPath}`;
    mod.resolvedWith = 'release';
    try {
      mod.map = ctx.cache.inlineSourceMap(minFile.key, inline);
      return true;
    } catch (err) {
      return invalid(mod, err, mod.origin);
    }
  }
  mod.mapUrl = joinPaths(mod.absPath, ref);
  for (const c of releaseFileCandidates(mod.mapUrl)) {
    const mapFile = await ctx.lookup.byUrl(release, dist, c);
    if (mapFile) {
      mod.attempts.push(`found ${minFile.url} and its source map ${mapFile.url ?? c} in ${where}`);
      return loadMap(ctx, mod, mapFile, 'release');
    }
  }
  mod.attempts.push(`${minFile.url} names source map ${ref}, but ${where} has no file ${releaseFileCandidates(mod.mapUrl).slice(-2).join(' or ')}`);
  mod.error = { type: 'js_no_source', reason: mod.attempts.join('; '), url: mod.absPath, sourcemap: mod.mapUrl };
  return false;
}

async function loadMap(ctx: ModuleContext, mod: ResolvedModule, file: ArtifactFile, how: ResolvedWith): Promise<boolean> {
  mod.origin = `${file.url ?? file.key} (${file.origin})`;
  mod.resolvedWith = how;
  try {
    mod.map = await ctx.cache.sourceMap(file);
  } catch (err) {
    return invalid(mod, err, mod.origin);
  }
  // Same URL, another build: the map and the bundle carry different debug IDs, so positions would lie.
  const mapId = mod.map.debugId;
  // The event's own debug ID for the file is the truth about which build ran; the uploaded bundle's comment is next best.
  const codeId = mod.debugId ?? mod.minified?.debugId;
  if (mapId && codeId && mapId !== codeId) {
    mod.attempts.push(`the source map has debug ID ${mapId} but the code has ${codeId}: they come from different builds`);
    mod.error = { type: 'js_invalid_source', reason: mod.attempts.join('; '), url: mod.absPath, sourcemap: mod.mapUrl ?? file.url ?? '', debug_id: codeId };
    delete mod.map;
    return false;
  }
  return true;
}

function invalid(mod: ResolvedModule, err: unknown, where: string): boolean {
  if (!(err instanceof SourceMapError)) throw err;
  mod.attempts.push(`the source map ${where} is invalid: ${err.message}`);
  mod.error = { type: 'js_invalid_source', reason: mod.attempts.join('; '), url: mod.absPath };
  if (mod.debugId) mod.error.debug_id = mod.debugId;
  if (mod.mapUrl) mod.error.sourcemap = mod.mapUrl;
  return false;
}

/** Without a reference from the minified file, assume the map was uploaded next to it (`app.js` ↔ `app.js.map`). */
function mapUrlBesides(absPath: string, mapUrl: string | undefined): string {
  if (!mapUrl) return `${absPath.split(/[?#]/)[0]}.map`;
  const name = mapUrl.slice(mapUrl.lastIndexOf('/') + 1);
  return joinPaths(absPath, name);
}
