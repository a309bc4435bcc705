/** @module Who is calling the REST API: a signed-in user (cookie session) or an API token. */
export interface Principal {
  userId: number | null;
  email: string | null;
  isAdmin: boolean;
  /** Team ids the caller may see; ignored for admins. */
  teamIds: number[];
  via: 'session' | 'token';
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
