/**
 * @module Seeded generators of hostile ingest requests: captured SDK envelopes mutated (byte flips, truncations,
 * bogus item lengths, wrong text encodings, broken compression, spliced and shuffled lines, mangled JSON), random
 * headers, and plain random bytes. Deterministic from a seed, so a failure can be replayed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { ROOT } from './child-server.ts';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for fuzzing. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

/** The captured SDK envelopes shipped in the repo (fixtures/sdk-11.12.0). */
export function loadFixtureEnvelopes(): Array<{ name: string; body: Buffer }> {
  const out: Array<{ name: string; body: Buffer }> = [];
  for (const folder of ['node', 'browser']) {
    const dir = join(ROOT, 'fixtures/sdk-11.12.0', folder);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.envelope')).sort()) out.push({ name: `${folder}/${f}`, body: readFileSync(join(dir, f)) });
  }
  return out;
}

export interface FuzzRequest {
  kind: string;
  path: 'envelope' | 'store';
  body: Buffer;
  headers: Record<string, string>;
  /** Put the DSN key in the query string (else only in whatever headers say). */
  keyInQuery: boolean;
}

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(rng, 256);
  return b;
}

const JUNK_VALUES: unknown[] = [
  null, true, false, 0, -1, 1e308, -1e-308, 2 ** 53 + 1, '', ' ', '\u0000', '\ud800', '😀'.repeat(50), 'x'.repeat(5000), [], {}, [[[[]]]],
  { type: 'event' }, { values: null }, { values: [null, 1, 'a'] }, { frames: [{}] }, '2026-13-45T99:99:99Z', 'NaN', '-Infinity', { __proto__: { x: 1 } },
  { constructor: { prototype: {} } }, Array.from({ length: 300 }, (_, i) => i),
];

function mutateJson(rng: Rng, value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return rng() < 0.3 ? pick(rng, JUNK_VALUES) : value;
  if (Array.isArray(value)) {
    const arr = value.map((v) => (rng() < 0.2 ? mutateJson(rng, v, depth + 1) : v));
    if (rng() < 0.1) arr.push(pick(rng, JUNK_VALUES));
    return rng() < 0.05 ? pick(rng, JUNK_VALUES) : arr;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const r = rng();
    if (r < 0.05) continue; // drop a key
    const key = r < 0.08 ? pick(rng, ['', '__proto__', 'constructor', k.toUpperCase(), `${k}\u0000`, '😀']) : k;
    out[key] = rng() < 0.25 ? mutateJson(rng, v, depth + 1) : v;
  }
  if (rng() < 0.1) out[pick(rng, ['exception', 'stacktrace', 'contexts', 'tags', 'extra', 'user', 'request', 'breadcrumbs', 'timestamp', 'level', 'fingerprint'])] = pick(rng, JUNK_VALUES);
  return out;
}

/** Splits an envelope into header line, and per item its header line and payload (best effort, by lengths or lines). */
function lines(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === 0x0a) {
      out.push(body.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < body.length || out.length === 0) out.push(body.subarray(start));
  return out;
}

const joinLines = (ls: Buffer[]) => Buffer.concat(ls.flatMap((l, i) => (i < ls.length - 1 ? [l, Buffer.from('\n')] : [l])));

const MUTATORS: Array<[string, (rng: Rng, body: Buffer) => Buffer]> = [
  ['byte-flips', (rng, body) => {
    const b = Buffer.from(body);
    const n = 1 + int(rng, 8);
    for (let i = 0; i < n && b.length; i++) b[int(rng, b.length)] = int(rng, 256);
    return b;
  }],
  ['bit-flip', (rng, body) => {
    const b = Buffer.from(body);
    if (b.length) b[int(rng, b.length)] ^= 1 << int(rng, 8);
    return b;
  }],
  ['truncate', (rng, body) => body.subarray(0, int(rng, body.length))],
  ['bogus-length', (rng, body) => {
    const s = body.toString('latin1');
    const lengths = [...s.matchAll(/"length":\s*\d+/g)];
    const replacement = `"length":${pick(rng, ['0', '-1', '1', '99999999999', '1e309', '"12"', 'null', '3.5', String(int(rng, 100000)), '18446744073709551616'])}`;
    if (lengths.length === 0) return Buffer.from(s.replace('{"type":', `{${replacement},"type":`), 'latin1');
    const m = pick(rng, lengths);
    return Buffer.from(s.slice(0, m.index) + replacement + s.slice(m.index! + m[0].length), 'latin1');
  }],
  ['length-off-by-k', (rng, body) => {
    const s = body.toString('latin1');
    return Buffer.from(s.replace(/"length":\s*(\d+)/, (_, n: string) => `"length":${Math.max(0, Number(n) + int(rng, 9) - 4)}`), 'latin1');
  }],
  ['utf16', (_rng, body) => Buffer.from(body.toString('utf8'), 'utf16le')],
  ['latin1-reencode', (_rng, body) => Buffer.from(body.toString('utf8').replace(/[a-z]/, 'é'), 'latin1')],
  ['invalid-utf8', (rng, body) => {
    const ls = lines(body);
    const i = int(rng, ls.length);
    ls[i] = Buffer.concat([ls[i]!, Buffer.from(pick(rng, [[0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28], [0xe2, 0x82]]))]);
    return joinLines(ls);
  }],
  ['bom', (_rng, body) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])],
  ['crlf', (_rng, body) => Buffer.from(body.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')],
  ['no-newlines', (_rng, body) => Buffer.from(body.toString('latin1').replace(/\n/g, ''), 'latin1')],
  ['shuffle-lines', (rng, body) => {
    const ls = lines(body);
    for (let i = ls.length - 1; i > 0; i--) {
      const j = int(rng, i + 1);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    }
    return joinLines(ls);
  }],
  ['duplicate-lines', (rng, body) => {
    const ls = lines(body);
    const i = int(rng, ls.length);
    ls.splice(i, 0, ...Array.from({ length: 1 + int(rng, 50) }, () => ls[i]!));
    return joinLines(ls);
  }],
  ['splice-item-header', (rng, body) => {
    const ls = lines(body);
    const header = JSON.stringify(mutateJson(rng, { type: pick(rng, ['event', 'transaction', 'attachment', 'session', 'sessions', 'span', 'replay_event', 'replay_recording', 'client_report', 'check_in', 'log', 'profile', 'unknown_type', '', 'EVENT']), length: int(rng, 40) }));
    ls.splice(1 + int(rng, ls.length), 0, Buffer.from(header), randomBytes(rng, int(rng, 40)));
    return joinLines(ls);
  }],
  ['mangle-json', (rng, body) => {
    const ls = lines(body).map((l) => {
      if (rng() < 0.5) return l;
      try {
        return Buffer.from(JSON.stringify(mutateJson(rng, JSON.parse(l.toString('utf8')))));
      } catch {
        return l;
      }
    });
    // Lengths no longer match mangled payloads: drop them so items are newline-delimited.
    return Buffer.from(joinLines(ls).toString('utf8').replace(/,?"length":\d+/g, ''));
  }],
  ['deep-nesting', (rng, body) => {
    const depth = pick(rng, [100, 127, 128, 129, 1000, 10_000]);
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const ev = Buffer.from(`{"exception":{"values":[{"type":"Deep","value":"x","stacktrace":{"frames":[{"vars":{"a":${nested}}}]}}]}}`);
    return Buffer.concat([lines(body)[0]!, Buffer.from(`\n{"type":"event","length":${ev.length}}\n`), ev, Buffer.from('\n')]);
  }],
  ['huge-string', (rng) => {
    const ev = Buffer.from(JSON.stringify({ message: 'x'.repeat(int(rng, 2_000_000)), extra: { k: 'é'.repeat(10_000) } }));
    return Buffer.concat([Buffer.from('{}\n{"type":"event"}\n'), ev]);
  }],
  ['many-items', (rng) => {
    const n = 1 + int(rng, 2000);
    const parts = [Buffer.from('{}\n')];
    for (let i = 0; i < n; i++) parts.push(Buffer.from(`{"type":"${pick(rng, ['session', 'client_report', 'attachment', 'span'])}","length":2}\n{}\n`));
    return Buffer.concat(parts);
  }],
  ['random-bytes', (rng) => randomBytes(rng, int(rng, 4096))],
  ['empty', () => Buffer.alloc(0)],
];

const CONTENT_TYPES = ['application/x-sentry-envelope', 'text/plain;charset=UTF-8', 'application/json', 'application/octet-stream', 'multipart/form-data; boundary=x', '', 'text/html; charset=utf-16', '\u00ff'];
const AUTH_HEADERS = [
  'Sentry sentry_key=KEY, sentry_version=7',
  'Sentry sentry_key=0123456789abcdef0123456789abcdef',
  'Sentry sentry_key=',
  'Sentry ,,,=,=',
  'Sentry sentry_key=KEY, sentry_key=other',
  `Sentry sentry_key=${'k'.repeat(3000)}`,
  'Bearer abc',
  'garbage',
];

/** Applies compression matching, contradicting or corrupting the Content-Encoding header. */
function encode(rng: Rng, body: Buffer, headers: Record<string, string>): Buffer {
  const r = rng();
  if (r < 0.55) return body;
  const enc = pick(rng, ['gzip', 'deflate', 'deflate-raw', 'br', 'lie', 'corrupt-gzip', 'unknown', 'double-gzip']);
  switch (enc) {
    case 'gzip':
      headers['content-encoding'] = 'gzip';
      return gzipSync(body);
    case 'deflate':
      headers['content-encoding'] = 'deflate';
      return deflateSync(body);
    case 'deflate-raw':
      headers['content-encoding'] = 'deflate';
      return deflateRawSync(body);
    case 'br':
      headers['content-encoding'] = 'br';
      return brotliCompressSync(body);
    case 'lie':
      headers['content-encoding'] = pick(rng, ['gzip', 'br', 'deflate']);
      return body;
    case 'corrupt-gzip': {
      headers['content-encoding'] = 'gzip';
      const z = gzipSync(body);
      const cut = z.subarray(0, Math.max(10, int(rng, z.length)));
      if (cut.length > 12 && rng() < 0.5) cut[10 + int(rng, cut.length - 10)] ^= 0xff;
      return cut;
    }
    case 'double-gzip':
      headers['content-encoding'] = 'gzip';
      return gzipSync(gzipSync(body));
    default:
      headers['content-encoding'] = pick(rng, ['zstd', 'compress', 'gzip, br', ' GZIP ', 'identity', 'utf-8', '*']);
      return body;
  }
}

export function fuzzRequest(rng: Rng, fixtures: Array<{ name: string; body: Buffer }>, publicKey: string): FuzzRequest {
  const fixture = pick(rng, fixtures);
  const [kind, mutate] = pick(rng, MUTATORS);
  let body = rng() < 0.1 ? fixture.body : mutate(rng, fixture.body);
  if (rng() < 0.15) body = pick(rng, MUTATORS)[1](rng, body); // sometimes two mutations
  const headers: Record<string, string> = {};
  if (rng() < 0.7) headers['content-type'] = pick(rng, CONTENT_TYPES);
  let keyInQuery = true;
  if (rng() < 0.15) {
    headers['x-sentry-auth'] = pick(rng, AUTH_HEADERS).replace('KEY', publicKey);
    keyInQuery = rng() < 0.5;
  }
  if (rng() < 0.05) headers['authorization'] = pick(rng, AUTH_HEADERS).replace('KEY', publicKey);
  if (rng() < 0.1) headers[`x-fuzz-${int(rng, 1000)}`] = randomBytes(rng, 20).toString('base64');
  if (rng() < 0.05) headers['x-forwarded-for'] = pick(rng, ['1.2.3.4', 'garbage', '::1, 10.0.0.1', '']);
  if (rng() < 0.05) headers['origin'] = pick(rng, ['http://evil.example', 'null', '']);
  body = encode(rng, body, headers);
  const path = rng() < 0.08 ? 'store' : 'envelope';
  return { kind: `${fixture.name}:${kind}${headers['content-encoding'] ? `+${headers['content-encoding']}` : ''}`, path, body, headers, keyInQuery };
}
