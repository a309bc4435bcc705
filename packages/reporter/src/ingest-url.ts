/** @module The envelope endpoint for a DSN, with the auth in the query string (docs/protocol.md §1.1–1.2). */

/**
 * `https://key@host[:port][/prefix]/42` → `https://host[:port][/prefix]/api/42/envelope/?sentry_key=key&…`.
 * Auth goes in the query string, never in a header: with a text body and no custom headers the POST is a CORS
 * simple request, so a customer page pays no preflight round trip.
 */
export function ingestUrl(dsn: string, version: string): string {
  const u = new URL(dsn);
  const path = u.pathname.split('/');
  const project = path.pop();
  return `${u.protocol}//${u.host}${path.join('/')}/api/${project}/envelope/?sentry_key=${u.username}&sentry_version=7&sentry_client=faultline.reporter/${version}`;
}
