// A request handler traced with the real @sentry/node (SDK 11: streamed spans, v2 span containers): a server
// span with a nested db span and a query span inside it, and an error captured in the handler. Prints the ids.
// With SENTRY_TRACE (a `sentry-trace` header value) the handler continues that trace, as behind a traced browser.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.DSN, release: 'signaling@2.0.0', environment: 'production', tracesSampleRate: 1.0 });
Sentry.setUser({ id: 'u-7', email: 'ada@example.com' });

const ids = {};
const handle = (fn) => (process.env.SENTRY_TRACE ? Sentry.continueTrace({ sentryTrace: process.env.SENTRY_TRACE, baggage: undefined }, fn) : fn());
await handle(() => Sentry.startSpan({ name: 'GET /rooms/:id', op: 'http.server', attributes: { 'http.request.method': 'GET', 'auth.token': 'sk_live_secret' } }, async (root) => {
  ids.traceId = root.spanContext().traceId;
  ids.rootSpanId = root.spanContext().spanId;
  await Sentry.startSpan({ name: 'load room', op: 'db' }, async (db) => {
    ids.dbSpanId = db.spanContext().spanId;
    await Sentry.startSpan({ name: 'SELECT * FROM rooms WHERE id = $1', op: 'db.query' }, async (q) => {
      ids.querySpanId = q.spanContext().spanId;
      await new Promise((r) => setTimeout(r, 5));
      try {
        throw new Error('room 3 is full');
      } catch (err) {
        ids.errorEventId = Sentry.captureException(err);
      }
    });
  });
}));
await Sentry.flush(5000);
process.stdout.write(JSON.stringify(ids));
