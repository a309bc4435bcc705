/**
 * SSRF through alert notifications: which addresses are non-public (every IPv6 form of an IPv4 address included),
 * and that a real listener on loopback is never reached — literal `127.0.0.1`, `[::ffff:127.0.0.1]`, the decimal
 * and hex forms, and `localhost`, which only the connect-time lookup can catch — unless the allow-list names it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressClass, parseIp } from '../src/notifiers/address-class.ts';
import { OutboundPolicy, OutboundPolicyError } from '../src/notifiers/outbound-policy.ts';
import { postJson } from '../src/notifiers/post-json.ts';

const cls = (ip: string) => addressClass(parseIp(ip)!);

describe('addressClass', () => {
  it('refuses every non-public range, also inside IPv6', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.1.2': 'loopback',
      '::1': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '[::ffff:7f00:1]': 'loopback',
      '::127.0.0.1': 'loopback',
      '2002:7f00:1::': 'loopback',
      '64:ff9b::7f00:1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '::ffff:192.168.1.1': 'private',
      '100.64.0.1': 'shared (CGNAT)',
      '100.127.255.255': 'shared (CGNAT)',
      '169.254.169.254': 'the cloud metadata address',
      '::ffff:169.254.169.254': 'the cloud metadata address',
      'fd00:ec2::254': 'the cloud metadata address',
      '169.254.1.1': 'link-local',
      'fe80::1%eth0': 'link-local',
      'fc00::1': 'unique-local',
      'fd12:3456::1': 'unique-local',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '224.0.0.1': 'multicast',
      'ff02::1': 'multicast',
      '255.255.255.255': 'reserved',
    };
    for (const [ip, what] of Object.entries(cases)) assert.equal(cls(ip), what, ip);
  });
  it('lets public addresses through', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '::ffff:8.8.8.8', '2606:4700:4700::1111', '64:ff9b::808:808']) assert.equal(cls(ip), null, ip);
  });
  it('parses only IP literals', () => {
    for (const s of ['localhost', '2130706433', '1.2.3', '::g', '']) assert.equal(parseIp(s), undefined, s);
  });
});

describe('OutboundPolicy', () => {
  it('refuses literal hosts the URL parser normalises (decimal, hex, octal, mapped IPv6)', () => {
    const policy = new OutboundPolicy(undefined);
    for (const url of ['http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:9/', 'http://10.0.0.1/']) {
      assert.match(policy.refuseLiteral(new URL(url)) ?? '', /^refused: /, url);
    }
    assert.equal(policy.refuseLiteral(new URL('https://hooks.slack.com/services/x')), null);
    assert.equal(policy.refuseLiteral(new URL('http://localhost/')), null, 'names are judged after resolution');
  });
  it('the allow-list takes CIDRs, addresses and host names', () => {
    const policy = new OutboundPolicy('10.0.0.0/8, 127.0.0.1, fd00::/8, hooks.internal, *.corp.example');
    assert.equal(policy.refuseLiteral(new URL('http://10.9.9.9/')), null);
    assert.equal(policy.refuseLiteral(new URL('http://[::ffff:127.0.0.1]/')), null, 'mapped form of an allowed IPv4 address');
    assert.equal(policy.refuseLiteral(new URL('http://[fd00::5]/')), null);
    assert.match(policy.refuseLiteral(new URL('http://127.0.0.2/')) ?? '', /loopback/);
    assert.match(policy.refuseLiteral(new URL('http://192.168.0.1/')) ?? '', /private/);
  });
  it('names a bad allow-list entry', () => {
    assert.throws(() => new OutboundPolicy('10.0.0.0/33'), OutboundPolicyError);
    assert.throws(() => new OutboundPolicy('http://x'), /"http:\/\/x" is neither/);
  });
});

describe('postJson against a listener on loopback', () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal secret: db password is hunter2');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const ctx = (allow?: string) => ({ signal: new AbortController().signal, timeoutMs: 5000, outbound: new OutboundPolicy(allow) });

  it('never reaches it by default, whatever form the address takes', async () => {
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', '0x7f000001', 'localhost']) {
      const r = await postJson(`http://${host}:${port}/hook`, '{}', {}, ctx());
      assert.equal(r.ok, false, host);
      assert.equal(r.responseCode, null, host);
      assert.equal(r.permanent, true, host);
      assert.match(r.error ?? '', /^refused: .*non-public|^refused: 127\.0\.0\.1 is a loopback address/, host);
    }
    const viaName = await postJson(`http://localhost:${port}/hook`, '{}', {}, ctx());
    assert.match(viaName.error ?? '', /^refused: localhost resolves to a non-public address/, 'the resolved address is not named');
    assert.equal(hits, 0, 'no request reached the listener');
  });

  it('reaches it when the allow-list names it, and keeps only the status line of the answer', async () => {
    const byCidr = await postJson(`http://127.0.0.1:${port}/hook`, '{}', {}, ctx('127.0.0.0/8'));
    assert.deepEqual([byCidr.responseCode, byCidr.error], [500, 'HTTP 500']);
    const byName = await postJson(`http://localhost:${port}/hook`, '{}', {}, ctx('localhost'));
    assert.deepEqual([byName.responseCode, byName.error], [500, 'HTTP 500']);
    assert.equal(hits, 2);
  });

  it('reports a closed port and an unknown host alike', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await postJson(`http://127.0.0.1:${closedPort}/`, '{}', {}, ctx('127.0.0.1'));
    const unknown = await postJson('http://no-such-host.invalid/', '{}', {}, ctx());
    assert.deepEqual([refused.error, refused.responseCode, refused.permanent], ['connection failed', null, false]);
    assert.deepEqual([unknown.error, unknown.responseCode, unknown.permanent], ['connection failed', null, false]);
  });
});
