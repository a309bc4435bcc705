/**
 * @module `parseArtifactBundle`: what sentry-cli uploads (docs/protocol.md §5.5) — `SYSB`, a u32 version, then a ZIP
 * whose `manifest.json` names every file's type, URL and headers. Each file comes out with the debug ID it will
 * be found by: the `debug-id` header, else the `//# debugId=` comment of a script or the `debugId`/`debug_id` of a
 * map. Plain ZIPs (legacy release bundles) parse the same way. Contents are not kept: a file is inflated when its
 * debug ID must be read from it and again by `read()` when it is stored, so memory holds one file at a time.
 */
import { debugIdFromSource, normalizeDebugId } from '@faultline/pipeline/symbolicate';
import { readZip, ZipError } from './zip-reader.ts';

export class BundleError extends Error {}

export interface BundleFile {
  path: string;
  url: string | null;
  type: string;
  debugId: string | null;
  headers: Record<string, string>;
  /** Inflates the file (again); throws a BundleError if the archive lies about it. */
  read(): Promise<Buffer>;
}

export interface ArtifactBundle {
  bundleId: string | null;
  release: string | null;
  dist: string | null;
  files: BundleFile[];
}

const TYPES = new Set(['source', 'minified_source', 'source_map', 'indexed_ram_bundle']);

export async function parseArtifactBundle(data: Buffer): Promise<ArtifactBundle> {
  if (data.length >= 8 && data.toString('latin1', 0, 4) === 'SYSB') {
    const version = data.readUInt32LE(4);
    if (version !== 2) throw new BundleError(`unsupported artifact bundle version ${version} (expected 2)`);
  }
  let entries;
  try {
    entries = readZip(data);
  } catch (err) {
    if (err instanceof ZipError) throw new BundleError(`the artifact bundle is not a valid ZIP archive: ${err.message}`);
    throw err;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get('manifest.json');
  if (!manifestEntry) throw new BundleError('the artifact bundle has no manifest.json');
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse((await read(manifestEntry)).toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof BundleError) throw err;
    throw new BundleError(`manifest.json is not valid JSON (${(err as Error).message})`);
  }
  const listed = manifest.files && typeof manifest.files === 'object' ? (manifest.files as Record<string, Record<string, unknown>>) : {};
  const files: BundleFile[] = [];
  for (const [path, info] of Object.entries(listed)) {
    const entry = byName.get(path);
    if (!entry) throw new BundleError(`manifest.json lists ${path}, which is not in the archive`);
    const headers: Record<string, string> = {};
    if (info.headers && typeof info.headers === 'object') {
      for (const [k, v] of Object.entries(info.headers as Record<string, unknown>)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    }
    const type = typeof info.type === 'string' && TYPES.has(info.type) ? info.type : guessType(path);
    const debugId = normalizeDebugId(headers['debug-id']) ?? (type === 'source_map' || type === 'minified_source' || type === 'source' ? debugIdOf(type, await read(entry)) : null);
    files.push({ path, url: typeof info.url === 'string' ? info.url : null, type, debugId, headers, read: () => read(entry) });
  }
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { bundleId: normalizeDebugId(manifest.debug_id) ?? str(manifest.debug_id), release: str(manifest.release), dist: str(manifest.dist), files };
}

async function read(entry: { name: string; read(): Promise<Buffer> }): Promise<Buffer> {
  try {
    return await entry.read();
  } catch (err) {
    if (err instanceof ZipError) throw new BundleError(`the artifact bundle is damaged: ${err.message}`);
    throw err;
  }
}

function debugIdOf(type: string, content: Buffer): string | null {
  if (type === 'minified_source' || type === 'source') return debugIdFromSource(content.toString('utf8')) ?? null;
  if (type === 'source_map') {
    // A regex instead of JSON.parse: maps can be tens of megabytes and only this one key is needed.
    const m = /"debug_?[iI]d"\s*:\s*"([0-9a-fA-F-]{32,36})"/.exec(content.toString('utf8'));
    return normalizeDebugId(m?.[1]) ?? null;
  }
  return null;
}

function guessType(path: string): string {
  return path.endsWith('.map') ? 'source_map' : /\.(m|c)?js$/.test(path) ? 'minified_source' : 'source';
}
