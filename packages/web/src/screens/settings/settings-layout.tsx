/** @module Settings pages share a side navigation: members, API tokens, usage stats, and each project's keys and alerts. */
import type { ReactNode } from 'react';
import type { Project } from '../../lib/api-types.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { NavLink } from '../../components/link.tsx';

export function SettingsLayout({ children }: { children: ReactNode }) {
  const org = useOrg();
  const projects = useApi<Project[]>(`/organizations/${org}/projects/`);
  return (
    <div className="settings-layout">
      <nav className="settings-nav" aria-label="Settings">
        <p className="settings-nav-title">Organization</p>
        <NavLink to="/settings/members/">Members</NavLink>
        <NavLink to="/settings/tokens/">API tokens</NavLink>
        <NavLink to="/settings/stats/">Stats</NavLink>
        <p className="settings-nav-title">Projects</p>
        {(projects.data ?? []).map((p) => (
          <NavLink key={p.id} to={`/projects/${p.slug}/keys/`} also={new RegExp(`^/projects/${p.slug}/alerts/`)}>
            {p.name}
          </NavLink>
        ))}
        {projects.data?.length === 0 && <span className="muted">No projects</span>}
      </nav>
      <div className="settings-body">{children}</div>
    </div>
  );
}
