/**
 * @module The port symbolication reads uploaded files through. The server implements it over the store; tests
 * implement it over a Map. Lookups are by debug ID (artifact bundles) or by release + dist + URL (bundles uploaded
 * with a release, and the legacy per-file release uploads).
 */

/** Artifact types of a bundle manifest (docs/protocol.md §5.5). */
export type ArtifactType = 'source' | 'minified_source' | 'source_map' | 'indexed_ram_bundle';

export interface ArtifactFile {
  /**
   * Identifies the file's content (the store uses its SHA-1): parsed maps are cached under it, so the same map
   * uploaded again in another bundle is parsed once.
   */
  key: string;
  /** The `~/path` or full URL the file was uploaded under, when it has one. */
  url?: string;
  /** Lowercase header names: `debug-id`, `sourcemap` (or legacy `x-sourcemap`), … */
  headers: Record<string, string>;
  /** Where it came from, for explanations: e.g. `artifact bundle 3f2…` or `release dashboard@2.0.0`. */
  origin: string;
  read(): Promise<string>;
}

export interface ArtifactLookup {
  byDebugId(debugId: string, type: ArtifactType): Promise<ArtifactFile | undefined>;
  /** Exact match on the uploaded name (`~/dist/app.js` or a full URL); `dist` '' means "no dist". */
  byUrl(release: string, dist: string, url: string): Promise<ArtifactFile | undefined>;
  /** Optional shortcut: false lets symbolication skip the URL candidates of a release nothing was uploaded for. */
  hasReleaseFiles?(release: string, dist: string): Promise<boolean>;
}
