/**
 * @module How long to stop sending after a response, read the way the Sentry SDKs read it (docs/protocol.md §4.2):
 * `X-Sentry-Rate-Limits` first (on any status), else `Retry-After` (seconds or an HTTP date), else 60 s on a 429.
 */

/** Seconds to stay quiet; 0 = keep sending. Only limits that cover errors (or every category) count. */
export function backoffSeconds(status: number, header: (name: string) => string | null, now = Date.now()): number {
  const limits = header('x-sentry-rate-limits');
  if (limits) {
    let seconds = 0;
    for (const limit of limits.split(',')) {
      const [after, categories] = limit.split(':');
      if (!categories || categories.includes('error')) seconds = Math.max(seconds, +after! || 0);
    }
    return seconds;
  }
  const retryAfter = header('retry-after');
  const seconds = retryAfter ? +retryAfter || (Date.parse(retryAfter) - now) / 1e3 : 0;
  return seconds > 0 ? seconds : status == 429 ? 60 : 0;
}
