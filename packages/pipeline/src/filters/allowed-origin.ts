/**
 * @module `isAllowedOrigin`: Sentry's `allowedDomains` check for a browser request. The host of `Origin` (else
 * `Referer`) must match one of the project's globs (`*` allows all; `*.example.com` also allows `example.com`;
 * a pattern with a port must match the port too). A request with neither header is not a browser's: allowed.
 */
import { globMatch } from './glob-match.ts';

export function isAllowedOrigin(origin: string | undefined, referer: string | undefined, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.includes('*')) return true;
  const source = origin && origin !== 'null' ? origin : referer;
  if (!source) return true;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const hostPort = url.port ? `${host}:${url.port}` : host;
  return allowedDomains.some((pattern) => {
    const p = pattern.toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
    const target = p.includes(':') ? hostPort : host;
    if (globMatch(p, target)) return true;
    return p.startsWith('*.') && target === p.slice(2);
  });
}
