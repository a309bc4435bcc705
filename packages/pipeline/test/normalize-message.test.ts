/** @module docs/protocol.md §6 Step 5: placeholders one by one, the two-line cut, and linear time on hostile input. */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeMessage } from '../src/index.ts';

describe('normalizeMessage placeholders', () => {
  const cases: Array<[string, string, string]> = [
    ['email', 'no account for jane.doe+x@example.co.uk', 'no account for <email>'],
    ['url', 'GET https://api.example.com/v1/rooms?id=5 failed', 'GET <url> failed'],
    ['hostname', 'cannot resolve db.internal.example.com', 'cannot resolve <hostname>'],
    ['ipv4', 'peer 192.168.1.20 left', 'peer <ip> left'],
    ['ipv6', 'peer 2001:db8::1 left', 'peer <ip> left'],
    ['traceparent', 'bad header 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'bad header <traceparent>'],
    ['uuid', 'room 550e8400-e29b-41d4-a716-446655440000 closed', 'room <uuid> closed'],
    ['sha1', 'commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 missing', 'commit <sha1> missing'],
    ['md5', 'blob d41d8cd98f00b204e9800998ecf8427e missing', 'blob <md5> missing'],
    ['RFC 3339 date', 'expired at 2026-11-22T22:26:40.782Z', 'expired at <date>'],
    ['plain date', 'report for 2026-11-22', 'report for <date>'],
    ['RFC 1123 date', 'since Mon, 02 Jan 2006 15:04:05 MST', 'since <date>'],
    ['clock time', 'retry at 12:30 PM', 'retry at <date>'],
    ['duration ms', 'took 350ms', 'took <duration>'],
    ['duration s', 'took 1.5s', 'took <duration>'],
    ['0x hex', 'bad pointer 0x7ffee4b2', 'bad pointer <hex>'],
    ['8-digit hex', 'request 1a2b3c4d failed', 'request <hex> failed'],
    ['float', 'ratio -0.75 out of range', 'ratio <float> out of range'],
    ['int', 'status 503 after 3 tries', 'status <int> after <int> tries'],
    ['quoted value', "user='bob' not found", "user='<quoted>' not found"],
    ['double-quoted value', 'key="a b" missing', 'key="<quoted>" missing'],
    ['bool value', 'flags enabled=true cached=false', 'flags enabled=<bool> cached=<bool>'],
  ];
  for (const [name, input, expected] of cases) {
    it(`replaces ${name}`, () => assert.equal(normalizeMessage(input), expected));
  }

  it('leaves prose, quoted prose and hex-looking words alone', () => {
    for (const text of ["Cannot read properties of null (reading 'visitor')", 'deadbeef is a word', 'file index.mjs failed']) {
      assert.equal(normalizeMessage(text), text);
    }
  });
});

describe('normalizeMessage line cut', () => {
  it('keeps the first two non-empty lines and marks the cut', () => {
    assert.equal(normalizeMessage('first\n\n  \nsecond\nthird\nfourth'), 'first\nsecond...');
  });

  it('adds nothing when nothing was cut', () => {
    assert.equal(normalizeMessage('first\nsecond\n'), 'first\nsecond');
    assert.equal(normalizeMessage('  only line  '), 'only line');
  });

  it('cuts before replacing, so a number on line three does not matter', () => {
    assert.equal(normalizeMessage('a\nb\nid 7'), normalizeMessage('a\nb\nid 8'));
  });
});

describe('normalizeMessage cost', () => {
  it('stays linear on 16 KiB of hostile input', () => {
    const hostile = ['a.'.repeat(8192), '1'.repeat(16383) + 'x', 'a@'.repeat(8192), '1:'.repeat(8192), "='".repeat(8192), 'Jan  '.repeat(3000), 'x@y.'.repeat(4096), 'ab:'.repeat(5000), '-1.'.repeat(5000)];
    const start = performance.now();
    for (const text of hostile) normalizeMessage(text);
    // A backtracking blow-up on any of these takes seconds to minutes; linear work takes a few ms each.
    assert.ok(performance.now() - start < 1000, `took ${performance.now() - start} ms`);
  });
});
