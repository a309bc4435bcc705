/**
 * @module A keep-alive HTTP client with a fixed number of connections. undici's Pool when it is installed (it is
 * cheaper per request than node:http, which matters when the generator shares 2 cores with the server); node:http
 * with a keep-alive Agent otherwise. undici is loaded by a computed specifier so the bench does not depend on it.
 */
import http from 'node:http';

export interface SendResult {
  status: number; // 0 = network error or timeout
  error?: string;
}

export interface HttpClient {
  name: string;
  send(path: string, headers: Record<string, string>, body: Buffer): Promise<SendResult>;
  close(): Promise<void>;
}

interface UndiciPool {
  request(opts: { path: string; method: string; headers: Record<string, string>; body: Buffer; headersTimeout: number; bodyTimeout: number }): Promise<{ statusCode: number; body: { dump(): Promise<void> } }>;
  close(): Promise<void>;
}
interface UndiciModule {
  Pool: new (origin: string, opts: { connections: number; pipelining: number; keepAliveTimeout: number }) => UndiciPool;
}

const TIMEOUT_MS = 30_000;

export type ClientChoice = 'undici' | 'node-http';

export async function createClient(origin: string, connections: number, choice: ClientChoice = 'undici'): Promise<HttpClient> {
  const specifier = 'undici';
  let undici: UndiciModule | null = null;
  if (choice === 'undici') {
    try {
      undici = (await import(specifier)) as UndiciModule;
    } catch {
      undici = null;
    }
  }
  if (undici) {
    const pool = new undici.Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    return {
      name: 'undici.Pool',
      async send(path, headers, body) {
        try {
          const res = await pool.request({ path, method: 'POST', headers, body, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
          await res.body.dump();
          return { status: res.statusCode };
        } catch (err) {
          return { status: 0, error: (err as { code?: string }).code ?? (err as Error).message };
        }
      },
      close: () => pool.close(),
    };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const url = new URL(origin);
  return {
    name: 'node:http Agent',
    send(path, headers, body) {
      return new Promise<SendResult>((resolve) => {
        const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: TIMEOUT_MS }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', (err) => resolve({ status: 0, error: err.message }));
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (err) => resolve({ status: 0, error: (err as { code?: string }).code ?? err.message }));
        req.end(body);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}
