/**
 * The reporter's behaviour in a fake page (an EventTarget for window, a recording fetch): what the page-wide
 * handlers report and what they leave alone, dedupe, the per-page cap, sampling, beforeSend, rate limits, and that
 * nothing it is given makes it throw. Each test loads a fresh copy of the module (its state is per page).
 */
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseEnvelope } from '@faultline/protocol';
import type { ReporterEvent, ReporterOptions } from '../src/types.ts';

type Client = typeof import('../src/client.ts');

const DSN = 'https://pubkey@faultline.test/3';
const WIDGET = 'https://cdn.ghostgreeter.com/widget.js';
const SHOP = 'https://shop.example.com/app.js';
const THIS_FILE = fileURLToPath(import.meta.url);

interface Sent {
  url: string;
  init: RequestInit;
  event: ReporterEvent;
}

let page: EventTarget;
let sent: Sent[];
let respond: () => Response;
let loads = 0;

function install(): void {
  page = new EventTarget();
  sent = [];
  respond = () => new Response('{}', { status: 200 });
  const g = globalThis as Record<string, unknown>;
  g.addEventListener = page.addEventListener.bind(page);
  g.location = { href: 'https://shop.example.com/cart?step=2' };
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36' }, configurable: true });
  g.fetch = async (url: string, init: RequestInit) => {
    const env = parseEnvelope(new TextEncoder().encode(String(init.body)));
    sent.push({ url, init, event: JSON.parse(new TextDecoder().decode(env.items[0]!.payload)) as ReporterEvent });
    return respond();
  };
}

async function load(options: Partial<ReporterOptions> = {}): Promise<Client> {
  const client = (await import(`../src/client.ts?page=${++loads}`)) as Client;
  client.init({ dsn: DSN, allowUrls: [WIDGET], ...options });
  return client;
}

/** An error whose stack says where it was thrown (as an engine would print it). */
function thrownAt(file: string, message = 'boom', type = 'TypeError'): Error {
  const e = new Error(message);
  e.name = type;
  e.stack = `${type}: ${message}\n    at open (${file}:1:2044)\n    at HTMLButtonElement.<anonymous> (${file}:1:900)`;
  return e;
}

function fireError(error: unknown, extra: Record<string, unknown> = { message: `Uncaught ${String(error)}` }): void {
  page.dispatchEvent(Object.assign(new Event('error'), { error, filename: '', lineno: 0, colno: 0, ...extra }));
}

function fireRejection(reason: unknown): void {
  page.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason }));
}

/** Lets the fetch promise chains (response handling) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('reporter client', () => {
  beforeEach(install);

  it("reports the widget's uncaught error with frames, mechanism, request and SDK", async () => {
    await load({ release: 'widget@2.1.0' });
    fireError(thrownAt(WIDGET, "Cannot read properties of undefined (reading 'name')"));
    assert.equal(sent.length, 1);
    const { url, init, event } = sent[0]!;
    assert.match(url, /^https:\/\/faultline\.test\/api\/3\/envelope\/\?sentry_key=pubkey&sentry_version=7&sentry_client=faultline\.reporter\/0\.1\.0$/);
    assert.equal(init.method, 'POST');
    assert.equal(init.keepalive, true);
    assert.equal(init.headers, undefined, 'no custom headers: no preflight');
    assert.equal(typeof init.body, 'string');
    assert.match(event.event_id, /^[0-9a-f]{32}$/);
    assert.ok(Math.abs(event.timestamp - Date.now() / 1000) < 5, 'unix seconds');
    assert.equal(event.platform, 'javascript');
    assert.equal(event.level, 'error');
    assert.equal(event.release, 'widget@2.1.0');
    assert.equal(event.environment, 'production');
    assert.deepEqual(event.sdk, { name: 'faultline.javascript.reporter', version: '0.1.0' });
    assert.deepEqual(event.request, { url: 'https://shop.example.com/cart?step=2', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36' } });
    const x = event.exception!.values[0]!;
    assert.equal(x.type, 'TypeError');
    assert.equal(x.value, "Cannot read properties of undefined (reading 'name')");
    assert.deepEqual(x.mechanism, { type: 'onerror', handled: false });
    assert.deepEqual(x.stacktrace!.frames.map((f) => [f.function, f.filename, f.lineno, f.colno, f.in_app]), [
      ['HTMLButtonElement.<anonymous>', WIDGET, 1, 900, true],
      ['open', WIDGET, 1, 2044, true],
    ]);
  });

  it("never reports the host page's errors, rejections or cross-origin 'Script error.'", async () => {
    await load();
    fireError(thrownAt(SHOP));
    fireRejection(thrownAt(SHOP, 'checkout failed', 'Error'));
    fireError(null, { message: 'Script error.' });
    fireRejection('just a string');
    assert.equal(sent.length, 0);
  });

  it('judges by the frame that threw: a host callback failing under widget frames is not reported', async () => {
    await load();
    const e = new Error('host hook failed');
    e.stack = `Error: host hook failed\n    at onCall (${SHOP}:10:5)\n    at notify (${WIDGET}:1:300)`;
    fireError(e);
    assert.equal(sent.length, 0);
  });

  it('reports unhandled rejections and thrown non-errors from the widget file', async () => {
    await load();
    fireRejection(thrownAt(WIDGET, 'signaling socket closed', 'Error'));
    fireError('offline', { message: 'Uncaught offline', filename: WIDGET, lineno: 1, colno: 77 });
    assert.equal(sent.length, 2);
    const [rejection, nonError] = sent.map((s) => s.event.exception!.values[0]!);
    assert.deepEqual([rejection!.type, rejection!.value, rejection!.mechanism.type], ['Error', 'signaling socket closed', 'onunhandledrejection']);
    assert.deepEqual([nonError!.type, nonError!.value], ['Error', 'Uncaught offline']);
    assert.deepEqual(nonError!.stacktrace!.frames, [{ filename: WIDGET, function: '?', lineno: 1, colno: 77, in_app: true }]);
  });

  it('accepts patterns in allowUrls', async () => {
    await load({ allowUrls: [/ghostgreeter\.com\/widget/] });
    fireError(thrownAt(WIDGET));
    fireError(thrownAt(SHOP, 'other'));
    assert.equal(sent.length, 1);
  });

  it('defaults allowUrls to the script that called init', async () => {
    await load({ allowUrls: undefined });
    fireError(thrownAt(THIS_FILE));
    fireError(thrownAt(SHOP, 'other'));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.event.exception!.values[0]!.stacktrace!.frames[1]!.filename, THIS_FILE);
  });

  it('captureException and captureMessage report whatever the widget hands them, with tags, extra, user', async () => {
    const c = await load({ environment: 'staging' });
    c.setUser({ id: 'visitor-9' });
    c.setTag('site', 'shop.example.com');
    const id = c.captureException(thrownAt(SHOP, 'handled'), { tags: { step: 'pay' }, extra: { attempt: 2 } });
    c.captureMessage('agent unavailable', 'warning');
    c.captureMessage('plain');
    assert.equal(sent.length, 3);
    const [exc, warn, info] = sent.map((s) => s.event);
    assert.equal(exc!.event_id, id);
    assert.deepEqual(exc!.exception!.values[0]!.mechanism, { type: 'generic', handled: true });
    assert.deepEqual(exc!.tags, { site: 'shop.example.com', step: 'pay' });
    assert.deepEqual(exc!.extra, { attempt: 2 });
    assert.deepEqual(exc!.user, { id: 'visitor-9' });
    assert.equal(exc!.environment, 'staging');
    assert.deepEqual([warn!.message, warn!.level, warn!.exception], ['agent unavailable', 'warning', undefined]);
    assert.equal(info!.level, 'info');
    c.setUser(null);
    c.captureMessage('later');
    assert.equal(sent[3]!.event.user, undefined);
  });

  it('drops an identical error repeated back to back, but not one that comes back after another', async () => {
    await load();
    for (let i = 0; i < 5; i++) fireError(thrownAt(WIDGET, 'render loop'));
    fireError(thrownAt(WIDGET, 'other'));
    fireError(thrownAt(WIDGET, 'render loop'));
    assert.deepEqual(sent.map((s) => s.event.exception!.values[0]!.value), ['render loop', 'other', 'render loop']);
  });

  it('sends at most maxEvents per page (30 by default)', async () => {
    await load();
    for (let i = 0; i < 50; i++) fireError(thrownAt(WIDGET, `distinct ${i}`));
    assert.equal(sent.length, 30);
    install();
    const c = await load({ maxEvents: 2 });
    for (let i = 0; i < 5; i++) c.captureMessage(`m${i}`);
    assert.equal(sent.length, 2);
  });

  it('samples with sampleRate and lets beforeSend edit or drop', async () => {
    const c = await load({ sampleRate: 0 });
    c.captureMessage('never');
    assert.equal(sent.length, 0);
    install();
    const d = await load({ beforeSend: (e) => (e.message === 'secret' ? null : { ...e, tags: { ...e.tags, scrubbed: 'yes' } }) });
    d.captureMessage('secret');
    d.captureMessage('fine');
    assert.deepEqual(sent.map((s) => [s.event.message, s.event.tags.scrubbed]), [['fine', 'yes']]);
  });

  it('stops sending after a 429 until Retry-After has passed', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
    const c = await load();
    respond = () => new Response('{}', { status: 429, headers: { 'retry-after': '30' } });
    c.captureMessage('first');
    await settle();
    c.captureMessage('second');
    assert.equal(sent.length, 1);
    t.mock.timers.tick(31_000);
    respond = () => new Response('{}', { status: 200 });
    c.captureMessage('third');
    assert.deepEqual(sent.map((s) => s.event.message), ['first', 'third']);
  });

  it('honours X-Sentry-Rate-Limits for errors, and ignores limits on other categories', async (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
    const c = await load();
    respond = () => new Response('{}', { status: 200, headers: { 'x-sentry-rate-limits': '60:transaction:organization' } });
    c.captureMessage('a');
    await settle();
    respond = () => new Response('{}', { status: 429, headers: { 'x-sentry-rate-limits': '10:error;default:key:key_quota' } });
    c.captureMessage('b');
    await settle();
    c.captureMessage('c');
    t.mock.timers.tick(10_001);
    c.captureMessage('d');
    assert.deepEqual(sent.map((s) => s.event.message), ['a', 'b', 'd']);
  });

  it('keeps the last maxBreadcrumbs breadcrumbs, adds one per reported event, and records clicks only inside root', async () => {
    const c = await load({ maxBreadcrumbs: 3, root: '#gg-widget' });
    c.addBreadcrumb({ category: 'ws', message: 'connecting' });
    c.addBreadcrumb({ category: 'ws', message: 'connected', level: 'info' });
    const click = (inside: boolean, el: Record<string, unknown>) =>
      page.dispatchEvent(Object.defineProperty(new Event('click'), 'target', { value: { ...el, closest: (sel: string) => (inside && sel === '#gg-widget' ? {} : null) } }));
    click(true, { localName: 'button', id: 'call', className: 'gg-btn  primary' });
    click(false, { localName: 'a', id: 'checkout', className: '' });
    c.captureMessage('first');
    c.captureMessage('second');
    const crumbs = sent[1]!.event.breadcrumbs;
    assert.deepEqual(crumbs.map((b) => [b.category, b.message]), [
      ['ws', 'connected'],
      ['ui.click', 'button#call.gg-btn.primary'],
      ['sentry.event', 'first'],
    ]);
    assert.ok(crumbs.every((b) => typeof b.timestamp === 'number' && b.timestamp > 1e9 && b.timestamp < 1e11), 'unix seconds');
  });

  it('never throws into the page, whatever it is given or however the network fails', async () => {
    const c = await load({ beforeSend: () => { throw new Error('buggy beforeSend'); } });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
    assert.doesNotThrow(() => {
      c.captureException(undefined);
      c.captureException(null);
      c.captureException(hostile);
      c.captureException(new Error('x'), { extra: circular });
      c.captureMessage(Symbol('s') as unknown as string);
      fireError(hostile, { message: 'Uncaught [object]' });
      fireRejection(hostile);
    });
    install();
    (globalThis as Record<string, unknown>).fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const d = await load();
    let unhandled = 0;
    const count = () => unhandled++;
    process.on('unhandledRejection', count);
    d.captureMessage('offline');
    await settle();
    process.off('unhandledRejection', count);
    assert.equal(unhandled, 0);
    (globalThis as Record<string, unknown>).fetch = undefined;
    assert.doesNotThrow(() => d.captureMessage('no fetch at all'));
  });

  it('ignores a second init instead of doubling the handlers', async () => {
    const c = await load();
    c.init({ dsn: DSN, allowUrls: [WIDGET] });
    fireError(thrownAt(WIDGET));
    assert.equal(sent.length, 1);
  });
});
