/**
 * @module A loopback proxy in front of the test server that changes what `GET …/chunk-upload/` says, so the real
 * sentry-cli 2.x takes its older upload paths: `accept` without artifact bundles (→ `releases/{v}/assemble/`),
 * or no chunk upload at all (→ per-file `releases/{v}/files/` uploads). Everything else passes through.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChunkUploadMode = 'release_files_only' | 'no_chunk_upload';

export async function startRewritingProxy(target: string, mode: ChunkUploadMode): Promise<{ url: string; close(): Promise<void> }> {
  const t = new URL(target);
  const server = createServer((req, res) => {
    const isOptions = req.method === 'GET' && /\/chunk-upload\/?$/.test(req.url ?? '');
    if (isOptions && mode === 'no_chunk_upload') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found"}');
      return;
    }
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } }, (r) => {
      if (!isOptions) {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => {
        const options = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
        options.accept = ['release_files'];
        const body = JSON.stringify(options);
        res.writeHead(r.statusCode ?? 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}
