/**
 * @module A customer's shop and the widget's CDN as two loopback origins, as in production: the shop page embeds
 * the widget's scripts cross-origin (`crossorigin="anonymous"` + `Access-Control-Allow-Origin`, without which the
 * browser hides the widget's errors behind "Script error."). Source maps are never served: Faultline must not
 * need them.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export const siteFile = (name: string) => readFileSync(new URL(`../site/${name}`, import.meta.url), 'utf8');

export interface CustomerSite {
  shopUrl: string;
  cdnUrl: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `cdn`: path → body of the widget's files; `scripts`: the paths the shop page embeds, in order. */
export async function startCustomerSite(opts: { cdn: Record<string, string>; scripts: string[] }): Promise<CustomerSite> {
  const cdn = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path.endsWith('.map') ? undefined : opts.cdn[path];
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }).end(body);
  });
  const cdnUrl = await listen(cdn);
  const embed = opts.scripts.map((p) => `<script src="${cdnUrl}${p}" crossorigin="anonymous"></script>`).join('\n    ');
  const shop = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(siteFile('index.html').replace(/<!-- __EMBED__.*-->/, embed));
    if (path === '/shop.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(siteFile('shop.js'));
    res.writeHead(404).end();
  });
  const shopUrl = await listen(shop);
  const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
  return { shopUrl, cdnUrl, close: async () => void (await Promise.all([close(cdn), close(shop)])) };
}
