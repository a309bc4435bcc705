/**
 * @module Which of two releases is later. Semantic versions (with an optional `package@` prefix) compare by
 * version; anything else by when Faultline first saw the release, as Sentry does for non-semver releases.
 */
const SEMVER = /^(?:[^@]+@)?v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseSemver(v: string): [number, number, number, string | undefined] | null {
  const m = SEMVER.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4]] : null;
}

/** >0 when a is later than b, <0 when earlier, 0 when equal; null when semver can't decide. */
export function compareSemver(a: string, b: string): number | null {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (!pa || !pb) return null;
  const pkgA = a.includes('@') ? a.slice(0, a.indexOf('@')) : '';
  const pkgB = b.includes('@') ? b.slice(0, b.indexOf('@')) : '';
  if (pkgA !== pkgB) return null;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  if (pa[3] === pb[3]) return 0;
  if (pa[3] === undefined) return 1; // a release beats its own pre-releases
  if (pb[3] === undefined) return -1;
  return pa[3] < pb[3] ? -1 : 1;
}

/** When Faultline first saw a stored release (and its id, to order two seen in the same millisecond). */
export interface ReleaseSeen {
  date_created: number;
  id: number;
}

/**
 * Is `candidate` later than `baseline`? Semver decides when it can; otherwise the release first seen later is.
 * `seen` finds a stored release by version; a candidate not in it is about to be created by the event that
 * names it, so it is later than anything stored.
 */
export function isLaterRelease(candidate: string, baseline: string, seen: (version: string) => ReleaseSeen | undefined): boolean {
  if (candidate === baseline) return false;
  const semver = compareSemver(candidate, baseline);
  if (semver !== null) return semver > 0;
  const c = seen(candidate);
  const b = seen(baseline);
  if (!c || !b) return true;
  return c.date_created > b.date_created || (c.date_created === b.date_created && c.id > b.id);
}
