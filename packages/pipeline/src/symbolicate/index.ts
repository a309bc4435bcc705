/**
 * @module Source-map symbolication, pure: parsing and lookup of maps, frame rewriting, the lookup order, a
 * bounded cache, and the `ArtifactLookup` port the server implements over its artifact store.
 */
export type { ArtifactFile, ArtifactLookup, ArtifactType } from './artifact-lookup.ts';
export { ArtifactCache, DEFAULT_CACHE_BYTES, type MinifiedSource } from './artifact-cache.ts';
export { normalizeDebugId, debugIdFromSource, debugIdFromSourceMap } from './debug-id.ts';
export { parseSourceMap, ParsedSourceMap, SourceMapError, type OriginalPosition } from './parsed-source-map.ts';
export { LruCache } from './lru-cache.ts';
export { joinPaths, releaseFileCandidates, sourceMappingUrlOf, stripHost } from './url-candidates.ts';
export { Symbolicator, unsymbolicateEvent, stacktracesOf, SYMBOLICATION_ERROR_TYPES, type SymbolicationSummary, type StackRef } from './symbolicator.ts';
export { contextAround } from './context-lines.ts';
export { originalLocation, generateModule } from './source-paths.ts';
