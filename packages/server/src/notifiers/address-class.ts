/**
 * @module `addressClass`: whether an IP address is public, or which non-public range it is in (loopback, private,
 * shared/CGNAT, link-local and the cloud metadata address, unique-local, unspecified, multicast, reserved). IPv6
 * forms that carry an IPv4 address — mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16` — are judged by that IPv4 address. Also `parseIp` / `parseCidr` / `inCidr`, which the
 * outbound policy's allow-list uses.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** 4 bytes (IPv4) or 16 bytes (IPv6). */
export type IpBytes = Uint8Array;

export interface Cidr {
  bytes: IpBytes;
  bits: number;
}

/** An IP literal (IPv6 with or without brackets and zone) as bytes; undefined for anything else. */
export function parseIp(text: string): IpBytes | undefined {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (isIPv4(s)) return Uint8Array.from(s.split('.').map(Number));
  if (!isIPv6(s)) return undefined;
  return parseIpv6(s);
}

function parseIpv6(text: string): IpBytes {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two more groups.
  if (s.includes('.', lastColon)) {
    const v4 = s.slice(lastColon + 1).split('.').map(Number);
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const double = s.indexOf('::');
  const left = groups(double === -1 ? s : s.slice(0, double));
  const right = double === -1 ? [] : groups(s.slice(double + 2));
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a single host). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (bitsText === undefined) return { bytes, bits: max };
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) return undefined;
  return { bytes, bits: Number(bitsText) };
}

export function inCidr(ip: IpBytes, cidr: Cidr): boolean {
  if (ip.length !== cidr.bytes.length) return false;
  return prefixMatches(ip, cidr.bytes, cidr.bits);
}

function prefixMatches(ip: IpBytes, prefix: ArrayLike<number>, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((ip[i / 8]! ^ (prefix[i / 8] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), if it is one of those forms. */
export function embeddedIpv4(ip: IpBytes): IpBytes | undefined {
  if (ip.length !== 16) return undefined;
  const zeros = (from: number, to: number) => ip.subarray(from, to).every((b) => b === 0);
  if (zeros(0, 10) && ip[10] === 0xff && ip[11] === 0xff) return ip.slice(12); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return ip.slice(12); // ::a.b.c.d (deprecated)
  if (prefixMatches(ip, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return ip.slice(12); // NAT64
  if (ip[0] === 0x20 && ip[1] === 0x02) return ip.slice(2, 6); // 6to4
  return undefined;
}

type Range = [prefix: number[], bits: number, what: string];

const V4: Range[] = [
  [[169, 254, 169, 254], 32, 'the cloud metadata address'],
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared (CGNAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const V6: Range[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'the cloud metadata address'],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'reserved'], // local-use NAT64
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'], // Teredo: the IPv4 inside is obfuscated
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
];

/** null for a public address; otherwise the kind of non-public address it is ("loopback", "private", …). */
export function addressClass(ip: IpBytes): string | null {
  if (ip.length === 16 && ip.subarray(0, 15).every((b) => b === 0) && ip[15]! <= 1) return ip[15] === 1 ? 'loopback' : 'unspecified';
  const v4 = ip.length === 4 ? ip : embeddedIpv4(ip);
  const ranges = v4 ? V4 : V6;
  const bytes = v4 ?? ip;
  for (const [prefix, bits, what] of ranges) if (prefixMatches(bytes, prefix, bits)) return what;
  return null;
}

export function formatIp(ip: IpBytes): string {
  if (ip.length === 4) return ip.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  return groups.join(':');
}
