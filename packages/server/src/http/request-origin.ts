/** @module Where a request came from: the client address and whether it arrived over https (directly or via a proxy). */
import type { Ctx } from './router.ts';

/**
 * The peer's address, or behind `--trust-proxy` the RIGHTMOST X-Forwarded-For entry: the one our own proxy
 * appended. Everything left of it was sent by the client and can be anything, so throttling by it is no throttling.
 */
export function clientAddress(ctx: Ctx): string {
  if (ctx.app.config.trustProxy) {
    const hops = String(ctx.req.headers['x-forwarded-for'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    if (hops.length > 0) return hops[hops.length - 1]!;
  }
  const addr = ctx.req.socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/**
 * True when the browser talks https to us. X-Forwarded-Proto is honoured even without trust-proxy: it can only add
 * the cookie's Secure flag, which at worst makes a spoofing client lose its own session.
 */
export function isHttps(ctx: Ctx): boolean {
  if ((ctx.req.socket as { encrypted?: boolean }).encrypted) return true;
  const proto = ctx.req.headers['x-forwarded-proto'];
  if (typeof proto === 'string' && proto.split(',')[0]!.trim().toLowerCase() === 'https') return true;
  return ctx.app.publicUrl.startsWith('https:');
}
