/**
 * @module Which of two releases is later. Semantic versions (with an optional `package@` prefix) compare by
 * version; anything else by when Faultline first saw the release, as Sentry does for non-semver releases.
 */
import type { Db } from '../db/db.ts';

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

export async function isLaterRelease(db: Db, orgId: number, candidate: string, baseline: string): Promise<boolean> {
  if (candidate === baseline) return false;
  const semver = compareSemver(candidate, baseline);
  if (semver !== null) return semver > 0;
  const rows = await db.all<{ version: string; date_created: number; id: number }>(
    'SELECT version, date_created, id FROM releases WHERE org_id = ? AND version IN (?, ?)',
    [orgId, candidate, baseline],
  );
  const c = rows.find((r) => r.version === candidate);
  const b = rows.find((r) => r.version === baseline);
  if (!c) return false;
  if (!b) return true;
  return c.date_created > b.date_created || (c.date_created === b.date_created && c.id > b.id);
}

/**
 * Records a release the first time an event names it (first/last event times kept up to date) and links the
 * event's project — as a non-owner: an event naming a release grants its project nothing (release-owners).
 */
export async function touchRelease(db: Db, orgId: number, projectId: number, version: string, ts: number): Promise<void> {
  await db.run(
    `INSERT INTO releases (org_id, version, date_created, first_event, last_event) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (org_id, version) DO UPDATE SET last_event = CASE WHEN releases.last_event IS NULL OR releases.last_event < excluded.last_event THEN excluded.last_event ELSE releases.last_event END,
       first_event = CASE WHEN releases.first_event IS NULL OR releases.first_event > excluded.first_event THEN excluded.first_event ELSE releases.first_event END`,
    [orgId, version, Date.now(), ts, ts],
  );
  await db.run(
    `INSERT INTO release_projects (release_id, project_id, explicit) SELECT id, ?, 0 FROM releases WHERE org_id = ? AND version = ?
     ON CONFLICT (release_id, project_id) DO NOTHING`,
    [projectId, orgId, version],
  );
}
