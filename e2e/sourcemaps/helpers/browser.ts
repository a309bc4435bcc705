/**
 * @module Serves a built app over HTTP and drives it in Debian's Chromium (playwright-core), clicking the buttons
 * that throw. The page reports straight to the test server through @sentry/browser.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (index.html + dist/) on a loopback port. Source maps are deliberately not served: Faultline must not need them. */
export async function serveStatic(root: string): Promise<StaticSite> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      if (path.endsWith('.map')) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(join(root, path === '/' ? 'index.html' : path));
        res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Opens the page, clicks each button, and waits until the SDK's requests to the ingest URL have completed. */
export async function clickThrough(browser: Browser, pageUrl: string, ingestOrigin: string, buttons: string[]): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl);
    for (const id of buttons) {
      const sent = page.waitForResponse((r) => r.url().startsWith(ingestOrigin) && r.url().includes('/envelope/'), { timeout: 15_000 });
      await page.click(`#${id}`);
      await sent;
    }
  } finally {
    await page.close();
  }
}
