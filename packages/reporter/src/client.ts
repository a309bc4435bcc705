/**
 * @module The reporter's state and its one capture path: filter, sample, dedupe, cap, back off, send.
 * Every entry point swallows its own failures: this code runs inside other people's pages, and a reporter that
 * throws there is worse than no reporter.
 */
import { backoffSeconds } from './backoff-seconds.ts';
import { buildEnvelope } from './build-envelope.ts';
import { ingestUrl } from './ingest-url.ts';
import { parseStack } from './parse-stack.ts';
import type { Breadcrumb, CaptureContext, ExceptionValue, Level, ReporterEvent, ReporterOptions, User } from './types.ts';
import { SDK_NAME, VERSION } from './version.ts';

let options: ReporterOptions | undefined;
let url = '';
let allow: Array<string | RegExp> = [];
let sent = 0;
let previous: string | undefined;
let quietUntil = 0;
let user: User | undefined;
const tags: Record<string, string> = {};
const breadcrumbs: Breadcrumb[] = [];

export function init(o: ReporterOptions): void {
  try {
    // Frame 0 is this function, frame 1 its caller: the script holding the reporter and the one that started it.
    // Both are the widget's, whether it bundles the reporter or loads it beside itself. (Not wrapped in a helper,
    // so that the caller stays frame 1.)
    const here = parseStack(new Error().stack).reverse();
    url = ingestUrl(o.dsn, VERSION);
    allow = o.allowUrls || here.slice(0, 2).map((f) => f.filename);
    if (!options) {
      addEventListener('error', (e) => report(e.error, 'onerror', e.message, e.filename, e.lineno, e.colno));
      addEventListener('unhandledrejection', (e) => report(e.reason, 'onunhandledrejection'));
      addEventListener('click', onClick, true);
    }
    options = o;
  } catch {}
}

/** An Error (or anything thrown) as a Sentry exception; `filename`/`lineno` stand in when there is no stack. */
export function exceptionOf(thrown: unknown, mechanism: string, handled: boolean, message?: string, filename?: string, lineno?: number, colno?: number): ExceptionValue {
  const e = Object(thrown) as Partial<Error>;
  const frames = parseStack(e.stack);
  if (!frames[0] && filename) frames.push({ filename, function: '?', lineno: lineno!, colno, in_app: true });
  const exception: ExceptionValue = {
    type: (typeof e.name == 'string' && e.name) || (mechanism == 'onunhandledrejection' ? 'UnhandledRejection' : 'Error'),
    value: String(e.message || message || thrown),
    mechanism: { type: mechanism, handled },
  };
  if (frames[0]) exception.stacktrace = { frames };
  return exception;
}

/** The page-wide handlers: only errors whose throwing frame is the widget's go out. */
function report(thrown: unknown, mechanism: string, message?: string, filename?: string, lineno?: number, colno?: number): void {
  try {
    const exception = exceptionOf(thrown, mechanism, false, message, filename, lineno, colno);
    const frames = exception.stacktrace?.frames || [];
    const top = frames[frames.length - 1]?.filename;
    if (top && allow.some((p) => (typeof p == 'string' ? top.includes(p) : p.test(top)))) send({ level: 'error', exception: { values: [exception] } });
  } catch {}
}

function onClick(e: Event): void {
  try {
    const el = e.target as Element;
    if (options?.root && el.closest(options.root)) {
      const classes = typeof el.className == 'string' && el.className.trim();
      addBreadcrumb({ category: 'ui.click', message: el.localName + (el.id ? '#' + el.id : '') + (classes ? '.' + classes.replace(/\s+/g, '.') : '') });
    }
  } catch {}
}

function send(partial: Pick<ReporterEvent, 'level'> & Partial<ReporterEvent>, context?: CaptureContext): string | undefined {
  const o = options;
  if (!o || sent >= (o.maxEvents ?? 30) || Date.now() < quietUntil || Math.random() >= (o.sampleRate ?? 1)) return;
  // The same error again and again (a render loop, a retry timer) is one report, as in the SDK's dedupe.
  const signature = JSON.stringify(partial.exception || partial.message);
  if (signature == previous) return;
  previous = signature;
  let event: ReporterEvent | null = {
    event_id: 'x'.repeat(32).replace(/x/g, () => ((Math.random() * 16) | 0).toString(16)),
    timestamp: Date.now() / 1e3,
    platform: 'javascript',
    release: o.release,
    environment: o.environment || 'production',
    sdk: { name: SDK_NAME, version: VERSION },
    request: { url: location.href, headers: { 'User-Agent': navigator.userAgent } },
    breadcrumbs: breadcrumbs.slice(),
    user,
    tags: { ...tags, ...context?.tags },
    extra: context?.extra,
    ...partial,
  };
  if (o.beforeSend) event = o.beforeSend(event);
  if (!event) return;
  sent++;
  const body = buildEnvelope(event);
  // keepalive lets the report outlive a page being closed, but browsers refuse keepalive bodies over 64 KiB.
  fetch(url, { method: 'POST', body, keepalive: body.length < 6e4 }).then((r) => {
    const seconds = backoffSeconds(r.status, (name) => r.headers.get(name));
    if (seconds) quietUntil = Date.now() + seconds * 1e3;
  }, () => {});
  const x = event.exception?.values[0];
  addBreadcrumb({ category: 'sentry.event', message: x ? `${x.type}: ${x.value}` : event.message });
  return event.event_id;
}

/** Calls `fn`, swallowing anything it throws: a bad argument from the widget must not break the host page. */
function safe<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args);
    } catch {}
  };
}

export const captureException = safe((thrown: unknown, context?: CaptureContext): string | undefined =>
  send({ level: 'error', exception: { values: [exceptionOf(thrown, 'generic', true)] } }, context),
);

export const captureMessage = safe((message: string, level: Level = 'info'): string | undefined => send({ level, message: String(message) }));

/** The rest only assign: nothing in them can throw. */

export function addBreadcrumb(breadcrumb: Breadcrumb): void {
  breadcrumbs.push({ timestamp: Date.now() / 1e3, ...breadcrumb });
  while (breadcrumbs.length > (options?.maxBreadcrumbs ?? 20)) breadcrumbs.shift();
}

export function setUser(u: User | null): void {
  user = u || undefined;
}

export function setTag(key: string, value: string): void {
  tags[key] = value;
}
