/** @module parseUserAgent on real browser User-Agent strings. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserAgent } from '../src/index.ts';

const UAS: Array<[string, string, ReturnType<typeof parseUserAgent>]> = [
  [
    'Chrome on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    { browser: { name: 'Chrome', version: '131.0.0' }, os: { name: 'Windows', version: '10' } },
  ],
  [
    'Firefox on Linux',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    { browser: { name: 'Firefox', version: '133.0' }, os: { name: 'Linux' } },
  ],
  [
    'Firefox on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
    { browser: { name: 'Firefox', version: '133.0' }, os: { name: 'Mac OS X', version: '10.15' }, device: { family: 'Mac', model: 'Mac', brand: 'Apple' } },
  ],
  [
    'Safari on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    { browser: { name: 'Safari', version: '18.1' }, os: { name: 'Mac OS X', version: '10.15.7' }, device: { family: 'Mac', model: 'Mac', brand: 'Apple' } },
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    { browser: { name: 'Mobile Safari', version: '17.5' }, os: { name: 'iOS', version: '17.5.1' }, device: { family: 'iPhone', model: 'iPhone', brand: 'Apple' } },
  ],
  [
    'Safari on iPad',
    'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
    { browser: { name: 'Mobile Safari', version: '16.6' }, os: { name: 'iOS', version: '16.6' }, device: { family: 'iPad', model: 'iPad', brand: 'Apple' } },
  ],
  [
    'Chrome on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
    { browser: { name: 'Chrome Mobile iOS', version: '131.0.6778' }, os: { name: 'iOS', version: '17.5' }, device: { family: 'iPhone', model: 'iPhone', brand: 'Apple' } },
  ],
  [
    'Chrome on Android (Pixel)',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
    { browser: { name: 'Chrome Mobile', version: '131.0.6778' }, os: { name: 'Android', version: '14' }, device: { family: 'Pixel 8', model: 'Pixel 8', brand: 'Google' } },
  ],
  [
    'Chrome on Android (reduced User-Agent)',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    { browser: { name: 'Chrome Mobile', version: '131.0.0' }, os: { name: 'Android', version: '10' }, device: { family: 'Generic Smartphone' } },
  ],
  [
    'Samsung Internet',
    'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
    { browser: { name: 'Samsung Internet', version: '23.0' }, os: { name: 'Android', version: '13' }, device: { family: 'SM-S918B', model: 'SM-S918B', brand: 'Samsung' } },
  ],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
    { browser: { name: 'Edge', version: '131.0.2903' }, os: { name: 'Windows', version: '10' } },
  ],
  [
    'Opera on Windows 7',
    'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 OPR/100.0.0.0',
    { browser: { name: 'Opera', version: '100.0.0' }, os: { name: 'Windows', version: '7' } },
  ],
  [
    'HeadlessChrome (the captured fixtures)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
    { browser: { name: 'HeadlessChrome', version: '156.0.0' }, os: { name: 'Linux' } },
  ],
  [
    'Chromium on Ubuntu',
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.6099.224 Chrome/120.0.6099.224 Safari/537.36',
    { browser: { name: 'Chromium', version: '120.0.6099' }, os: { name: 'Ubuntu' } },
  ],
  [
    'Chrome on ChromeOS',
    'Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36',
    { browser: { name: 'Chrome', version: '119.0.6045' }, os: { name: 'Chrome OS', version: '15633.69.0' } },
  ],
];

describe('parseUserAgent', () => {
  for (const [name, ua, expected] of UAS) {
    it(name, () => assert.deepEqual(parseUserAgent(ua), expected));
  }

  it('returns nothing for a non-browser agent', () => {
    assert.deepEqual(parseUserAgent('curl/8.5.0'), {});
    assert.deepEqual(parseUserAgent(''), {});
  });

  it('stays fast on a huge hostile header', () => {
    const start = performance.now();
    parseUserAgent(`Mozilla/5.0 (${'Android; '.repeat(100_000)}) Chrome/${'1.'.repeat(100_000)}`);
    assert.ok(performance.now() - start < 200);
  });
});
