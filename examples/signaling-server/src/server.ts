/**
 * @module A stand-in for the Ghost-Greeter signaling server (plain node:http instead of WebSockets), wired to
 * Faultline the way the real one should be. Its routes fail the ways a signaling server fails:
 *
 *   POST /offer   {room, peer, sdp?}  a malformed offer: a handled error, reported with the room as a tag
 *   POST /ice     {room}              a TURN allocation nobody awaits: an unhandled rejection
 *   POST /full    {room}              a room at capacity: a warning message
 *   POST /crash   {room}              a bug in a timer callback: an uncaught exception, the process exits (1)
 *   GET  /healthz
 *
 * PORT (default 8080; 0 picks a free one). Prints `listening on http://…` once it accepts connections.
 */
import './instrument.ts';
import * as Sentry from '@sentry/node';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

class SignalingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignalingError';
  }
}

interface SignalMessage {
  room?: string;
  peer?: string;
  sdp?: string;
}

function negotiate(msg: SignalMessage): void {
  if (!msg.sdp) throw new SignalingError(`missing SDP in offer from peer ${msg.peer} in room ${msg.room}`);
}

async function allocateTurn(room: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 5));
  throw new Error(`TURN allocation failed for room ${room}: 486 Allocation Quota Reached`);
}

const rooms = new Map<string, { peers: Set<string> }>();

function scheduleReconnect(room: string): void {
  setTimeout(() => {
    // The bug: the room may be gone by now. A TypeError nobody catches: the process goes down, its supervisor
    // restarts it.
    rooms.get(room)!.peers.clear();
  }, 10);
}

async function readJson(req: IncomingMessage): Promise<SignalMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as SignalMessage) : {};
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (req.method === 'GET' && path === '/healthz') return void res.end('ok\n');
  if (req.method !== 'POST') return void res.writeHead(405).end();
  const msg = await readJson(req);
  const room = msg.room ?? 'lobby';
  switch (path) {
    case '/offer':
      try {
        negotiate(msg);
        return void res.end('ok\n');
      } catch (err) {
        console.error(err);
        Sentry.withScope((scope) => {
          scope.setTag('room', room);
          scope.setUser({ id: msg.peer });
          Sentry.captureException(err);
        });
        return void res.writeHead(400).end(`${(err as Error).message}\n`);
      }
    case '/ice':
      void allocateTurn(room); // the bug: nobody awaits it, so its rejection is unhandled
      return void res.writeHead(202).end();
    case '/full':
      Sentry.captureMessage(`room ${room} is full (50 peers)`, 'warning');
      return void res.writeHead(409).end();
    case '/crash':
      scheduleReconnect(room);
      return void res.writeHead(202).end();
    default:
      res.writeHead(404).end();
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    Sentry.captureException(err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

// A deploy stops the server with SIGTERM: finish the events being built and hand them to the transport (which
// puts each on disk first) before exiting. Node's default would exit at once and drop them.
process.once('SIGTERM', () => {
  server.close();
  void Sentry.close(2000).finally(() => process.exit(0));
});
