/** @module Where to go after signing in. `next` comes from the URL, so only same-site paths: no open redirect. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : '/issues/';
}
