/**
 * @module URL rules of source-map lookup: which uploaded names a frame's `abs_path` may have been uploaded under,
 * how a relative `sources` entry or `sourceMappingURL` is joined to the file that named it, and where a bundle
 * says its map is. `~/` is Sentry's "any host" prefix and behaves like a root-relative URL.
 */
import { posix } from 'node:path';

/** `https://h/a/b.js?x#y` → `/a/b.js?x#y`; `~/a/b.js` → `/a/b.js`; a plain path stays as it is. */
export function stripHost(url: string): string {
  if (url.startsWith('~')) return url.slice(1);
  const i = url.indexOf('://');
  if (i === -1) return url;
  const slash = url.indexOf('/', i + 3);
  return slash === -1 ? '/' : url.slice(slash);
}

/**
 * Names a release file for this URL may have been uploaded under, most specific first (Sentry's
 * `ReleaseFile.normalize`): the full URL, without its query, then `~/path` with and without the query. File
 * paths (Node frames) also try each shorter tail as `~/tail`, since a bundle uploaded from `dist/` with
 * `--url-prefix '~/dist'` is named by its path inside the project, not by where the server runs it.
 */
export function releaseFileCandidates(absPath: string): string[] {
  const url = absPath.split('#')[0]!;
  const out: string[] = [];
  const add = (u: string) => {
    if (u && !out.includes(u)) out.push(u);
  };
  add(url);
  const noQuery = url.split('?')[0]!;
  add(noQuery);
  const rel = stripHost(url);
  const isPath = !url.includes('://') && !url.startsWith('~');
  if (url.startsWith('file://')) add(`~${stripHost(noQuery)}`);
  add(`~${rel.startsWith('/') ? '' : '/'}${rel}`);
  add(`~${stripHost(noQuery).replace(/^(?!\/)/, '/')}`);
  if (isPath || url.startsWith('file://') || url.startsWith('app://')) {
    const segments = stripHost(noQuery).split('/').filter(Boolean);
    for (let i = 1; i < segments.length && i <= 8; i++) add(`~/${segments.slice(i).join('/')}`);
  }
  return out;
}

/**
 * Joins `right` to the directory of `base`, as a browser would resolve it: URLs and `webpack:`/`data:` names are
 * kept, `/x` and `~/x` are root-relative, `..` never climbs above the host. `~/` bases stay `~/`.
 */
export function joinPaths(base: string, right: string): string {
  if (hasScheme(right)) return right;
  const rel = right.startsWith('~/') ? right.slice(1) : right;
  if (base.startsWith('~')) {
    const u = tryUrl(rel, `http://tilde.invalid${base.slice(1).replace(/^(?!\/)/, '/')}`);
    if (u) return `~${u.pathname}${u.search}`;
  } else if (hasScheme(base)) {
    const u = tryUrl(rel, base);
    if (u) return u.href;
  }
  return posix.normalize(rel.startsWith('/') ? rel : posix.join(posix.dirname(base), rel));
}

function hasScheme(s: string): boolean {
  // A Windows drive letter (`C:\\…`) is a path, not a scheme.
  return /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);
}

function tryUrl(rel: string, base: string): URL | undefined {
  try {
    return new URL(rel, base);
  } catch {
    return undefined;
  }
}

/**
 * The last `//# sourceMappingURL=` (or legacy `//@`) comment of a script. Searched from the end, where bundlers
 * write it, and only as a line comment, so the same text inside a string earlier in the bundle doesn't count.
 * An inline `data:` map can be megabytes long, so the search is by position rather than over a fixed tail.
 */
export function sourceMappingUrlOf(source: string): string | undefined {
  let at = source.length;
  for (let tries = 0; tries < 4; tries++) {
    at = source.lastIndexOf('sourceMappingURL=', at - 1);
    if (at < 3) return undefined;
    const lineStart = source.lastIndexOf('\n', at) + 1;
    if (/^\s*\/\/[#@]\s*$/.test(source.slice(lineStart, at))) {
      let end = source.indexOf('\n', at);
      if (end === -1) end = source.length;
      const url = source.slice(at + 'sourceMappingURL='.length, end).trim();
      return url || undefined;
    }
  }
  return undefined;
}

/** Decodes a `data:application/json[;charset=…][;base64],…` source map URL; undefined for other URLs. */
export function decodeDataUrl(url: string): string | undefined {
  const m = /^data:application\/json(?:;[^,;]*)*?(;base64)?,(.*)$/is.exec(url);
  if (!m) return undefined;
  return m[1] ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!);
}
