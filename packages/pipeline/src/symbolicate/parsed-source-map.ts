/**
 * @module `parseSourceMap`: a source map (regular or indexed/sectioned) decoded once into something that answers
 * "where did this minified position come from" in a binary search. Decoding uses @jridgewell/trace-mapping
 * (the decoder Babel, Rollup and esbuild's ecosystem trust); the lookup rules are Sentry's.
 */
import { FlattenMap, TraceMap, decodedMappings, type SourceMapSegment } from '@jridgewell/trace-mapping';
import { debugIdFromSourceMap } from './debug-id.ts';

/** One resolved position. Lines and columns are 1-based, as in stack frames. */
export interface OriginalPosition {
  sourceIndex: number;
  /** The `sources` entry with `sourceRoot` applied, not yet joined to the map's URL. */
  source: string;
  line: number;
  column: number;
  /** The original identifier at this position (`names`), when the map recorded one. */
  name?: string;
}

export class SourceMapError extends Error {}

/** Where a minified identifier is defined as a function, in map order: ordinals and original names. */
export interface FunctionDefs {
  ordinals: number[];
  names: string[];
}

export class ParsedSourceMap {
  readonly debugId: string | undefined;
  /** Bytes of the map text: the cache's weight for it. */
  readonly size: number;
  private readonly lines: Readonly<SourceMapSegment[][]>;
  private readonly sources: string[];
  private readonly contents: (string | null)[];
  private readonly names: readonly string[];
  private readonly splitCache = new Map<number, string[]>();
  private lineStarts: Uint32Array | undefined;
  /** Per-minified-source memo of the function-name heuristic (see original-function-name.ts). */
  readonly functionIndex = new WeakMap<readonly string[], Map<string, FunctionDefs>>();
  /** Memo of resolved file locations (source index + base URL), filled by symbolicate-frame.ts. */
  readonly locations = new Map<string, unknown>();

  constructor(map: TraceMap, debugId: string | undefined, size: number) {
    this.debugId = debugId;
    this.size = size;
    // Decoding up front keeps the cold cost in one place (the cache load) and every lookup a pure search.
    this.lines = decodedMappings(map);
    const root = map.sourceRoot ? map.sourceRoot.replace(/\/?$/, '/') : '';
    this.sources = map.sources.map((s) => (s == null ? '' : root && !/^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith('/') ? root + s : s));
    this.contents = map.sourcesContent ?? [];
    this.names = map.names;
  }

  /** Number of generated lines the map describes; a frame below that can't belong to this map. */
  get generatedLines(): number {
    return this.lines.length;
  }

  /**
   * The mapping at or before the 1-based generated position, searching earlier lines when the line has nothing
   * before the column (symbolic's SourceMapCache does the same greatest-lower-bound over the whole file).
   * Undefined when the position lies beyond the map or on an explicitly unmapped segment.
   */
  lookup(line: number, column: number): OriginalPosition | undefined {
    const found = this.segmentAtOrBefore(line - 1, Math.max(0, column - 1));
    if (!found) return undefined;
    return this.toPosition(found.segment);
  }

  /** The raw segment (and its line index) at or before a 0-based position; used by the function-name heuristic. */
  segmentAtOrBefore(line0: number, col0: number): { line: number; index: number; segment: SourceMapSegment } | undefined {
    if (line0 < 0 || line0 >= this.lines.length) return undefined;
    const segs = this.lines[line0]!;
    let lo = 0;
    let hi = segs.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid]![0] <= col0) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (idx >= 0) {
      const segment = segs[idx]!;
      return segment.length === 1 ? undefined : { line: line0, index: idx, segment };
    }
    for (let l = line0 - 1; l >= 0 && l >= line0 - 16; l--) {
      const prev = this.lines[l]!;
      if (prev.length > 0) {
        const segment = prev[prev.length - 1]!;
        return segment.length === 1 ? undefined : { line: l, index: prev.length - 1, segment };
      }
    }
    return undefined;
  }

  /** A segment's position in the whole map, counting segments from the start: "how far back" in one number. */
  ordinalOf(line0: number, index: number): number {
    if (!this.lineStarts) {
      const starts = new Uint32Array(this.lines.length + 1);
      for (let l = 0; l < this.lines.length; l++) starts[l + 1] = starts[l]! + this.lines[l]!.length;
      this.lineStarts = starts;
    }
    return this.lineStarts[line0]! + index;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  segmentsOfLine(line0: number): readonly SourceMapSegment[] {
    return this.lines[line0] ?? [];
  }

  nameOf(segment: SourceMapSegment): string | undefined {
    return segment.length === 5 ? this.names[segment[4]] : undefined;
  }

  toPosition(segment: SourceMapSegment): OriginalPosition | undefined {
    if (segment.length === 1) return undefined;
    const pos: OriginalPosition = { sourceIndex: segment[1], source: this.sources[segment[1]] ?? '', line: segment[2] + 1, column: segment[3] + 1 };
    const name = this.nameOf(segment);
    if (name !== undefined) pos.name = name;
    return pos;
  }

  /** The original file's lines from `sourcesContent`, split once per source and kept with the map. */
  sourceLines(sourceIndex: number): string[] | undefined {
    let lines = this.splitCache.get(sourceIndex);
    if (lines) return lines;
    const text = this.contents[sourceIndex];
    if (typeof text !== 'string') return undefined;
    lines = text.split(/\r\n|\r|\n/);
    this.splitCache.set(sourceIndex, lines);
    return lines;
  }
}

/** Parses map text; throws SourceMapError with a reason a person can act on. */
export function parseSourceMap(text: string): ParsedSourceMap {
  let json: unknown;
  try {
    json = JSON.parse(stripXssiPrefix(text));
  } catch (err) {
    throw new SourceMapError(`not valid JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new SourceMapError('not a JSON object');
  const obj = json as Record<string, unknown>;
  if (obj.version !== 3 && obj.version !== '3') throw new SourceMapError(`unsupported source map version ${JSON.stringify(obj.version)}`);
  const sectioned = Array.isArray(obj.sections);
  if (!sectioned && typeof obj.mappings !== 'string') throw new SourceMapError('has no "mappings"');
  if (!sectioned && !Array.isArray(obj.sources)) throw new SourceMapError('has no "sources"');
  let map: TraceMap;
  try {
    map = sectioned ? new FlattenMap(obj as never) : new TraceMap(obj as never);
    decodedMappings(map);
  } catch (err) {
    throw new SourceMapError(`could not be decoded (${(err as Error).message})`);
  }
  return new ParsedSourceMap(map, debugIdFromSourceMap(obj), text.length);
}

/** Maps served over HTTP may start with `)]}'` to defeat XSSI; the spec says to skip that first line. */
function stripXssiPrefix(text: string): string {
  return text.startsWith(')]}') ? text.slice(text.indexOf('\n') + 1) : text;
}
