/**
 * @module Which field names hold secrets. Matches Sentry's default server-side data scrubbing in spirit: a key
 * containing one of these words has its value replaced, wherever in the event it appears.
 */

const SENSITIVE = /pass(word|wd)?|secret|api[-_.]?key|apikey|auth|credential|private[-_.]?key|priv[-_.]?key|token|session|cookie|csrf|xsrf|card[-_.]?(number|no)|cc[-_.]?number|cvv|cvc|ssn|social[-_.]?security|mysql_pwd|stripe[-_.]?key/i;

/** Keys that contain a sensitive word but are known not to hold a secret. */
const SAFE = new Set(['session_id_hash', 'sessionsampled', 'author', 'authority', 'authors', 'oauth_provider', 'token_type', 'tokens_used']);

const verdicts = new Map<string, boolean>();

/** Keys repeat endlessly across events (`url`, `method`, `data`…), so verdicts are memoized (bounded). */
export function isSensitiveKey(key: string): boolean {
  let v = verdicts.get(key);
  if (v === undefined) {
    v = SENSITIVE.test(key) && !SAFE.has(key.toLowerCase());
    if (verdicts.size > 10_000) verdicts.clear();
    verdicts.set(key, v);
  }
  return v;
}

export const FILTERED = '[Filtered]';
