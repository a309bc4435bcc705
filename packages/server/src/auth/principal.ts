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
