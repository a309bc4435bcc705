/** @module The signed-in frame: skip link, top bar with navigation and the user, and the main landmark. */
import { useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api-client.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { FormError } from './states.tsx';
import { Link, NavLink } from './link.tsx';

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  // The login page shows only once the server ended the session; a refused sign-out says so and keeps the user in.
  const signOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await session.signOut();
    } catch (err) {
      setSignOutError(`Sign-out failed, you are still signed in: ${err instanceof ApiError ? err.detail : String(err)}`);
      setSigningOut(false);
      return;
    }
    navigate('/login/');
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/issues/" className="brand" aria-label="Faultline home">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="var(--accent)" />
            <path d="M9 6h14v4H13.5v4.5H21v4h-7.5V26H9z" fill="#fff" />
          </svg>
          <span>Faultline</span>
        </Link>
        <nav aria-label="Main" className="mainnav">
          <NavLink to="/issues/">Issues</NavLink>
          <NavLink to="/performance/">Performance</NavLink>
          <NavLink to="/releases/">Releases</NavLink>
          <NavLink to="/replays/">Replays</NavLink>
          <NavLink to="/projects/" exact also={/^\/projects\/[^/]+\/$/}>
            Projects
          </NavLink>
          <NavLink to="/settings/" also={/^\/projects\/[^/]+\/(keys|alerts)(\/.*)?$/}>
            Settings
          </NavLink>
        </nav>
        <div className="topbar-user">
          <span className="topbar-email" title={session.user?.email}>
            {session.user?.email}
          </span>
          <button type="button" className="btn btn-ghost btn-small signout" onClick={signOut} disabled={signingOut}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" className="signout-icon">
              <path d="M6 2H3v12h3M10.5 4.5 14 8l-3.5 3.5M14 8H6" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
            <span className="signout-text">Sign out</span>
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <FormError error={signOutError} />
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ title, children, sub }: { title: ReactNode; sub?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {sub && <p className="page-sub">{sub}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
