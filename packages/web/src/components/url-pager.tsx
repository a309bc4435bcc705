/** @module Previous/next buttons for a list paged by the API's `Link` cursors; the cursor lives in the URL. */
import { navigate, useLocation, withParams } from '../lib/router.ts';

export interface UrlPagerProps {
  pages: { next: string | null; previous: string | null };
  label: string;
  previousText: string;
  nextText: string;
  /** Show even when there is no other page (e.g. a cursor in the URL points past the end). */
  force?: boolean;
}

export function UrlPager({ pages, label, previousText, nextText, force = false }: UrlPagerProps) {
  const { pathname, search } = useLocation();
  if (!pages.next && !pages.previous && !force) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="btn btn-small" disabled={!pages.previous} onClick={() => navigate(withParams(pathname, search, { cursor: pages.previous }))}>
        {previousText}
      </button>
      <button type="button" className="btn btn-small" disabled={!pages.next} onClick={() => navigate(withParams(pathname, search, { cursor: pages.next }))}>
        {nextText}
      </button>
    </nav>
  );
}
