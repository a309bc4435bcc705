/**
 * @module `ArtifactCache`: parsed source maps and split minified sources, kept in one bounded LRU keyed by the
 * file's content key. Parsing a 10 MB map costs ~100 ms; an event costs ~10 µs once it's cached. A map that
 * failed to parse is cached as its error too, so a corrupt upload costs one parse, not one per event.
 */
import { LruCache } from './lru-cache.ts';
import { ParsedSourceMap, SourceMapError, parseSourceMap } from './parsed-source-map.ts';
import type { ArtifactFile } from './artifact-lookup.ts';
import { debugIdFromSource } from './debug-id.ts';
import { sourceMappingUrlOf } from './url-candidates.ts';

export interface MinifiedSource {
  lines: string[];
  debugId: string | undefined;
  sourceMappingUrl: string | undefined;
  size: number;
}

/** Default budget: a few dozen large app bundles' maps. Parsed maps take ~2-3x their text size in memory. */
export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

type Entry = ParsedSourceMap | SourceMapError | MinifiedSource;

export class ArtifactCache {
  private readonly lru: LruCache<string, Entry>;
  /** Loads in flight, so concurrent events needing the same cold map parse it once. */
  private readonly loading = new Map<string, Promise<Entry>>();
  hits = 0;
  misses = 0;

  constructor(maxBytes = DEFAULT_CACHE_BYTES) {
    this.lru = new LruCache(maxBytes, 10_000);
  }

  /** Throws SourceMapError when the file isn't a usable source map. */
  async sourceMap(file: ArtifactFile): Promise<ParsedSourceMap> {
    const entry = await this.load(`map:${file.key}`, file, (text) => {
      try {
        return parseSourceMap(text);
      } catch (err) {
        if (err instanceof SourceMapError) return err;
        throw err;
      }
    });
    if (entry instanceof SourceMapError) throw entry;
    return entry as ParsedSourceMap;
  }

  /** Inline `data:` maps have no stored key: they are cached under their own text. */
  inlineSourceMap(key: string, text: string): ParsedSourceMap {
    const k = `inline:${key}`;
    const hit = this.lru.get(k);
    if (hit) {
      if (hit instanceof SourceMapError) throw hit;
      return hit as ParsedSourceMap;
    }
    let entry: ParsedSourceMap | SourceMapError;
    try {
      entry = parseSourceMap(text);
    } catch (err) {
      if (!(err instanceof SourceMapError)) throw err;
      entry = err;
    }
    this.lru.set(k, entry, entry instanceof SourceMapError ? 256 : entry.size * 2);
    if (entry instanceof SourceMapError) throw entry;
    return entry;
  }

  async minifiedSource(file: ArtifactFile): Promise<MinifiedSource> {
    return (await this.load(`src:${file.key}`, file, (text) => ({
      lines: text.split(/\r\n|\r|\n/),
      debugId: debugIdFromSource(text),
      sourceMappingUrl: sourceMappingUrlOf(text),
      size: text.length,
    }))) as MinifiedSource;
  }

  get stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.lru.size, bytes: this.lru.weight, hits: this.hits, misses: this.misses };
  }

  private async load(key: string, file: ArtifactFile, build: (text: string) => Entry): Promise<Entry> {
    const hit = this.lru.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    this.misses++;
    const p = (async () => {
      const entry = build(await file.read());
      this.lru.set(key, entry, weightOf(entry));
      return entry;
    })();
    this.loading.set(key, p);
    try {
      return await p;
    } finally {
      this.loading.delete(key);
    }
  }
}

function weightOf(e: Entry): number {
  if (e instanceof SourceMapError) return 256;
  // Decoded segments and split sources roughly double a map's footprint over its text.
  return e instanceof ParsedSourceMap ? e.size * 2 : e.size * 2;
}
