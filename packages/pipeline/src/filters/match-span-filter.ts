/**
 * @module `matchSpanFilter`: which of a project's inbound filters drops a standalone span (a v1 `span` item or a
 * span of SDK 11's v2 container), as Relay filters spans too. A span has no exception or message, so only
 * localhost (`client.address`, `url.full`/`http.url`), web crawlers and legacy browsers (`user_agent.original`)
 * and releases (the span's release) can match it; browser extensions and error messages never do. Pure.
 */
import type { NormalizedSpan } from '../tracing/span-model.ts';
import { globMatch } from './glob-match.ts';
import { hasInboundFilters, isLegacyBrowser, isLocalhostUrl, isWebCrawler } from './match-inbound-filter.ts';
import type { FilterOptions, FilterReason } from './filter-options.ts';

const attribute = (span: NormalizedSpan, key: string): string | undefined => {
  const v = span.data[key];
  return typeof v === 'string' ? v : undefined;
};

export function matchSpanFilter(span: NormalizedSpan, options: FilterOptions): FilterReason | undefined {
  if (!hasInboundFilters(options)) return undefined;
  const on = new Set(options.active);
  if (on.has('localhost')) {
    const ip = attribute(span, 'client.address');
    if (ip === '127.0.0.1' || ip === '::1' || isLocalhostUrl(attribute(span, 'url.full') ?? attribute(span, 'http.url'))) return 'localhost';
  }
  const ua = on.has('web-crawlers') || on.has('legacy-browsers') ? attribute(span, 'user_agent.original') : undefined;
  if (on.has('web-crawlers') && ua !== undefined && isWebCrawler(ua)) return 'web-crawlers';
  if (on.has('legacy-browsers') && ua !== undefined && isLegacyBrowser(ua)) return 'legacy-browsers';
  if (options.releases.length > 0 && span.release !== '' && options.releases.some((p) => globMatch(p, span.release))) return 'release-version';
  return undefined;
}
