/** @module The inbound-filter matchers, the filter globs and the allowed-domains check. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { filterOptionsFromJson, globMatch, isAllowedOrigin, isLegacyBrowser, isWebCrawler, matchInboundFilter, parsePatternLines, type FilterOptions } from '../src/index.ts';
import { browserFrame, errorEvent, normalize } from './event-builders.ts';

const CHROME_131 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IE_11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

function options(over: Partial<FilterOptions>): FilterOptions {
  return { ...filterOptionsFromJson(null), ...over };
}

function browserEvent(extra: Record<string, unknown> = {}, frames = [browserFrame('render')], value = 'boom') {
  return normalize(errorEvent({ type: 'TypeError', value, frames }, 'javascript', { request: { url: 'https://app.example.com/checkout', headers: { 'User-Agent': CHROME_131 } }, ...extra }));
}

describe('globMatch', () => {
  it('matches * and ? anchored and case-insensitively, and nothing else', () => {
    assert.ok(globMatch('*ResizeObserver*', 'Error: resizeobserver loop limit exceeded'));
    assert.ok(globMatch('1.0.?', '1.0.7'));
    assert.ok(globMatch('beta-*', 'BETA-3'));
    assert.ok(!globMatch('beta-*', 'x-beta-3'), 'anchored at the start');
    assert.ok(!globMatch('*.js', 'a.json'), 'anchored at the end');
    assert.ok(!globMatch('1.0.?', '1.0.10'));
    assert.ok(globMatch('*', ''));
    assert.ok(!globMatch('a*a*a*a*a*b', 'a'.repeat(5000)), 'no catastrophic backtracking');
  });
});

describe('matchInboundFilter', () => {
  it('every filter off: nothing is dropped', () => {
    const event = browserEvent({ user: { ip_address: '127.0.0.1' }, release: 'beta-1' }, [browserFrame('x', 'chrome-extension://abc/content.js')]);
    assert.equal(matchInboundFilter(event, options({})), undefined);
  });

  it('browser-extensions: the throwing frame from an extension URL, or a known extension error', () => {
    const on = options({ active: ['browser-extensions'] });
    assert.equal(matchInboundFilter(browserEvent({}, [browserFrame('page'), browserFrame('inject', 'moz-extension://1234/inject.js')]), on), 'browser-extensions');
    assert.equal(matchInboundFilter(browserEvent({}, [browserFrame('a')], "Can't find variable: ZiteReader"), on), 'browser-extensions');
    assert.equal(matchInboundFilter(browserEvent({}, [browserFrame('inject', 'safari-web-extension://x/a.js'), browserFrame('page')]), on), undefined, 'the page threw');
    assert.equal(matchInboundFilter(browserEvent(), on), undefined);
  });

  it('localhost: the user IP or the request URL host', () => {
    const on = options({ active: ['localhost'] });
    assert.equal(matchInboundFilter(browserEvent({ user: { ip_address: '::1' } }), on), 'localhost');
    assert.equal(matchInboundFilter(browserEvent({ request: { url: 'http://localhost:3000/x' } }), on), 'localhost');
    assert.equal(matchInboundFilter(browserEvent({ request: { url: 'http://[::1]:8080/' } }), on), 'localhost');
    assert.equal(matchInboundFilter(browserEvent({ request: { url: 'http://app.localhost/' } }), on), 'localhost');
    assert.equal(matchInboundFilter(browserEvent({ user: { ip_address: '10.0.0.5' } }), on), undefined);
    assert.equal(matchInboundFilter(browserEvent({ request: { url: 'https://localhost.example.com/' } }), on), undefined);
  });

  it('web-crawlers: bot User-Agents, not browsers', () => {
    assert.ok(isWebCrawler(GOOGLEBOT));
    assert.ok(isWebCrawler('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'));
    assert.ok(isWebCrawler('facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'));
    assert.ok(!isWebCrawler(CHROME_131));
    assert.ok(!isWebCrawler('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'));
    const on = options({ active: ['web-crawlers'] });
    assert.equal(matchInboundFilter(browserEvent({ request: { headers: { 'user-agent': GOOGLEBOT } } }), on), 'web-crawlers');
    assert.equal(matchInboundFilter(browserEvent(), on), undefined);
  });

  it('legacy-browsers: IE, EdgeHTML, old Safari/Chrome/Firefox; current ones pass', () => {
    assert.ok(isLegacyBrowser(IE_11));
    assert.ok(isLegacyBrowser('Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)'));
    assert.ok(isLegacyBrowser('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.17763'));
    assert.ok(isLegacyBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/11.1.2 Safari/605.1.15'));
    assert.ok(isLegacyBrowser('Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/49.0.2623.112 Safari/537.36'));
    assert.ok(isLegacyBrowser('Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Firefox/52.0'));
    assert.ok(!isLegacyBrowser(CHROME_131));
    assert.ok(!isLegacyBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'));
    assert.ok(!isLegacyBrowser('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'));
    const on = options({ active: ['legacy-browsers'] });
    assert.equal(matchInboundFilter(browserEvent({ request: { headers: { 'User-Agent': IE_11 } } }), on), 'legacy-browsers');
  });

  it('error-message: globs against "Type: value" and the message', () => {
    const on = options({ errorMessages: parsePatternLines('*ResizeObserver loop*\n\n  TypeError: Failed to fetch  ', 'x') });
    assert.equal(matchInboundFilter(browserEvent({}, undefined, 'ResizeObserver loop limit exceeded'), on), 'error-message');
    assert.equal(matchInboundFilter(browserEvent({}, undefined, 'Failed to fetch'), on), 'error-message');
    assert.equal(matchInboundFilter(normalize({ message: 'ResizeObserver loop completed' }), on), 'error-message');
    assert.equal(matchInboundFilter(browserEvent({}, undefined, 'Failed to fetch /api'), on), undefined);
  });

  it('release-version: globs against the release', () => {
    const on = options({ releases: ['*-beta*', 'canary@1.?'] });
    assert.equal(matchInboundFilter(browserEvent({ release: 'web@2.0.0-beta.3' }), on), 'release-version');
    assert.equal(matchInboundFilter(browserEvent({ release: 'canary@1.4' }), on), 'release-version');
    assert.equal(matchInboundFilter(browserEvent({ release: 'web@2.0.0' }), on), undefined);
    assert.equal(matchInboundFilter(browserEvent(), on), undefined, 'no release: not filtered');
  });

  it('stored options: unknown filter ids and bad JSON fall back to defaults', () => {
    assert.deepEqual(filterOptionsFromJson('{"active":["localhost","nope"],"releases":["a",3]}'), { active: ['localhost'], errorMessages: [], releases: ['a'], allowedDomains: ['*'] });
    assert.deepEqual(filterOptionsFromJson('not json'), { active: [], errorMessages: [], releases: [], allowedDomains: ['*'] });
  });
});

describe('isAllowedOrigin', () => {
  const list = ['app.example.com', '*.example.org', 'localhost:3000'];
  it('allows listed hosts, subdomain globs and their apex, ports when named', () => {
    assert.ok(isAllowedOrigin('https://app.example.com', undefined, list));
    assert.ok(isAllowedOrigin('https://a.b.example.org', undefined, list));
    assert.ok(isAllowedOrigin('https://example.org', undefined, list));
    assert.ok(isAllowedOrigin('http://localhost:3000', undefined, list));
    assert.ok(isAllowedOrigin(undefined, 'https://app.example.com/page?x=1', list), 'Referer when there is no Origin');
    assert.ok(isAllowedOrigin(undefined, undefined, list), 'not a browser request');
    assert.ok(isAllowedOrigin('https://evil.test', undefined, ['*']));
  });
  it('refuses everything else', () => {
    assert.ok(!isAllowedOrigin('https://evil.test', undefined, list));
    assert.ok(!isAllowedOrigin('https://app.example.com.evil.test', undefined, list));
    assert.ok(!isAllowedOrigin('http://localhost:4000', undefined, list));
    assert.ok(!isAllowedOrigin(undefined, 'https://evil.test/', list));
    assert.ok(!isAllowedOrigin('not a url', undefined, list));
    assert.ok(!isAllowedOrigin('https://app.example.com', undefined, []), 'an empty list allows no browser');
  });
});
