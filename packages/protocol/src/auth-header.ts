/**
 * @module Reading Sentry auth (docs/protocol.md §1.2) from the three places a client may put it: the `X-Sentry-Auth` header and
 * `Authorization: Sentry …` (same grammar, used by non-JS SDKs and the OTLP exporter), and the query string
 * (every JS transport, because a query string avoids a CORS preflight). Checking that the sources agree and
 * that the key exists is the server's job.
 */

/** Keys a client can send; others are kept by `parseSentryAuth` but mean nothing to Sentry. */
export interface SentryAuth {
  sentry_key?: string;
  sentry_version?: string;
  sentry_client?: string;
}

// Relay splits on the first space and compares the prefix case-insensitively; extra blanks are tolerated here.
const PREFIX = /^\s*sentry\s+/i;

/**
 * Parse `Sentry sentry_version=7, sentry_client=…, sentry_key=…` into its pairs. Null when the `Sentry ` prefix
 * is missing (a Bearer token, say, which is the API's business, not ingest's). Pairs are trimmed; a later
 * duplicate wins, as in Relay; a part without `=` gets the empty value.
 */
export function parseSentryAuth(value: string): Record<string, string> | null {
  const prefix = PREFIX.exec(value);
  if (!prefix) return null;
  const out: Record<string, string> = {};
  for (const part of value.slice(prefix[0].length).split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    if (key === '') continue;
    const val = eq === -1 ? '' : part.slice(eq + 1).trim();
    // defineProperty, not assignment: a `__proto__` key from the wire must stay a plain key.
    Object.defineProperty(out, key, { value: val, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The auth the JS SDK puts in the ingest URL (`?sentry_version=7&sentry_key=…&sentry_client=…`), from parsed
 * params or from the raw query string (without its `?`; ingest's hot path reads it so and builds no URL).
 * Empty values count as absent; of repeated keys the first counts, as `URLSearchParams.get` has it.
 */
export function authFromQuery(query: URLSearchParams | string): SentryAuth {
  const out: SentryAuth = {};
  for (const key of ['sentry_key', 'sentry_version', 'sentry_client'] as const) {
    const v = typeof query === 'string' ? queryParam(query, key) : query.get(key);
    if (v) out[key] = v;
  }
  return out;
}

const NEEDS_DECODING = /[%+]/;

/**
 * The first value of `name` in a raw query string (what follows the target's first `?`), exactly as the URL's
 * `searchParams.get(name)` gives it; null when absent. A plain `key=value` pair is read in place; a pair with `%` or `+` in it is decoded by
 * `URLSearchParams` itself, so escapes, `+` for a space and malformed `%` sequences read the same.
 */
export function queryParam(query: string, name: string): string | null {
  let start = 0;
  while (start < query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      const pair = query.slice(start, end);
      if (NEEDS_DECODING.test(pair)) {
        // The `?` is one URLSearchParams strips from its input: a pair starting with `?` must keep its own.
        for (const [key, value] of new URLSearchParams(`?${pair}`)) if (key === name) return value;
      } else {
        const eq = pair.indexOf('=');
        if ((eq === -1 ? pair.length : eq) === name.length && pair.startsWith(name)) return eq === -1 ? '' : pair.slice(eq + 1);
      }
    }
    start = end + 1;
  }
  return null;
}
