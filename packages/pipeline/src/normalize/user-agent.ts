/**
 * @module `parseUserAgent`: browser, OS and device from a User-Agent header. The browser SDK never sends
 * `contexts.browser`/`os`/`device` (docs/protocol.md §3.1), so Relay derives them from `request.headers['User-Agent']`; so do we.
 * Names follow ua-parser (what Sentry shows: "Chrome Mobile", "Mobile Safari", "Mac OS X"). Parsed with
 * `indexOf` and digit scans, no regexes, so a hostile header costs linear time.
 */

export interface ParsedUserAgent {
  browser?: { name: string; version?: string };
  os?: { name: string; version?: string };
  device?: { family: string; model?: string; brand?: string };
}

/** Real User-Agents stay under ~600 characters; anything past this is noise or an attack. */
const MAX_UA_LENGTH = 1024;

export function parseUserAgent(userAgent: string): ParsedUserAgent {
  const ua = typeof userAgent === 'string' ? userAgent.slice(0, MAX_UA_LENGTH) : '';
  const result: ParsedUserAgent = {};
  const browser = parseBrowser(ua);
  if (browser !== undefined) result.browser = browser;
  const os = parseOs(ua);
  if (os !== undefined) result.os = os;
  const device = parseDevice(ua);
  if (device !== undefined) result.device = device;
  return result;
}

type Named = { name: string; version?: string };

function named(name: string, version: string | undefined): Named {
  return version ? { name, version } : { name };
}

function parseBrowser(ua: string): Named | undefined {
  const has = (token: string): boolean => ua.includes(token);
  const isIos = has('iPhone') || has('iPad') || has('iPod');
  for (const [token, name] of BROWSER_TOKENS) {
    const version = versionAfter(ua, token);
    if (version === undefined) continue;
    if (name === 'Firefox' && has('Android')) return named('Firefox Mobile', version);
    if (name === 'Chrome' && has('Android')) {
      if (has('; wv)')) return named('Chrome Mobile WebView', version);
      if (has('Mobile')) return named('Chrome Mobile', version);
    }
    return named(name, version);
  }
  const safariVersion = versionAfter(ua, 'Version/');
  if (isIos && has('AppleWebKit/')) {
    // An iOS app's WKWebView sends no Safari/ token and no Version/.
    return safariVersion !== undefined && has('Safari/') ? named('Mobile Safari', safariVersion) : named('Mobile Safari UI/WKWebView', undefined);
  }
  if (has('Safari/') && safariVersion !== undefined) return named('Safari', safariVersion);
  const msie = versionAfter(ua, 'MSIE ');
  if (msie !== undefined) return named('IE', msie);
  if (has('Trident/')) return named('IE', versionAfter(ua, 'rv:'));
  return undefined;
}

/**
 * Most specific first: Chromium-based browsers all also say `Chrome/`, and every WebKit browser says `Safari/`.
 */
const BROWSER_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ['Edg/', 'Edge'],
  ['EdgA/', 'Edge'],
  ['EdgiOS/', 'Edge'],
  ['Edge/', 'Edge'],
  ['OPR/', 'Opera'],
  ['OPT/', 'Opera'],
  ['SamsungBrowser/', 'Samsung Internet'],
  ['HeadlessChrome/', 'HeadlessChrome'],
  ['Chromium/', 'Chromium'],
  ['FxiOS/', 'Firefox iOS'],
  ['Firefox/', 'Firefox'],
  ['CriOS/', 'Chrome Mobile iOS'],
  ['Chrome/', 'Chrome'],
];

const WINDOWS_VERSIONS: Record<string, string> = {
  '10.0': '10', // Windows 11 reports 10.0 as well; only client hints tell them apart
  '6.3': '8.1',
  '6.2': '8',
  '6.1': '7',
  '6.0': 'Vista',
  '5.2': 'XP',
  '5.1': 'XP',
};

function parseOs(ua: string): Named | undefined {
  const windows = versionAfter(ua, 'Windows NT ');
  if (windows !== undefined) return named('Windows', Object.hasOwn(WINDOWS_VERSIONS, windows) ? WINDOWS_VERSIONS[windows] : windows);
  if (ua.includes('iPhone') || ua.includes('iPad') || ua.includes('iPod')) {
    return named('iOS', versionAfter(ua, 'iPhone OS ') ?? versionAfter(ua, 'CPU OS '));
  }
  const cros = ua.indexOf('CrOS ');
  if (cros !== -1) {
    // "CrOS x86_64 15633.69.0": the architecture comes first.
    const arch = ua.indexOf(' ', cros + 5);
    return named('Chrome OS', arch === -1 ? undefined : readVersion(ua, arch + 1));
  }
  const android = versionAfter(ua, 'Android ');
  if (android !== undefined || ua.includes('Android;')) return named('Android', android);
  const mac = versionAfter(ua, 'Mac OS X ');
  if (mac !== undefined || ua.includes('Macintosh')) return named('Mac OS X', mac);
  if (ua.includes('Ubuntu')) return named('Ubuntu', versionAfter(ua, 'Ubuntu/'));
  if (ua.includes('Linux')) return named('Linux', undefined);
  return undefined;
}

function parseDevice(ua: string): ParsedUserAgent['device'] {
  for (const family of ['iPhone', 'iPad', 'iPod']) {
    if (ua.includes(`(${family}`) || ua.includes(`; ${family}`)) return { family, model: family, brand: 'Apple' };
  }
  if (ua.includes('Macintosh')) return { family: 'Mac', model: 'Mac', brand: 'Apple' };
  const android = ua.indexOf('Android');
  if (android === -1) return undefined; // desktops: ua-parser says "Other", which Relay leaves out
  const model = androidModel(ua, android);
  if (model === undefined || model === 'K') {
    // Chrome's reduced User-Agent replaces the model with "K".
    return { family: ua.includes('Mobile') ? 'Generic Smartphone' : 'Generic Tablet' };
  }
  const brand = model.startsWith('SM-') || model.startsWith('SAMSUNG') ? 'Samsung' : model.startsWith('Pixel') ? 'Google' : undefined;
  return brand === undefined ? { family: model, model } : { family: model, model, brand };
}

/** "(Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv)" → "Pixel 8". */
function androidModel(ua: string, androidAt: number): string | undefined {
  const close = ua.indexOf(')', androidAt);
  const segments = ua.slice(androidAt, close === -1 ? ua.length : close).split(';');
  for (let i = 1; i < segments.length; i++) {
    let segment = segments[i].trim();
    if (segment === '' || segment === 'wv' || segment === 'U' || isLocale(segment)) continue;
    const build = segment.indexOf(' Build/');
    if (build !== -1) segment = segment.slice(0, build);
    else if (segment.startsWith('Build/')) continue;
    return segment.trim() || undefined;
  }
  return undefined;
}

function isLocale(segment: string): boolean {
  return segment.length === 5 && segment[2] === '-' && segment.toLowerCase() === segment;
}

/** The version right after `token`, or undefined if `token` isn't there ("" when it has no digits). */
function versionAfter(ua: string, token: string): string | undefined {
  const at = ua.indexOf(token);
  return at === -1 ? undefined : readVersion(ua, at + token.length);
}

/** Up to three dot- or underscore-separated numeric components ("17_5_1" → "17.5.1", "131.0.0.0" → "131.0.0"). */
function readVersion(ua: string, start: number): string {
  let end = start;
  let parts = 1;
  while (end < ua.length) {
    const c = ua.charCodeAt(end);
    if (c >= 0x30 && c <= 0x39) end++;
    else if ((c === 0x2e || c === 0x5f) && parts < 3 && end > start) {
      parts++;
      end++;
    } else break;
  }
  let version = ua.slice(start, end).replace(/_/g, '.');
  while (version.endsWith('.')) version = version.slice(0, -1);
  return version;
}
