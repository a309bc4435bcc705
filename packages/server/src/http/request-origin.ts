/** @module Where a request came from: the client address and whether it arrived over https (directly or via a proxy). */
import type { Ctx } from './router.ts';

export function clientAddress(ctx: Ctx): string {
  if (ctx.app.config.trustProxy) {
    const fwd = ctx.req.headers['x-forwarded-for'];
    if (typeof fwd === 'string' && fwd.trim()) return fwd.split(',')[0]!.trim();
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
