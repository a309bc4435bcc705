/** @module An <a> that navigates client-side (plain clicks only: ctrl/cmd-click still opens a new tab). */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useLocation } from '../lib/router.ts';

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  replace?: boolean;
}

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** A navigation link that marks itself `aria-current="page"` when its path prefix (or `also`) matches. */
export function NavLink({ to, exact, also, ...rest }: LinkProps & { exact?: boolean; also?: RegExp }) {
  const { pathname } = useLocation();
  const base = to.split('?')[0]!;
  const active = (exact ? pathname === base : pathname.startsWith(base)) || (also?.test(pathname) ?? false);
  return <Link to={to} aria-current={active ? 'page' : undefined} {...rest} />;
}
