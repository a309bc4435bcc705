/**
 * @module Debug IDs: the UUID a build tool stamps into a bundle and its source map so an event can name the
 * exact map it needs. Events, manifests and maps spell them differently (dashes, case, `debugId` vs `debug_id`);
 * everything here compares the canonical form.
 */

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * Lowercase, dashed UUID form, or undefined when the value isn't one. Sentry compares case-insensitively and
 * ignores dashes; PE/Breakpad-style ids carry an `-age` suffix after the UUID, which JS never uses but is tolerated.
 */
export function normalizeDebugId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.trim().toLowerCase().replace(/-/g, '').slice(0, 32);
  if (!HEX32.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `//# debugId=<id>` comment that `sentry-cli sourcemaps inject` and the bundler plugins append to a bundle. */
export function debugIdFromSource(source: string): string | undefined {
  // Only the tail is searched: the comment is always written at the end and bundles can be megabytes.
  const tail = source.length > 4096 ? source.slice(-4096) : source;
  const m = /\/\/# debugId=([0-9a-fA-F-]{32,36})\s*$/m.exec(tail);
  return m ? normalizeDebugId(m[1]) : undefined;
}

/** A source map's debug ID: CLI 3.x writes `debugId` (ECMA-426), CLI 2.x wrote `debug_id`; plugins write both. */
export function debugIdFromSourceMap(map: Record<string, unknown>): string | undefined {
  return normalizeDebugId(map.debugId) ?? normalizeDebugId(map.debug_id);
}
