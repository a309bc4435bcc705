/** @module The release JSON sentry-cli, the bundler plugins and the UI read (Sentry's release serializer, subset). */
import { listDeploys, releaseCommitSummary, releaseProjects, type Db, type DeployRow, type ReleaseRow } from '@faultline/store';
import { canSeeProject, type Principal } from '../../auth/principal.ts';
import { iso } from '../serialize.ts';
import { serializeCommit } from './release-commits.ts';

/** Lists only the linked projects the caller sees (another team's project is not revealed). */
export async function serializeRelease(db: Db, r: ReleaseRow, viewer: Principal) {
  const projects = (await releaseProjects(db, r.id)).filter((p) => canSeeProject(viewer, p));
  const deploys = await listDeploys(db, r.id);
  const commits = await releaseCommitSummary(db, r.id);
  const data = parse(r.data);
  const at = r.version.indexOf('@');
  const pkg = at > 0 ? r.version.slice(0, at) : null;
  return {
    id: Number(r.id),
    version: r.version,
    shortVersion: r.version,
    versionInfo: { package: pkg, version: { raw: at > 0 ? r.version.slice(at + 1) : r.version }, description: r.version, buildHash: null },
    ref: typeof data.ref === 'string' ? data.ref : null,
    url: typeof data.url === 'string' ? data.url : null,
    status: 'open',
    dateCreated: iso(r.date_created),
    dateReleased: iso(r.date_released),
    firstEvent: iso(r.first_event),
    lastEvent: iso(r.last_event),
    newGroups: projects.reduce((s, p) => s + Number(p.new_groups), 0),
    commitCount: commits.count,
    lastCommit: commits.last ? serializeCommit(commits.last) : null,
    authors: commits.authors,
    deployCount: deploys.length,
    lastDeploy: deploys[0] ? serializeDeploy(deploys[0]) : null,
    projects: projects.map((p) => ({ id: Number(p.id), slug: p.slug, name: p.name, platform: p.platform, platforms: p.platform ? [p.platform] : [], newGroups: Number(p.new_groups), hasHealthData: false })),
    data,
  };
}

export function serializeDeploy(d: DeployRow) {
  return { id: String(d.id), environment: d.environment, name: d.name, url: d.url, dateStarted: iso(d.date_started), dateFinished: iso(d.date_finished) };
}

function parse(s: string | null): Record<string, unknown> {
  try {
    const v = JSON.parse(s ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
