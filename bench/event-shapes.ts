/**
 * @module Envelope bodies shaped like the captured SDK 11.12.0 traffic (fixtures/): the fixture
 * events are the base objects, and each synthetic issue swaps in its own exception types, values, function names and
 * file names, so grouping yields one hash per issue while the rest of the event keeps the real SDK's fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intBetween, pick } from './random.ts';

/** Written where an envelope's id goes; the generator overwrites it with a fresh id per request. */
export const ID_MARKER = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';

type Json = Record<string, unknown>;
type Rng = () => number;

export interface Fixtures {
  nodeError: Json; // node/04: a SignalingError with a TypeError cause
  nodeMessage: Json; // node/03: captureMessage with attachStacktrace
  nodeHeader: Json;
  browserError: Json; // browser/04: a TypeError from a click handler, breadcrumbs, request headers
  browserRejection: Json; // browser/05: an unhandled rejection
  browserHeader: Json;
  nodeSession: Json;
  browserSession: Json;
}

function payloadOf(dir: string, file: string, line = 2): Json {
  return JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n')[line]!) as Json;
}

export function loadFixtures(dir: string): Fixtures {
  return {
    nodeError: payloadOf(dir, 'node/04-event.envelope'),
    nodeMessage: payloadOf(dir, 'node/03-event.envelope'),
    nodeHeader: payloadOf(dir, 'node/04-event.envelope', 0),
    browserError: payloadOf(dir, 'browser/04-event.envelope'),
    browserRejection: payloadOf(dir, 'browser/05-event.envelope'),
    browserHeader: payloadOf(dir, 'browser/04-event.envelope', 0),
    nodeSession: payloadOf(dir, 'node/02-session.envelope'),
    browserSession: payloadOf(dir, 'browser/01-session.envelope'),
  };
}

const VERBS = ['negotiate', 'handle', 'relay', 'accept', 'reject', 'join', 'leave', 'forward', 'publish', 'subscribe', 'refresh', 'resolve', 'restart', 'validate', 'decode', 'encode', 'schedule', 'notify', 'connect', 'close', 'authorize', 'persist', 'load', 'sync', 'route', 'dispatch', 'parse', 'serialize', 'retry', 'transfer'];
const NOUNS = ['Offer', 'Answer', 'Candidate', 'Room', 'Peer', 'Session', 'Token', 'Credential', 'Track', 'Stream', 'Channel', 'Message', 'Socket', 'Agent', 'Visitor', 'Call', 'Queue', 'Transcript', 'Recording', 'Widget', 'Tenant', 'Invite', 'Presence', 'Heartbeat', 'Codec', 'Route', 'Bridge', 'Lease', 'Webhook', 'Quota'];
const AREAS = ['rooms', 'turn', 'auth', 'billing', 'presence', 'media', 'routing', 'admin'];
const PROPS = ['sdp', 'visitor', 'id', 'length', 'type', 'candidate', 'room', 'token', 'stream', 'tracks', 'state', 'agentId', 'payload', 'expiresAt', 'codec'];
const NODE_ERRORS = ['SignalingError', 'RoomError', 'TurnError', 'AuthError', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'QuotaExceededError', 'TimeoutError'];
const FAILURES = ['not found', 'expired', 'missing', 'rejected', 'timed out', 'already closed', 'out of range', 'not allowed'];
const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36 Edg/155.0.0.0',
];
export const NODE_RELEASES = ['signaling@1.4.0', 'signaling@1.4.1', 'signaling@1.4.2'];
export const BROWSER_RELEASES = ['dashboard@1.9.3', 'dashboard@2.0.0'];

const clone = <T>(x: T): T => structuredClone(x);
const kebab = (s: string) => s.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase());

/** What makes an issue an issue: fixed per issue index, whatever size variant carries it. */
export interface IssueShape {
  platform: 'node' | 'browser';
  exception: Json; // the `exception` (or message) fields
  extra: Json; // level, message, mechanism-dependent bits
  culprit: string;
}

/** Issue i gets a top in-app frame (function, file) no other issue has: 30 verbs × 30 nouns × 8 areas. */
function topFrameNames(i: number): { verb: string; noun: string; area: string } {
  return { verb: VERBS[i % VERBS.length]!, noun: NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]!, area: AREAS[Math.floor(i / (VERBS.length * NOUNS.length)) % AREAS.length]! };
}

function codeLine(rng: Rng): string {
  const v = pick(rng, VERBS);
  const n = pick(rng, NOUNS);
  return pick(rng, [
    `  const ${n.toLowerCase()} = await ${v}${n}(ctx, msg.${pick(rng, PROPS)});`,
    `  if (!${n.toLowerCase()}.${pick(rng, PROPS)}) throw new ${pick(rng, NODE_ERRORS)}('${n.toLowerCase()} ${pick(rng, FAILURES)}', { cause: err });`,
    `  log.debug({ room: ctx.room, peer: ctx.peer }, '${v} ${n.toLowerCase()}');`,
    `  for (const peer of room.peers.values()) peer.send(JSON.stringify({ type: '${v}', ${pick(rng, PROPS)} }));`,
    `  return ${v}${n}(${n.toLowerCase()}, { timeoutMs: ${intBetween(rng, 1, 30) * 100} });`,
    `}`,
    ``,
  ]);
}

function nodeFrame(rng: Rng, fn: string, file: string): Json {
  const lineno = intBetween(rng, 5, 400);
  return {
    filename: file,
    module: file.replace(/^.*\/src\//, '').replace(/\.mjs$/, '').replace(/\//g, ':'),
    function: fn,
    lineno,
    colno: intBetween(rng, 3, 80),
    in_app: true,
    pre_context: Array.from({ length: 5 }, () => codeLine(rng)),
    context_line: codeLine(rng),
    post_context: Array.from({ length: 5 }, () => codeLine(rng)),
  };
}

const NODE_RUNTIME_FRAMES: Json[] = [
  { filename: 'node:internal/process/task_queues', module: 'task_queues', function: 'process.processTicksAndRejections', lineno: 95, colno: 5, in_app: false },
  { filename: '/srv/signaling/node_modules/ws/lib/event-target.js', module: 'ws.lib:event-target', function: 'WebSocket.onMessage', lineno: 220, colno: 18, in_app: false },
  { filename: '/srv/signaling/node_modules/ws/lib/websocket.js', module: 'ws.lib:websocket', function: 'Receiver.receiverOnMessage', lineno: 1220, colno: 20, in_app: false },
];

export function nodeIssue(fx: Fixtures, rng: Rng, i: number): IssueShape {
  const { verb, noun, area } = topFrameNames(i);
  const topFn = `${verb}${noun}`;
  const topFile = `/srv/signaling/src/${area}/${kebab(noun)}.mjs`;
  const callers = Array.from({ length: intBetween(rng, 1, 4) }, () => {
    const v = pick(rng, VERBS);
    const n = pick(rng, NOUNS);
    return nodeFrame(rng, `${v}${n}`, `/srv/signaling/src/${pick(rng, AREAS)}/${kebab(n)}.mjs`);
  });
  // Sentry orders frames oldest call first; the frame that threw is last.
  const frames = [...clone(NODE_RUNTIME_FRAMES).slice(0, intBetween(rng, 1, 3)), nodeFrame(rng, 'handleMessage', '/srv/signaling/src/server.mjs'), ...callers, nodeFrame(rng, topFn, topFile)];
  if (i % 20 === 7) {
    // ~5 % of node issues are captureMessage with attachStacktrace (node/03): grouped by the in-app stack too.
    const text = `${noun} ${pick(rng, FAILURES)} in ${area} while trying to ${verb}`;
    const base = fx.nodeMessage;
    const values = clone((base.exception as { values: Json[] }).values);
    values[0]!.value = text;
    (values[0]!.stacktrace as Json).frames = frames;
    return { platform: 'node', exception: { values }, extra: { level: 'warning', message: text }, culprit: topFn };
  }
  const outerType = pick(rng, NODE_ERRORS);
  const outer: Json = {
    type: outerType,
    value: `${noun.toLowerCase()} ${pick(rng, FAILURES)} (${area})`,
    stacktrace: { frames },
    mechanism: { handled: i % 9 !== 0, type: 'generic', exception_id: 0 },
  };
  if (i % 5 < 2) return { platform: 'node', exception: { values: [outer] }, extra: { level: 'error' }, culprit: topFn };
  // A `cause` chain like node/04: the cause first, with one more frame at the top.
  const causeFrames = [...clone(frames), nodeFrame(rng, `${pick(rng, VERBS)}${pick(rng, NOUNS)}`, `/srv/signaling/src/${area}/store.mjs`)];
  const cause: Json = {
    type: 'TypeError',
    value: `Cannot read properties of ${pick(rng, ['undefined', 'null'])} (reading '${pick(rng, PROPS)}')`,
    stacktrace: { frames: causeFrames },
    mechanism: { handled: true, type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 },
  };
  return { platform: 'node', exception: { values: [cause, outer] }, extra: { level: 'error' }, culprit: topFn };
}

const COMPONENTS = ['CallPanel', 'VisitorList', 'AgentStatus', 'ChatWindow', 'TranscriptView', 'RecordingPlayer', 'WidgetSettings', 'TeamPage', 'BillingForm', 'InviteDialog', 'PresenceBadge', 'DeviceCheck', 'Dialer', 'QueueBoard', 'RoutingRules', 'Sidebar', 'Notifications', 'LoginForm', 'ReportsChart', 'HistoryTable', 'TagEditor', 'Search', 'Profile', 'ApiKeys', 'Webhooks', 'AudioMeter', 'VideoTile', 'ScreenShare', 'Feedback', 'Onboarding'];
const HANDLERS = ['onClick', 'onAccept', 'onReject', 'onSubmit', 'onChange', 'onMessage', 'onTrack', 'onConnect', 'onClose', 'onLoad', 'render', 'componentDidMount', 'useEffect', 'onKeyDown', 'onDrop', 'onResize', 'onScroll', 'onTimer', 'onBlur', 'onFocus', 'onSelect', 'onToggle', 'onRetry', 'onHangup', 'onMute', 'onHold', 'onTransfer', 'onRecord', 'onPause', 'onResume'];
const CHUNKS = ['app', 'calls', 'settings', 'reports', 'vendor-ui', 'agents', 'widget-admin', 'billing'];

function chunkUrl(chunk: string): string {
  return `http://127.0.0.1:9999/dist/${chunk}.js`;
}

export function browserIssue(fx: Fixtures, rng: Rng, i: number): IssueShape {
  const component = COMPONENTS[i % COMPONENTS.length]!;
  const handler = HANDLERS[Math.floor(i / COMPONENTS.length) % HANDLERS.length]!;
  const chunk = CHUNKS[Math.floor(i / (COMPONENTS.length * HANDLERS.length)) % CHUNKS.length]!;
  const rejection = i % 6 === 5;
  const base = rejection ? fx.browserRejection : fx.browserError;
  const values = clone((base.exception as { values: Json[] }).values);
  const ex = values[0]!;
  const frame = (fn: string, ch: string): Json => ({ filename: chunkUrl(ch), function: fn, in_app: true, lineno: intBetween(rng, 1, 40), colno: intBetween(rng, 10, 90000) });
  const callers = Array.from({ length: intBetween(rng, 1, 5) }, () => frame(`${pick(rng, COMPONENTS)}.${pick(rng, HANDLERS)}`, pick(rng, CHUNKS)));
  // JS grouping keeps only the last segment of a dotted function name, so the issue's own name is not dotted.
  const top = `${handler}${component}`;
  ex.stacktrace = { frames: [frame('HTMLButtonElement.r', 'vendor-ui'), ...callers, frame(top, chunk)] };
  if (rejection) {
    ex.type = 'Error';
    ex.value = `${component} request failed: ${pick(rng, [500, 502, 503, 504])} from ${pick(rng, ['signaling', 'api', 'billing'])}`;
  } else if (i % 4 === 3) {
    ex.type = pick(rng, ['ReferenceError', 'RangeError', 'Error']);
    ex.value = `${handler.replace(/^on/, '').toLowerCase()} ${pick(rng, FAILURES)} in ${component}`;
  } else {
    ex.type = 'TypeError';
    ex.value = pick(rng, [
      `Cannot read properties of ${pick(rng, ['null', 'undefined'])} (reading '${pick(rng, PROPS)}')`,
      `${pick(rng, PROPS)}.${pick(rng, VERBS)} is not a function`,
    ]);
  }
  return { platform: 'browser', exception: { values }, extra: { level: 'error', chunk, component }, culprit: top };
}

function nodeCrumb(rng: Rng, ts: number): Json {
  const n = pick(rng, NOUNS).toLowerCase();
  return pick(rng, [
    () => ({ timestamp: ts, category: 'ws', message: `peer ${pick(rng, ['joined', 'left', 'renegotiated'])}`, data: { peer: `p-${intBetween(rng, 1, 999)}`, room: `lobby-${intBetween(rng, 1, 50)}` } }),
    () => ({ timestamp: ts, type: 'http', category: 'http', data: { 'http.method': pick(rng, ['GET', 'POST']), url: `https://turn.example.com/v1/${n}s/${intBetween(rng, 1, 99999)}`, status_code: pick(rng, [200, 200, 201, 404, 503]), 'http.query': `room=lobby-${intBetween(rng, 1, 50)}` } }),
    () => ({ timestamp: ts, category: 'console', level: 'log', message: `${n} ${pick(rng, VERBS)}ed for room lobby-${intBetween(rng, 1, 50)}: ${intBetween(rng, 1, 12)} peers, ice state ${pick(rng, ['checking', 'connected', 'failed'])}` }),
    () => ({ timestamp: ts, category: 'query', message: `SELECT id, room_id, peer_id, state FROM ${n}s WHERE room_id = $1 AND state <> 'closed'`, data: { 'db.system': 'postgresql' } }),
  ])();
}

function browserCrumb(rng: Rng, ts: number): Json {
  const c = pick(rng, COMPONENTS);
  return pick(rng, [
    () => ({ timestamp: ts, category: 'ui.click', message: `body > div#root > div.${kebab(c)} > button#${pick(rng, ['accept', 'reject', 'mute', 'save', 'close'])}` }),
    () => ({ timestamp: ts, category: 'console', data: { arguments: [`${c} ${pick(rng, HANDLERS)}`, intBetween(rng, 1, 99)], logger: 'console' }, level: 'log', message: `${c} ${pick(rng, HANDLERS)} ${intBetween(rng, 1, 99)}` }),
    () => ({ timestamp: ts, type: 'http', category: 'fetch', data: { method: pick(rng, ['GET', 'POST', 'PUT']), url: `/api/${kebab(c)}s/${intBetween(rng, 1, 99999)}?include=agents,visitors`, status_code: pick(rng, [200, 200, 204, 401, 500]), __span: `${intBetween(rng, 1e6, 9e6)}abcdef12` } }),
    () => ({ timestamp: ts, category: 'navigation', data: { from: `/${kebab(pick(rng, COMPONENTS))}`, to: `/${kebab(c)}/${intBetween(rng, 1, 999)}` } }),
  ])();
}

export interface SizedEvent {
  header: Json;
  payload: Json;
}

/**
 * One size variant of an issue: the fixture event with the issue's exception, a user, tags, a release, and
 * breadcrumbs (then `modules` for node, `extra` for browser) until the envelope is about `targetBytes`.
 */
export function buildEvent(fx: Fixtures, shape: IssueShape, rng: Rng, targetBytes: number, nowSec: number, publicKey: string): SizedEvent {
  const node = shape.platform === 'node';
  const base = clone(node ? fx.nodeError : fx.browserError);
  const header = clone(node ? fx.nodeHeader : fx.browserHeader);
  const release = pick(rng, node ? NODE_RELEASES : BROWSER_RELEASES);
  const environment = rng() < 0.85 ? 'production' : 'staging';
  const traceId = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  header.event_id = ID_MARKER;
  header.sent_at = new Date(nowSec * 1000).toISOString();
  header.trace = { ...(header.trace as Json), environment, release, public_key: publicKey, trace_id: traceId };
  const p: Json = base;
  delete p.message;
  p.event_id = ID_MARKER;
  p.exception = clone(shape.exception);
  Object.assign(p, { level: shape.extra.level });
  if (typeof shape.extra.message === 'string') p.message = shape.extra.message;
  p.timestamp = nowSec;
  p.release = release;
  p.environment = environment;
  (p.contexts as Json).trace = { trace_id: traceId, span_id: traceId.slice(0, 16) };
  const uid = intBetween(rng, 1, 500);
  if (node) {
    p.user = { id: `agent-${uid}`, email: `agent${uid}@example.com`, ip_address: `203.0.113.${uid % 250}` };
    p.tags = { room: `lobby-${intBetween(rng, 1, 50)}`, region: pick(rng, ['eu-west-1', 'us-east-1']) };
  } else {
    const ua = pick(rng, USER_AGENTS);
    p.user = { id: `admin-${uid}`, email: `admin${uid}@example.com` };
    p.request = { url: `http://127.0.0.1:9999/${kebab(pick(rng, COMPONENTS))}`, headers: { 'User-Agent': ua, Referer: 'http://127.0.0.1:9999/' } };
    p.tags = { replayId: traceId };
    p.debug_meta = { images: [{ type: 'sourcemap', code_file: chunkUrl(String(shape.extra.chunk)), debug_id: `501739e4-32ae-55df-afa2-${traceId.slice(0, 12)}` }] };
    p.transaction = `/${kebab(String(shape.extra.component))}`;
  }
  const crumbs: Json[] = [];
  p.breadcrumbs = crumbs;
  let size = Buffer.byteLength(JSON.stringify(header)) + 20 + Buffer.byteLength(JSON.stringify(p));
  while (size < targetBytes && crumbs.length < 100) {
    const c = (node ? nodeCrumb : browserCrumb)(rng, Math.round((nowSec - (100 - crumbs.length) * 0.37) * 1000) / 1000);
    crumbs.push(c);
    size += Buffer.byteLength(JSON.stringify(c)) + 1;
  }
  const bag: Json = node ? ((p.modules as Json) ??= {}) : ((p.extra as Json) ??= {});
  for (let k = 0; size < targetBytes; k++) {
    const key = node ? `@ghost-greeter/${pick(rng, VERBS)}-${kebab(pick(rng, NOUNS))}-${k}` : `state.${kebab(pick(rng, COMPONENTS))}.${k}`;
    const value = node ? `^${intBetween(rng, 0, 9)}.${intBetween(rng, 0, 40)}.${intBetween(rng, 0, 20)}` : `${pick(rng, VERBS)} ${pick(rng, NOUNS)} ${intBetween(rng, 1, 1e6)}`;
    bag[key] = value;
    size += key.length + value.length + 6;
  }
  return { header, payload: p };
}

export function sessionPayload(fx: Fixtures, rng: Rng, node: boolean, nowSec: number): { header: Json; item: Json; payload: Json } {
  const s = clone(node ? fx.nodeSession : fx.browserSession);
  const started = new Date((nowSec - rng() * 600) * 1000).toISOString();
  const status = pick(rng, ['ok', 'ok', 'exited', 'errored']);
  const attrs: Json = { ...(s.attrs as Json), release: pick(rng, node ? NODE_RELEASES : BROWSER_RELEASES) };
  if (!node) attrs.user_agent = pick(rng, USER_AGENTS);
  return {
    header: { sent_at: new Date(nowSec * 1000).toISOString(), sdk: { name: `sentry.javascript.${node ? 'node' : 'browser'}`, version: '11.12.0' } },
    item: { type: 'session' },
    payload: { ...s, sid: ID_MARKER, init: rng() < 0.5, started, timestamp: new Date(nowSec * 1000).toISOString(), status, errors: status === 'errored' ? 1 : 0, did: `${node ? 'agent' : 'admin'}-${intBetween(rng, 1, 500)}`, attrs },
  };
}

export function clientReportPayload(rng: Rng, node: boolean, nowSec: number): { header: Json; item: Json; payload: Json } {
  return {
    header: { sent_at: new Date(nowSec * 1000).toISOString(), sdk: { name: `sentry.javascript.${node ? 'node' : 'browser'}`, version: '11.12.0' } },
    item: { type: 'client_report' },
    payload: {
      timestamp: nowSec,
      discarded_events: [
        { reason: pick(rng, ['sample_rate', 'ratelimit_backoff', 'queue_overflow', 'network_error']), category: pick(rng, ['transaction', 'span', 'error', 'replay']), quantity: intBetween(rng, 1, 40) },
        { reason: 'before_send', category: 'error', quantity: intBetween(rng, 1, 3) },
      ],
    },
  };
}
