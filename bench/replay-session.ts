/**
 * @module A synthetic 10-minute browser session as @sentry/browser's replayIntegration sends it: one envelope per
 * 5-second segment (a `replay_event` and a zlib-compressed `replay_recording`), 120 segments. Segment 0 carries the
 * full snapshot of a page of ~1,500 nodes (masked text, as `maskAllText` sends it); the others mouse moves, scrolls,
 * DOM mutations and breadcrumbs (clicks, navigations, console, fetches), some with a dead click. Seeded, so every run
 * sends the same bytes.
 */
import { deflateSync } from 'node:zlib';
import { seededRandom } from './random.ts';

export const SEGMENT_SECONDS = 5;
export const SESSION_SEGMENTS = 120;

export interface SegmentEnvelope {
  body: Buffer;
  /** The recording item's payload as sent (header line + compressed body) and its rrweb JSON's size. */
  recordingBytes: number;
  jsonBytes: number;
}

const mask = (s: string) => s.replace(/\S/g, '*');

function node(id: { n: number }, rng: () => number, depth: number): Record<string, unknown> {
  const own = id.n++;
  if (depth > 5 || rng() < 0.25) return { type: 3, id: own, textContent: mask(`Agent greeting line ${own} for the caller`) };
  const tag = ['div', 'span', 'li', 'button', 'a', 'p', 'section'][Math.floor(rng() * 7)]!;
  const childNodes = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => node(id, rng, depth + 1));
  return { type: 2, id: own, tagName: tag, attributes: { class: `gg-${tag}-${own % 40}`, 'data-testid': `n${own}` }, childNodes };
}

function fullSnapshot(t: number, rng: () => number): unknown[] {
  const id = { n: 3 };
  const body = { type: 2, id: 2, tagName: 'body', attributes: {}, childNodes: Array.from({ length: 60 }, () => node(id, rng, 0)) };
  return [
    { type: 4, timestamp: t, data: { href: 'https://greeter.example/calls', width: 1280, height: 800 } },
    { type: 2, timestamp: t + 1, data: { node: { type: 0, id: 1, childNodes: [body] }, initialOffset: { left: 0, top: 0 } } },
  ];
}

function incremental(t: number, n: number, rng: () => number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 40; i++) out.push({ type: 3, timestamp: t + i * 120, data: { source: 1, positions: Array.from({ length: 6 }, (_, k) => ({ x: Math.floor(rng() * 1280), y: Math.floor(rng() * 800), id: 3 + Math.floor(rng() * 1400), timeOffset: -k * 20 })) } });
  for (let i = 0; i < 8; i++) out.push({ type: 3, timestamp: t + i * 600, data: { source: 0, texts: [{ id: 10 + i, value: mask(`status ${n}.${i} updated`) }], attributes: [{ id: 20 + i, attributes: { class: `gg-row-${n % 7}` } }], removes: [], adds: [{ parentId: 2, nextId: null, node: { type: 2, id: 100_000 + n * 10 + i, tagName: 'li', attributes: {}, childNodes: [] } }] } });
  out.push({ type: 3, timestamp: t + 2500, data: { source: 3, id: 1, x: 0, y: Math.floor(rng() * 4000) } });
  const crumb = (dt: number, payload: Record<string, unknown>) => out.push({ type: 5, timestamp: t + dt, data: { tag: 'breadcrumb', payload: { timestamp: (t + dt) / 1000, type: 'default', ...payload } } });
  crumb(300, { category: 'ui.click', message: `body > div.gg-div-${n % 40} > button#greet-${n % 12}`, data: { nodeId: 40 + (n % 12) } });
  crumb(900, { category: 'console', level: 'log', message: `greeting ${n} rendered`, data: { logger: 'console', arguments: [`greeting ${n} rendered`] } });
  if (n % 10 === 0) crumb(1200, { category: 'navigation', data: { from: `/calls/${n - 1}`, to: `/calls/${n}` } });
  if (n % 25 === 0) crumb(1500, { category: 'ui.slowClickDetected', message: 'button#save', data: { node: { id: 55, tagName: 'button', textContent: '****', attributes: { id: 'save' } }, endReason: 'timeout', timeAfterClickMs: 7000, clickCount: 5, url: 'https://greeter.example/calls' } });
  out.push({ type: 5, timestamp: t + 2000, data: { tag: 'performanceSpan', payload: { op: 'resource.fetch', description: `https://api.greeter.example/calls/${n}/notes`, startTimestamp: (t + 2000) / 1000, endTimestamp: (t + 2140) / 1000, data: { method: 'GET', statusCode: 200, request: { size: 0 }, response: { size: 2048 } } } } });
  return out;
}

/** Segment `n` of session `replayId` (a 32-hex id), started at `t0` ms, as one envelope body. */
export function segmentEnvelope(replayId: string, n: number, t0: number, seed: number): SegmentEnvelope {
  const rng = seededRandom(seed * 1000 + n);
  const t = t0 + n * SEGMENT_SECONDS * 1000;
  const json = Buffer.from(JSON.stringify(n === 0 ? [...fullSnapshot(t, rng), ...incremental(t + 10, n, rng)] : incremental(t, n, rng)));
  const recording = Buffer.concat([Buffer.from(`${JSON.stringify({ segment_id: n })}\n`), deflateSync(json)]);
  const event = Buffer.from(
    JSON.stringify({
      type: 'replay_event', replay_id: replayId, event_id: replayId, segment_id: n, replay_type: 'session', platform: 'javascript',
      replay_start_timestamp: t0 / 1000, timestamp: (t + SEGMENT_SECONDS * 1000) / 1000, urls: n % 10 === 0 ? [`https://greeter.example/calls/${n}`] : [],
      error_ids: [], trace_ids: [], environment: 'production', release: 'greeter@2.4.1', sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
      user: { email: 'agent@example.com' }, request: { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36' } },
    }),
  );
  const item = (type: string, payload: Buffer) => [Buffer.from(`${JSON.stringify({ type, length: payload.byteLength })}\n`), payload, Buffer.from('\n')];
  const body = Buffer.concat([Buffer.from(`${JSON.stringify({ event_id: replayId, sent_at: new Date(t).toISOString() })}\n`), ...item('replay_event', event), ...item('replay_recording', recording)]);
  return { body, recordingBytes: recording.byteLength, jsonBytes: json.byteLength };
}
