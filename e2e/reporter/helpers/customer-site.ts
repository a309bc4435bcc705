/**
 * @module A customer's shop and the widget's CDN as two loopback origins, as in production: the shop page embeds
 * reporter.min.js and widget.js cross-origin (`crossorigin="anonymous"` + `Access-Control-Allow-Origin`, without
 * which the browser hides the widget's errors behind "Script error.").
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const site = (name: string) => readFileSync(new URL(`../site/${name}`, import.meta.url), 'utf8');

export interface CustomerSite {
  shopUrl: string;
  cdnUrl: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startCustomerSite(opts: { dsn: string; reporterFile: string }): Promise<CustomerSite> {
  const cdn = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/reporter.min.js' ? readFileSync(opts.reporterFile, 'utf8') : path === '/widget.js' ? site('widget.js').replaceAll('__DSN__', opts.dsn) : null;
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }).end(body);
  });
  const cdnUrl = await listen(cdn);
  const shop = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(site('index.html').replaceAll('__CDN__', cdnUrl));
    if (path === '/shop.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(site('shop.js'));
    res.writeHead(404).end();
  });
  const shopUrl = await listen(shop);
  const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
  return { shopUrl, cdnUrl, close: async () => void (await Promise.all([close(cdn), close(shop)])) };
}
