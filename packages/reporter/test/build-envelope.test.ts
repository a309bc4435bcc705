/**
 * Envelope building and the ingest URL, checked with Faultline's own protocol package: what the reporter writes
 * must parse exactly as the server's unchanged ingest parses SDK traffic.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authFromQuery, parseDsn, parseEnvelope } from '@faultline/protocol';
import { buildEnvelope } from '../src/build-envelope.ts';
import { ingestUrl } from '../src/ingest-url.ts';
import type { ReporterEvent } from '../src/types.ts';

const event: ReporterEvent = {
  event_id: '0123456789abcdef0123456789abcdef',
  timestamp: 1_767_225_600.25,
  platform: 'javascript',
  level: 'error',
  environment: 'production',
  release: 'widget@2.1.0',
  sdk: { name: 'faultline.javascript.reporter', version: '0.1.0' },
  request: { url: 'https://shop.example.com/cart?x=1', headers: { 'User-Agent': 'Mozilla/5.0' } },
  exception: {
    values: [
      {
        type: 'TypeError',
        value: 'line one\nline two "quoted" \u2028 ünïcödé',
        stacktrace: { frames: [{ filename: 'https://cdn.ghostgreeter.com/widget.js', function: 'open', lineno: 1, colno: 2044, in_app: true }] },
        mechanism: { type: 'onerror', handled: false },
      },
    ],
  },
  breadcrumbs: [{ timestamp: 1_767_225_599, category: 'ui.click', message: 'button#call' }],
  tags: { site: 'shop' },
};

describe('buildEnvelope', () => {
  it('frames one event item the way the ingest parses it, byte for byte', () => {
    const body = buildEnvelope(event, new Date('2026-01-01T00:00:01.000Z'));
    const env = parseEnvelope(new TextEncoder().encode(body));
    assert.deepEqual(env.headers, { event_id: event.event_id, sent_at: '2026-01-01T00:00:01.000Z' });
    assert.equal(env.items.length, 1);
    assert.deepEqual(env.items[0]!.headers, { type: 'event' });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(env.items[0]!.payload)), event);
  });

  it('is a plain string with no raw newline inside a JSON line (the body is text/plain: no CORS preflight)', () => {
    const lines = buildEnvelope(event).split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) JSON.parse(line);
  });
});

describe('ingestUrl', () => {
  it('puts key, version and client in the query string of the envelope endpoint', () => {
    const u = new URL(ingestUrl('https://abc123@faultline.example.com/42', '0.1.0'));
    assert.equal(`${u.origin}${u.pathname}`, 'https://faultline.example.com/api/42/envelope/');
    assert.deepEqual(authFromQuery(u.searchParams), { sentry_key: 'abc123', sentry_version: '7', sentry_client: 'faultline.reporter/0.1.0' });
  });

  it('keeps a port and a path prefix, as the SDK does', () => {
    assert.match(ingestUrl('http://k@127.0.0.1:8000/sentry/3', '1'), /^http:\/\/127\.0\.0\.1:8000\/sentry\/api\/3\/envelope\/\?sentry_key=k&/);
  });

  it('agrees with the protocol package on every DSN the UI shows', () => {
    for (const dsn of ['https://0f1e2d3c4b5a69788796a5b4c3d2e1f0@errors.ghostgreeter.com/7', 'http://k1@localhost:9000/1', 'https://k@h.example/a/b/12']) {
      const d = parseDsn(dsn)!;
      const u = new URL(ingestUrl(dsn, '0.1.0'));
      assert.equal(u.searchParams.get('sentry_key'), d.publicKey);
      assert.ok(u.pathname.endsWith(`/api/${d.projectId}/envelope/`), u.pathname);
    }
  });
});
