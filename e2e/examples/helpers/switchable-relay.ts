/**
 * @module A plain HTTP relay in front of Faultline on a port of its own, which a test can take down (connections
 * refused, as when Faultline's host is unreachable) and bring back on the same port. An app whose DSN is compiled
 * in (the dashboard's browser bundle) points at the relay, so one build serves both "up" and "down".
 *
 * With a `mirror`, every request also goes to a second Faultline (same projects and keys, another store), with
 * the API token swapped for the mirror's; the app gets the first one's answer once both have answered. So one build
 * and one browser run feed a SQLite and a PostgreSQL Faultline with the same bytes.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from '../../../scripts/free-port.ts';

export interface SwitchableRelay {
  url: string;
  /** Requests the mirror answered with a status other than the primary's, or failed: `METHOD path → status`. */
  mirrorMismatches: string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(target: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function startRelay(target: string, mirror?: { url: string; token: string; primaryToken: string }): Promise<SwitchableRelay> {
  const to = new URL(target);
  const port = await freePort();
  const sockets = new Set<Socket>();
  const mirrorMismatches: string[] = [];
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const method = req.method ?? 'GET';
          const path = req.url ?? '/';
          // The Host header stays the relay's, so URLs Faultline hands out (chunk uploads) point back here.
          const primary = send(to, method, path, req.headers, body);
          const second = mirror
            ? send(new URL(mirror.url), method, path, { ...req.headers, ...(req.headers.authorization ? { authorization: req.headers.authorization.replace(mirror.primaryToken, mirror.token) } : {}) }, body)
            : undefined;
          void Promise.allSettled([primary, second]).then(([a, b]) => {
            if (second && b) {
              const got = b.status === "fulfilled" ? b.value?.status : String(b.reason);
              const want = a.status === 'fulfilled' ? a.value.status : 'failed';
              if (got !== want) mirrorMismatches.push(`${method} ${path} → ${got} (primary ${want})`);
            }
            if (a.status === 'rejected') return res.destroy(a.reason as Error);
            const { 'transfer-encoding': _te, ...headers } = a.value.headers;
            res.writeHead(a.value.status, { ...headers, 'content-length': String(a.value.body.length) });
            res.end(a.value.body);
          });
        });
      });
      s.on('connection', (sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
      server = s;
    });

  const down = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>((r) => s.close(() => r()));
    // Kept-alive connections would otherwise still reach Faultline.
    for (const sock of sockets) sock.destroy();
    await closed;
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    mirrorMismatches,
    down,
    up: () => (server ? Promise.resolve() : listen()),
    close: down,
  };
}
