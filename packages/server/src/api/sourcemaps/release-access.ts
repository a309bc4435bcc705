/**
 * @module Who may see and change a release. Releases are named organization-wide (as in Sentry), but reach a
 * caller only through their projects:
 * - read (the release, its deploys, the files list): an admin, or a caller who sees one linked project;
 * - write (finalize, deploys, uploads, re-linking): an admin, or a caller who sees every *owner* — a project the
 *   release was created for or linked to through the API. A project that merely sent an event naming the release
 *   is linked but owns nothing, so an event can neither grant another team access nor lock the owners out.
 *   A release nobody owns yet (only events named it) can be written by anyone who can read it, and is claimed by
 *   the first link;
 * - link (create an existing version, add projects): the named projects must be visible (checked by the caller
 *   of `assertMayLink`) and the release, if it has owners, writable.
 * An invisible release is a 404, as if it did not exist; a visible one the caller may not change is a 403.
 */
import { getRelease, releaseProjects, upsertRelease, type OrgRow, type ReleaseProjectRow, type ReleaseRow } from '@faultline/store';
import { canSeeAnyProject, canSeeEveryProject, canSeeProject, type Principal } from '../../auth/principal.ts';
import type { Ctx } from '../../http/router.ts';
import { HttpError } from '../../http/respond.ts';
import { orgFromParams, projectFromParams } from '../access.ts';

export interface ReleaseAccess {
  org: OrgRow;
  release: ReleaseRow;
  /** Every linked project, owners and event-only links. */
  projects: ReleaseProjectRow[];
  /** The projects that own the release (linked through the API). */
  owners: ReleaseProjectRow[];
}

export function releaseOwners(projects: ReleaseProjectRow[]): ReleaseProjectRow[] {
  return projects.filter((p) => Number(p.explicit) === 1);
}

export function canReadRelease(p: Principal, projects: ReleaseProjectRow[]): boolean {
  return canSeeAnyProject(p, projects);
}

export function canWriteRelease(p: Principal, projects: ReleaseProjectRow[]): boolean {
  if (p.isAdmin) return true;
  const owners = releaseOwners(projects);
  return owners.length === 0 ? canReadRelease(p, projects) : canSeeEveryProject(p, owners);
}

function refused(version: string): HttpError {
  return new HttpError(403, `release ${JSON.stringify(version)} belongs to projects you cannot access: you may read it but not change it`);
}

/** Resolves `:org` + `:version` (and `:project` on the project-scoped paths older CLIs use) for reading or writing. */
export async function releaseFromParams(ctx: Ctx, need: 'read' | 'write' = 'read'): Promise<ReleaseAccess> {
  const org = ctx.params.project ? (await projectFromParams(ctx)).org : await orgFromParams(ctx);
  const version = ctx.params.version ?? '';
  const release = await getRelease(ctx.app.db, org.id, version);
  const projects = release ? await releaseProjects(ctx.app.db, release.id) : [];
  if (!release || !canReadRelease(ctx.principal!, projects)) throw new HttpError(404, `release ${JSON.stringify(version)} not found`);
  if (need === 'write' && !canWriteRelease(ctx.principal!, projects)) throw refused(version);
  return { org, release, projects, owners: releaseOwners(projects) };
}

/**
 * Refuses to link (visible) projects to an existing release whose owners the caller cannot all see: that would
 * hand the caller's projects the owners' files and symbolication. The answer does not say which projects.
 */
export async function assertMayLink(ctx: Ctx, org: OrgRow, version: string): Promise<void> {
  const release = await getRelease(ctx.app.db, org.id, version);
  if (!release || ctx.principal!.isAdmin) return;
  const owners = releaseOwners(await releaseProjects(ctx.app.db, release.id));
  if (owners.length > 0 && !canSeeEveryProject(ctx.principal!, owners)) throw refused(version);
}

/**
 * Before an upload to a release nobody owns yet: its linked projects the caller sees become its owners, so the
 * upload is used by exactly those projects' events (and an event-only link of another team is not promoted).
 * Returns the owners' ids.
 */
export async function claimRelease(ctx: Ctx, a: ReleaseAccess): Promise<number[]> {
  if (a.owners.length > 0) return a.owners.map((p) => Number(p.id));
  const mine = a.projects.filter((p) => canSeeProject(ctx.principal!, p)).map((p) => Number(p.id));
  if (mine.length > 0) await upsertRelease(ctx.app.db, a.org.id, a.release.version, { projectIds: mine });
  return mine;
}
