/**
 * @module The `X-Sentry-Rate-Limits` header (docs/protocol.md §4.3), written the way Relay writes it:
 * `{secs}:{cat;cat}:{scope}[:{reason}]` joined with `, `. The JS SDK splits on `,` and `:` without trimming
 * category names, so a space anywhere inside a limit would make it miss; `formatRateLimits` refuses to write one.
 */

export type RateLimitScope = 'organization' | 'project' | 'key';

export interface RateLimit {
  /** Seconds. Written rounded up: the JS SDK reads it with `parseInt`, so 0.5 would become no limit at all. */
  retryAfter: number;
  /** Data categories (JS spelling, see data-category.ts); empty means every category. */
  categories: string[];
  /** SDKs ignore it; Relay sends it, so we do. */
  scope: RateLimitScope;
  /** An opaque reason code such as `usage_exceeded`; SDKs ignore it. */
  reason?: string;
}

const SCOPES: ReadonlySet<string> = new Set<RateLimitScope>(['organization', 'project', 'key']);
// Characters that would break the grammar if they appeared in a category or reason.
const UNSAFE = /[\s,:;]/;

/** Format limits for `X-Sentry-Rate-Limits`. Throws `TypeError` on a category or reason the grammar can't carry. */
export function formatRateLimits(limits: readonly RateLimit[]): string {
  return limits.map(formatOne).join(', ');
}

function formatOne(limit: RateLimit): string {
  if (!Number.isFinite(limit.retryAfter)) throw new TypeError(`retryAfter must be finite, got ${limit.retryAfter}`);
  for (const c of limit.categories) {
    if (c === '' || UNSAFE.test(c)) throw new TypeError(`invalid rate-limit category ${JSON.stringify(c)}`);
  }
  if (limit.reason !== undefined && (limit.reason === '' || UNSAFE.test(limit.reason))) {
    throw new TypeError(`invalid rate-limit reason ${JSON.stringify(limit.reason)}`);
  }
  const secs = Math.max(0, Math.ceil(limit.retryAfter));
  const base = `${secs}:${limit.categories.join(';')}:${limit.scope}`;
  return limit.reason === undefined ? base : `${base}:${limit.reason}`;
}

/**
 * Parse an `X-Sentry-Rate-Limits` value. Limits that can't be read (a retry-after that is not a number, an
 * unknown scope) are skipped rather than guessed at; the legacy `namespaces` field and anything after it is
 * ignored, as the grammar allows.
 */
export function parseRateLimits(header: string): RateLimit[] {
  const out: RateLimit[] = [];
  for (const raw of header.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const [secs, categories = '', scope = '', reason] = part.split(':');
    const retryAfter = Number(secs);
    if (secs.trim() === '' || !Number.isFinite(retryAfter) || !SCOPES.has(scope)) continue;
    const limit: RateLimit = {
      retryAfter,
      categories: categories.split(';').filter((c) => c !== ''),
      scope: scope as RateLimitScope,
    };
    if (reason) limit.reason = reason;
    out.push(limit);
  }
  return out;
}
