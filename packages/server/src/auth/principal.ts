/** @module Who is calling the REST API: a signed-in user (cookie session) or an API token, and what it may do. */
import type { Scope } from './scopes.ts';

export interface Principal {
  userId: number | null;
  email: string | null;
  isAdmin: boolean;
  /** Team ids the caller may see; ignored for admins. */
  teamIds: number[];
  via: 'session' | 'token';
  /**
   * What the caller holds, with implied scopes added: a session has its role's scopes; a token its own, cut down to
   * what its owner's role allows (a member's token never gains more than the member).
   */
  scopes: ReadonlySet<Scope>;
  /** The scopes as granted (the token's list, or the role's), for display. */
  grantedScopes: readonly Scope[];
  csrfToken?: string;
  tokenId?: number;
}

export function canSeeProject(p: Principal, project: { team_id: number | null }): boolean {
  return p.isAdmin || (project.team_id !== null && p.teamIds.includes(project.team_id));
}

/**
 * Read access to something that belongs to projects (a release, an artifact bundle, a release file): an admin,
 * or a caller who sees at least one of them.
 */
export function canSeeAnyProject(p: Principal, projects: Array<{ team_id: number | null }>): boolean {
  return p.isAdmin || projects.some((x) => canSeeProject(p, x));
}

/** Write access to such a thing: an admin, or a caller who sees every one of them (and there is one). */
export function canSeeEveryProject(p: Principal, projects: Array<{ team_id: number | null }>): boolean {
  return p.isAdmin || (projects.length > 0 && projects.every((x) => canSeeProject(p, x)));
}

export function hasScope(p: Principal, scope: Scope): boolean {
  return p.scopes.has(scope);
}
