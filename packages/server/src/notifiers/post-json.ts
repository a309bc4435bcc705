/**
 * @module One JSON POST with a hard time limit, turned into a `SendOutcome`. Redirects are not followed (a
 * redirected POST silently becomes a GET in fetch); the first bytes of an error body are kept, since that is
 * where Slack and PagerDuty say what is wrong ("invalid_payload", "no_service").
 */
import type { SendContext, SendOutcome } from './notifier.ts';

const ERROR_BODY_BYTES = 512;

export async function postJson(url: string, body: string, headers: Record<string, string>, ctx: Pick<SendContext, 'signal' | 'timeoutMs'>): Promise<SendOutcome> {
  // An own timer, not AbortSignal.any([signal, AbortSignal.timeout()]): on Node 20 that combination was seen not
  // to fire, leaving the request to undici's 5-minute headers timeout (test/alert-notifiers.test.ts).
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, ctx.timeoutMs);
  const onShutdown = () => ctl.abort();
  ctx.signal.addEventListener('abort', onShutdown, { once: true });
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Faultline', ...headers },
      redirect: 'manual',
      signal: ctl.signal,
    });
    const text = await readStart(res);
    if (res.status >= 200 && res.status < 300) return { ok: true, responseCode: res.status, error: null, permanent: false };
    const location = res.headers.get('location');
    const error = res.status >= 300 && res.status < 400 ? `HTTP ${res.status}: redirected to ${location ?? '?'} (use that URL)` : `HTTP ${res.status}${text ? `: ${text}` : ''}`;
    const permanent = res.status < 400 || (res.status < 500 && res.status !== 408 && res.status !== 429);
    return { ok: false, responseCode: res.status, error, permanent, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  } catch (err) {
    const error = timedOut ? `timed out after ${ctx.timeoutMs / 1000} s` : ctx.signal.aborted ? 'aborted: the server is shutting down' : describeFetchError(err);
    return { ok: false, responseCode: null, error, permanent: false };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onShutdown);
  }
}

async function readStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8').trim();
}

function retryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeFetchError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? 'request failed'} (${cause})` : (e.message ?? String(err));
}
