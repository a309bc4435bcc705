/** @module The tabs of one project's settings: its client keys, its alerts, its inbound filters, its issue grouping (fingerprint rules) and its data retention. */
import { NavLink } from '../../components/link.tsx';

export function ProjectSettingsTabs({ slug }: { slug: string }) {
  return (
    <nav className="tabs project-tabs" aria-label="Project settings">
      <NavLink to={`/projects/${slug}/keys/`}>Client keys</NavLink>
      <NavLink to={`/projects/${slug}/alerts/`}>Alerts</NavLink>
      <NavLink to={`/projects/${slug}/filters/`}>Filters</NavLink>
      <NavLink to={`/projects/${slug}/grouping/`}>Grouping</NavLink>
      <NavLink to={`/projects/${slug}/retention/`}>Retention</NavLink>
    </nav>
  );
}
