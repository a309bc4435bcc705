/** @module DSN parsing as the JS SDK reads DSNs, and formatting back. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDsn, formatDsn } from '../src/index.ts';

describe('parseDsn', () => {
  it('parses a plain DSN', () => {
    assert.deepEqual(parseDsn('https://0123456789abcdef0123456789abcdef@faultline.example.com/1'), {
      protocol: 'https',
      publicKey: '0123456789abcdef0123456789abcdef',
      host: 'faultline.example.com',
      path: '',
      projectId: '1',
    });
  });

  it('parses port, path prefix and secret', () => {
    assert.deepEqual(parseDsn('http://pub:sec@127.0.0.1:9999/sentry/nested/42'), {
      protocol: 'http',
      publicKey: 'pub',
      secretKey: 'sec',
      host: '127.0.0.1',
      port: 9999,
      path: 'sentry/nested',
      projectId: '42',
    });
  });

  it('parses an IPv6 host', () => {
    const dsn = parseDsn('http://k@[::1]:8000/3');
    assert.equal(dsn?.host, '[::1]');
    assert.equal(dsn?.port, 8000);
  });

  it('keeps only the leading digits of the project id, like the SDK', () => {
    assert.equal(parseDsn('https://k@h/42abc')?.projectId, '42');
  });

  it('rejects what the SDK rejects', () => {
    for (const bad of [
      '',
      'not a dsn',
      'https://h/1', // no public key
      'ftp://k@h/1', // scheme
      'https://k@h/', // no project
      'https://k@h/project', // non-numeric project
      'https://k@h:port/1', // non-numeric port
      'https://k-ey@h/1', // key is \w+
    ]) {
      assert.equal(parseDsn(bad), null, bad);
    }
  });
});

describe('formatDsn', () => {
  it('formats with and without port and path', () => {
    assert.equal(formatDsn({ protocol: 'https', publicKey: 'k', host: 'h', projectId: '1' }), 'https://k@h/1');
    assert.equal(
      formatDsn({ protocol: 'http', publicKey: 'k', host: 'h', port: 9000, path: '/sentry/', projectId: 7 }),
      'http://k@h:9000/sentry/7',
    );
  });

  it('round-trips through parseDsn', () => {
    for (const s of ['https://abc@o1.ingest.example.com/5', 'http://k@[::1]:8000/a/b/3']) {
      const dsn = parseDsn(s);
      assert.ok(dsn);
      assert.equal(formatDsn(dsn), s);
    }
  });
});
