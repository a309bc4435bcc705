/** @module A release version that links to its release page (artifact bundles, files, new issues). */
import { Link } from './link.tsx';

/** Versions may hold `@`, `+` or `/`, so the whole version is one encoded path segment. */
export function releasePath(version: string): string {
  return `/releases/${encodeURIComponent(version)}/`;
}

export function ReleaseLink({ version, className }: { version: string; className?: string }) {
  return (
    <Link to={releasePath(version)} className={className ? `release-link ${className}` : 'release-link'} title={`Release ${version}`}>
      {version}
    </Link>
  );
}
