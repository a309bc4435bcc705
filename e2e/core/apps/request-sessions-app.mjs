// A small HTTP server with the real @sentry/node in its default server mode: each incoming request is a session,
// sent as `sessions` aggregates. It serves N_OK healthy requests and N_ERRORED requests that capture a handled
// error, then closes the SDK (which flushes the aggregates) and exits.
import * as Sentry from '@sentry/node';
import http from 'node:http';

Sentry.init({ dsn: process.env.DSN, release: 'api@2.0.0', environment: 'production', tracesSampleRate: 0 });

const server = http.createServer((req, res) => {
  if (req.url === '/handled') Sentry.captureException(new Error('handled in a request'));
  res.end('ok');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const get = (path) => new Promise((resolve, reject) => http.get(`http://127.0.0.1:${port}${path}`, (res) => res.resume().on('end', resolve)).on('error', reject));
for (let i = 0; i < Number(process.env.N_OK ?? 3); i++) await get('/ok');
for (let i = 0; i < Number(process.env.N_ERRORED ?? 1); i++) await get('/handled');
await new Promise((r) => server.close(r));
await Sentry.close(5000);
