/**
 * @module `searchFacets`: values of an event that issue search matches on (`user.email:`, `error.type:` …) but that
 * are not tags a user sees. Digest stores them next to the tag values; the tag views leave them out.
 */
import type { NormalizedEvent } from '@faultline/protocol';
import { toTagValue } from '../normalize/normalize-tags.ts';

/** Keys stored only for search; the tag APIs and distributions skip them. */
export const SEARCH_FACET_KEYS = ['user.id', 'user.email', 'user.username', 'user.ip', 'error.type'] as const;

export function isSearchFacetKey(key: string): boolean {
  return (SEARCH_FACET_KEYS as readonly string[]).includes(key);
}

export function searchFacets(event: NormalizedEvent): [string, string][] {
  const out: [string, string][] = [];
  const add = (key: string, value: unknown): void => {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const text = toTagValue(String(value));
    if (text !== undefined && !out.some(([k, v]) => k === key && v === text)) out.push([key, text]);
  };
  const user = event.user;
  if (user) {
    add('user.id', user.id);
    add('user.email', user.email);
    add('user.username', user.username);
    add('user.ip', user.ip_address);
  }
  for (const v of event.exception?.values ?? []) add('error.type', v.type);
  return out;
}
