/**
 * @module `matchInboundFilter`: which of a project's inbound filters drops a normalized event, if any (its
 * reason is the `filtered` outcome's). Runs in digest after normalization and before scrubbing (the localhost
 * filter needs the IP scrubbing may remove), grouping and storing. Pure: the event is not changed.
 */
import type { NormalizedEvent, StackFrame } from '@faultline/protocol';
import { findHeader } from '../normalize/normalize-request.ts';
import { parseUserAgent } from '../normalize/user-agent.ts';
import { globMatch } from './glob-match.ts';
import type { FilterOptions, FilterReason } from './filter-options.ts';

/** Whether any inbound filter is on (none is, by default): digest normalizes a transaction for them only then. */
export function hasInboundFilters(options: FilterOptions): boolean {
  return options.active.length > 0 || options.errorMessages.length > 0 || options.releases.length > 0;
}

/**
 * Error events and transactions alike, as Relay filters both: a transaction has no exception or message, so only
 * localhost, web crawlers, legacy browsers and releases can match it.
 */
export function matchInboundFilter(event: NormalizedEvent, options: FilterOptions): FilterReason | undefined {
  // Digest asks this of every error event; with every filter off (the default) it costs nothing more.
  if (!hasInboundFilters(options)) return undefined;
  const on = new Set(options.active);
  if (on.has('browser-extensions') && isFromBrowserExtension(event)) return 'browser-extensions';
  if (on.has('localhost') && isFromLocalhost(event)) return 'localhost';
  const ua = on.has('web-crawlers') || on.has('legacy-browsers') ? findHeader(event.request?.headers, 'user-agent') : undefined;
  if (on.has('web-crawlers') && ua !== undefined && isWebCrawler(ua)) return 'web-crawlers';
  if (on.has('legacy-browsers') && ua !== undefined && isLegacyBrowser(ua)) return 'legacy-browsers';
  if (options.errorMessages.length > 0 && errorMessagesOf(event).some((m) => options.errorMessages.some((p) => globMatch(p, m)))) return 'error-message';
  if (options.releases.length > 0 && event.release !== undefined && options.releases.some((p) => globMatch(p, event.release!))) return 'release-version';
  return undefined;
}

/** Error values extensions and injected scripts are known to throw (a substring of the exception's value). */
const EXTENSION_MESSAGES = [
  'top.GLOBALS',
  'originalCreateNotification',
  'canvas.contentDocument',
  'MyApp_RemoveAllHighlights',
  'atomicFindClose',
  'fb_xd_fragment',
  'bmi_SafeAddOnload',
  'EBCallBackMessageReceived',
  'conduitPage',
  '_gCrWeb',
  "Can't find variable: ZiteReader",
  'jigsaw is not defined',
  'ComboSearch is not defined',
  'window.ethereum',
];

/** URL schemes (or hosts) of scripts that are the browser's or an extension's, not the page's. */
const EXTENSION_SOURCES = [
  'chrome-extension://',
  'moz-extension://',
  'safari-extension://',
  'safari-web-extension://',
  'ms-browser-extension://',
  'webkit-masked-url://',
  'chrome://',
  'resource://',
];

export function isFromBrowserExtension(event: NormalizedEvent): boolean {
  for (const ex of event.exception?.values ?? []) {
    const value = ex.value ?? '';
    if (EXTENSION_MESSAGES.some((m) => value.includes(m))) return true;
    // The frame that threw (the last one) decides: an extension's script on top of the page's is the extension's.
    const frames = ex.stacktrace?.frames ?? [];
    const top = frames[frames.length - 1];
    if (top && isExtensionFrame(top)) return true;
  }
  return false;
}

function isExtensionFrame(frame: StackFrame): boolean {
  const path = (frame.abs_path ?? frame.filename ?? '').toLowerCase();
  return EXTENSION_SOURCES.some((s) => path.startsWith(s));
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isFromLocalhost(event: NormalizedEvent): boolean {
  const ip = event.user?.ip_address;
  if (ip === '127.0.0.1' || ip === '::1') return true;
  return isLocalhostUrl(event.request?.url);
}

/** Whether a URL's host is this machine (localhost, a loopback address or a `*.localhost` name). */
export function isLocalhostUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
}

/** Lower-case User-Agent substrings of crawlers, monitors and link unfurlers (not of headless test browsers). */
const CRAWLER_TOKENS = [
  'bot',
  'crawl',
  'spider',
  'slurp',
  'mediapartners-google',
  'facebookexternalhit',
  'facebookcatalog',
  'ia_archiver',
  'feedfetcher',
  'pingdom',
  'uptimerobot',
  'lighthouse',
  'embedly',
  'bitlybot',
  'whatsapp',
  'skypeuripreview',
  'qwantify',
];

export function isWebCrawler(userAgent: string): boolean {
  const ua = userAgent.slice(0, 1024).toLowerCase();
  // "Cubot" and similar phone makers contain "bot"; they also say "Mobile" with a real browser token.
  if (ua.includes('cubot')) return false;
  return CRAWLER_TOKENS.some((t) => ua.includes(t));
}

/**
 * Faultline's legacy set (Sentry lets one pick per browser; here it is one switch): every Internet Explorer
 * (11 was the last), EdgeHTML Edge (≤ 18), Safari and Mobile Safari before 12, Chrome before 70, Firefox before 60,
 * Opera before 50, and the pre-Chrome Android Browser.
 */
const MIN_MAJOR: Record<string, number> = {
  Edge: 79,
  Safari: 12,
  'Mobile Safari': 12,
  Chrome: 70,
  'Chrome Mobile': 70,
  Firefox: 60,
  'Firefox Mobile': 60,
  Opera: 50,
};

export function isLegacyBrowser(userAgent: string): boolean {
  const browser = parseUserAgent(userAgent).browser;
  if (browser === undefined) {
    // The old AOSP browser: "Android" + "Version/4.x" + "Safari", no Chrome token.
    return userAgent.includes('Android') && userAgent.includes('Version/4.') && !userAgent.includes('Chrome/');
  }
  if (browser.name === 'IE') return true;
  const min = MIN_MAJOR[browser.name];
  const major = Number.parseInt(browser.version ?? '', 10);
  return min !== undefined && Number.isFinite(major) && major < min;
}

/** What the error-message globs are matched against: "Type: value" per exception (or either alone), and the message. */
export function errorMessagesOf(event: NormalizedEvent): string[] {
  const out: string[] = [];
  for (const ex of event.exception?.values ?? []) {
    if (ex.type && ex.value) out.push(`${ex.type}: ${ex.value}`);
    else if (ex.type || ex.value) out.push(ex.type ?? ex.value!);
  }
  const message = event.logentry?.formatted ?? event.logentry?.message;
  if (message) out.push(message);
  return out;
}
