/**
 * @module One JSON POST with a hard time limit, turned into a `SendOutcome`. The connection goes only where the
 * `OutboundPolicy` allows: a literal host is checked first, a name is resolved by the policy's `lookup`, which
 * refuses non-public answers before the socket connects. Redirects are not followed (a redirected POST would
 * silently become a GET). What is recorded is a short status line and never the response body, and connection
 * failures of every kind (refused, reset, unknown host, no answer to the connect) read the same "connection
 * failed", so the delivery log can't be used to read internal services or to scan ports.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { failure, type SendContext, type SendOutcome } from './notifier.ts';
import { RefusedAddressError } from './outbound-policy.ts';

export const CONNECTION_FAILED = 'connection failed';

export function postJson(url: string, body: string, headers: Record<string, string>, ctx: Pick<SendContext, 'signal' | 'timeoutMs' | 'outbound'>): Promise<SendOutcome> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve(failure('not a valid URL', true));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.resolve(failure('not an http(s) URL', true));
  const refused = ctx.outbound.refuseLiteral(u);
  if (refused) return Promise.resolve(failure(refused, true));
  if (ctx.signal.aborted) return Promise.resolve(failure('aborted: the server is shutting down', false));

  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    let connected = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onShutdown);
      req.destroy();
      resolve(outcome);
    };
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    // No shared agent: every notification resolves (through the policy) and connects afresh.
    const req = send(u, {
      method: 'POST',
      agent: false,
      lookup: ctx.outbound.lookup,
      headers: { 'content-type': 'application/json', 'user-agent': 'Faultline', 'content-length': String(payload.length), ...headers },
    });
    const timer = setTimeout(() => finish(connected ? failure(`timed out after ${ctx.timeoutMs / 1000} s`, false) : failure(CONNECTION_FAILED, false)), ctx.timeoutMs);
    const onShutdown = () => finish(failure('aborted: the server is shutting down', false));
    ctx.signal.addEventListener('abort', onShutdown, { once: true });
    req.on('socket', (socket) => {
      const tls = u.protocol === 'https:';
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    req.on('error', (err) => finish(err instanceof RefusedAddressError ? failure(err.message, true) : failure(connected ? 'the connection broke before an answer' : CONNECTION_FAILED, false)));
    req.on('response', (res) => finish(outcomeOf(res)));
    req.end(payload);
  });
}

function outcomeOf(res: IncomingMessage): SendOutcome {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return { ok: true, responseCode: status, error: null, permanent: false };
  const location = clip(String(res.headers.location ?? '?'), 200);
  const error = status >= 300 && status < 400 ? `HTTP ${status}: redirected to ${location} (use that URL)` : `HTTP ${status}`;
  const permanent = status < 400 || (status < 500 && status !== 408 && status !== 429);
  const header = res.headers['retry-after'];
  return { ok: false, responseCode: status, error, permanent, retryAfterMs: retryAfter(typeof header === 'string' ? header : null) };
}

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function retryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
