/**
 * @module Sentry's API scope names, what each implies, and what a role may hold. A route names the scopes any one of
 * which lets a caller in (Sentry's permission classes list them the same way: e.g. a release upload accepts
 * `project:releases` or `project:write`); `admin` implies `write` implies `read` within one resource, as in Sentry.
 */

export const ALL_SCOPES = [
  'org:read',
  'org:write',
  'org:admin',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'team:read',
  'team:write',
  'team:admin',
  'event:read',
  'event:write',
  'event:admin',
  'member:read',
  'member:write',
  'member:admin',
  'alerts:read',
  'alerts:write',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

/**
 * What a route asks of its caller: one scope, or a list of which any one suffices. `none` only on routes without
 * authentication (public endpoints, ingest, which authenticates by DSN key).
 */
export type ScopeRequirement = Scope | readonly Scope[] | 'none';

/** Sentry's alert-rule permission: the project scopes or the alerts scopes. */
export const ALERTS_READ: readonly Scope[] = ['project:read', 'alerts:read'];
export const ALERTS_WRITE: readonly Scope[] = ['project:write', 'alerts:write'];

/** A non-admin member: everything in their teams' projects, nothing organization-wide (teams, members, settings). */
const MEMBER_SCOPES: readonly Scope[] = [
  'org:read',
  'project:read',
  'project:write',
  'project:admin',
  'project:releases',
  'team:read',
  'event:read',
  'event:write',
  'event:admin',
  'member:read',
  'alerts:read',
  'alerts:write',
];

/** Default for a token created without a scope list (Sentry's UI preselects the read scopes plus releases). */
export const DEFAULT_TOKEN_SCOPES: readonly Scope[] = ['org:read', 'project:read', 'project:write', 'project:releases', 'event:read', 'event:write', 'team:read', 'member:read'];

export function isScope(s: unknown): s is Scope {
  return typeof s === 'string' && (ALL_SCOPES as readonly string[]).includes(s);
}

export function roleScopes(isAdmin: boolean): readonly Scope[] {
  return isAdmin ? ALL_SCOPES : MEMBER_SCOPES;
}

/** Scopes as stored (a JSON list); anything unreadable or unknown grants nothing. */
export function parseScopes(json: string): Scope[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter(isScope) : [];
  } catch {
    return [];
  }
}

/** A scope list with everything it implies: `x:admin` → `x:write` → `x:read`. */
export function expandScopes(granted: Iterable<Scope>): Set<Scope> {
  const out = new Set<Scope>();
  for (const s of granted) {
    out.add(s);
    const [resource, level] = s.split(':') as [string, string];
    if (level === 'admin' || level === 'write') {
      for (const lower of level === 'admin' ? ['write', 'read'] : ['read']) {
        const implied = `${resource}:${lower}`;
        if (isScope(implied)) out.add(implied);
      }
    }
  }
  return out;
}

export function requiredScopes(req: ScopeRequirement): readonly Scope[] {
  if (req === 'none') return [];
  return typeof req === 'string' ? [req] : req;
}

export function satisfies(held: ReadonlySet<Scope>, req: ScopeRequirement): boolean {
  const any = requiredScopes(req);
  return any.length === 0 || any.some((s) => held.has(s));
}
