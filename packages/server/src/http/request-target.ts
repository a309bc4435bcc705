/**
 * @module The request target (`req.url`) split into path and query by hand, for the requests where that gives what
 * `new URL` would: every ingest request pays for a URL object otherwise. Anything `new URL` would rewrite — a
 * `%`-escape, a dot segment, `//`, a backslash, a space or other character it percent-encodes, a fragment — is not
 * split here (null), and the caller builds the URL as before.
 */

/** Path characters `new URL` keeps as they are (RFC 3986 unreserved, sub-delims, `:`, `@`, `/`), and no `%`. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
/** A `.` or `..` segment, which `new URL` resolves away. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
/** Query characters `new URL` keeps as they are, `%` included (escapes stay escaped until the params are read). */
const PLAIN_QUERY = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?%[\]]*$/;

export interface RequestTarget {
  /** As `new URL(target, base).pathname` would give it. */
  pathname: string;
  /** The raw query string without its `?` ('' when none), as `new URL(target, base).search.slice(1)` would give it. */
  query: string;
}

export function splitTarget(target: string): RequestTarget | null {
  const q = target.indexOf('?');
  const pathname = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  if (!PLAIN_PATH.test(pathname) || DOT_SEGMENT.test(pathname)) return null;
  if (query !== '' && !PLAIN_QUERY.test(query)) return null;
  return { pathname, query };
}
